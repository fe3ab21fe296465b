#!/usr/bin/env python3
"""Runs one chapter's checks, prints a line per test, and ends with `N passed, N failed`.

Three kinds of check, each counted per test:
  --host BIN          a program built for the host; prints `test NAME ... [ok]` lines
  --fuzz BIN          a libFuzzer target, run for --fuzz-runs inputs: one test
  --script FILE       a Python check that boots the kernel and observes it from outside
  --test-kernel ISO   a test kernel: results on serial, verdict through isa-debug-exit

Every test program (host or kernel) speaks the same protocol on its output:
  running N tests                  optional, lets a crash count the tests it cut short
  test NAME ... [ok]               or [failed], with the reason on following lines, or
                                   [expected failure]: failed, and was expected to
  test result: ok. P passed; F failed; X failed as expected
                                   optional: the program's own count, checked too
A test's own output may come between `test NAME ... ` and its result; the result may
then be on a later line, which repeats `test NAME ... `.

A test kernel passes when its run ends the way it declares in a `harness:` line in its
source (see kernel_options): by default with success after every test it announced.
"""
import argparse
import collections
import concurrent.futures
import glob
import io
import importlib.util
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import Machine, QemuError  # noqa: E402

TEST_LINE = re.compile(r"^test (.+?) \.\.\. .*\[(ok|failed|expected failure)\]\s*$")
RUNNING_LINE = re.compile(r"^running (\d+) tests?")
SUMMARY_LINE = re.compile(r"^test result: \w+\. (\d+) passed; (\d+) failed; "
                          r"(\d+) failed as expected")
HOST_TIMEOUT = 60
DECLARED_OUTPUT_SHOWN = 20  # lines of a declared failure's output worth reading
CHATTER_SHOWN = 30          # lines in a row of a test's own output, before "... and N more"
DEFAULT_KERNEL_TIMEOUT = 10.0

# What a `harness:` line may set, and what each expected outcome means.
OUTCOMES = {
    "pass": "success, after every test it announced",
    "failure": "the kernel reporting failure",
    "reset": "a CPU reset (triple fault)",
    "hang": "no verdict before the timeout",
}


class UsageError(Exception):
    """A setting the harness cannot use: printed as one line, never as a traceback."""


def kernel_timeout():
    """TEST_TIMEOUT from the environment: seconds a test kernel may run (default 10)."""
    text = os.environ.get("TEST_TIMEOUT", "")
    if not text:
        return DEFAULT_KERNEL_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not value > 0:
        raise UsageError(f"TEST_TIMEOUT must be a number of seconds above 0, not {text!r}")
    return value


class Tally:
    """Counts passed and failed tests, and expected failures apart from both."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.expected_failures = 0

    def record(self, name, ok, detail=""):
        print(f"test {name} ... [{'ok' if ok else 'failed'}]", flush=True)
        if not ok and detail:
            print("    " + str(detail).replace("\n", "\n    "), flush=True)
        self.add(ok)

    def add(self, ok, count=1):
        if ok:
            self.passed += count
        else:
            self.failed += count

    def merge(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.expected_failures += other.expected_failures


class PerThreadOutput:
    """sys.stdout while checks run side by side: what a worker thread prints goes to
    that thread's own buffer, to be printed whole, in order, when its check is done."""

    def __init__(self, real):
        self.real = real
        self.local = threading.local()

    def write(self, text):
        return getattr(self.local, "buffer", self.real).write(text)

    def flush(self):
        getattr(self.local, "buffer", self.real).flush()


def run_in_parallel(checks, jobs):
    """Run each check (a function of a Tally) on up to `jobs` threads. Their output
    comes out in the order of `checks`, each check's in one piece; returns the tally
    of them all."""
    output = PerThreadOutput(sys.stdout)
    sys.stdout = output

    def run(check):
        output.local.buffer = io.StringIO()
        tally = Tally()
        check(tally)
        return output.local.buffer.getvalue(), tally

    total = Tally()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for text, tally in pool.map(run, checks):
                output.real.write(text)
                output.real.flush()
                total.merge(tally)
    finally:
        sys.stdout = output.real
    return total


class OutputCounter:
    """Reads the shared test protocol from a stream of lines and echoes them: every
    protocol line, and of a test's own output the first CHATTER_SHOWN lines in a row.
    Given `shown` (for a kernel that fails a thousand times on purpose), only the first
    `shown` lines and the last few. end() prints what was held back, counted."""

    def __init__(self, echo=True, shown=None):
        self.echo = echo
        self.shown = shown
        self.lines_seen = 0
        self.tail = collections.deque(maxlen=shown // 4 if shown else 0)
        self.chatter = 0            # lines of output in a row that were not protocol
        self.chatter_hidden = 0
        self.announced = None
        self.passed = 0
        self.failed = 0
        self.expected_failures = 0
        self.summary = None  # (passed, failed, expected failures) as the program said
        self.last_line = ""

    def feed(self, line):
        self.lines_seen += 1
        self._echo(line, RUNNING_LINE.match(line) or TEST_LINE.match(line) or
                   SUMMARY_LINE.match(line) or line.startswith("test "))
        if line.strip():
            self.last_line = line.strip()
        if m := RUNNING_LINE.match(line):
            self.announced = int(m.group(1))
        elif m := TEST_LINE.match(line):
            result = m.group(2)
            if result == "ok":
                self.passed += 1
            elif result == "failed":
                self.failed += 1
            else:
                self.expected_failures += 1
        elif m := SUMMARY_LINE.match(line):
            self.summary = tuple(int(n) for n in m.groups())

    def _echo(self, line, is_protocol):
        if not self.echo:
            return
        if self.shown is not None:
            if self.lines_seen <= self.shown:
                print("  " + line, flush=True)
            else:
                self.tail.append(line)
            return
        if is_protocol:
            self._flush_chatter()
            self.chatter = 0
            print("  " + line, flush=True)
        elif self.chatter < CHATTER_SHOWN:
            self.chatter += 1
            print("  " + line, flush=True)
        else:
            self.chatter_hidden += 1

    def _flush_chatter(self):
        if self.chatter_hidden:
            print(f"  ... and {self.chatter_hidden} more lines of output", flush=True)
            self.chatter_hidden = 0

    def end(self):
        """Print what feed held back: how many lines, and the last of them."""
        self._flush_chatter()
        hidden = self.lines_seen - self.shown - len(self.tail) if self.shown else 0
        if self.echo and hidden > 0:
            print(f"  ... {hidden} more lines ...", flush=True)
        for line in self.tail:
            print("  " + line, flush=True)
        self.tail.clear()

    @property
    def finished(self):
        return self.passed + self.failed + self.expected_failures

    def inconsistency(self):
        """Why the lines do not add up, or "" if they do."""
        counted = (self.passed, self.failed, self.expected_failures)
        if self.summary and self.summary != counted:
            return (f"the program's own count ({self.summary[0]} passed, {self.summary[1]} "
                    f"failed, {self.summary[2]} failed as expected) does not match its "
                    f"test lines ({counted[0]}, {counted[1]}, {counted[2]})")
        if self.announced is not None and self.finished < self.announced:
            return (f"only {self.finished} of the {self.announced} announced tests "
                    f"finished; the last line was {self.last_line!r}")
        if self.announced is not None and self.finished > self.announced:
            return (f"{self.finished} results for {self.announced} announced tests: "
                    f"some test ran more than once (a broken return into the runner?)")
        return ""

    def settle(self, tally, verdict_ok, reason):
        """Add this program's counts to the tally. A bad verdict fails at least one
        test; tests announced but never finished count as failed too."""
        failed = self.failed
        if self.announced is not None:
            # Never more failures than tests: a runner gone wrong can repeat a line.
            failed = min(max(failed, self.announced - self.passed - self.expected_failures),
                         max(self.announced - self.passed - self.expected_failures, 1))
        if not verdict_ok:
            failed = max(failed, 1)
            print(f"  FAILED: {reason}", flush=True)
        tally.add(True, self.passed)
        tally.add(False, failed)
        tally.expected_failures += self.expected_failures


def run_fuzz_target(binary, runs, tally):
    """Run a libFuzzer target for a fixed number of inputs from a fixed seed, so that a
    check is repeatable; `make fuzz` runs it for longer, from a corpus."""
    name = "fuzz_" + os.path.basename(binary)
    print(f"== fuzz target: {binary} ({runs} inputs, seed 1)", flush=True)
    try:
        # A failing input is saved next to the binary, never in the chapter's sources.
        artifacts = os.path.join(os.path.dirname(binary), "")
        proc = subprocess.run([binary, f"-runs={runs}", "-seed=1",
                               f"-artifact_prefix={artifacts}"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=HOST_TIMEOUT)
    except subprocess.TimeoutExpired:
        tally.record(name, False, f"still running after {HOST_TIMEOUT} s")
        return
    done = re.search(r"Done (\d+) runs in (\d+) second", proc.stdout)
    if proc.returncode == 0 and done:
        print(f"  {done.group(0)}", flush=True)
    tally.record(f"{name} ({runs} inputs)", proc.returncode == 0 and done is not None,
                 "\n".join(proc.stdout.splitlines()[-25:]))


def run_host_test(binary, tally):
    print(f"== host tests: {binary} (AddressSanitizer + UBSan)", flush=True)
    counter = OutputCounter()
    try:
        proc = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=HOST_TIMEOUT)
    except subprocess.TimeoutExpired:
        counter.settle(tally, False, f"hung: still running after {HOST_TIMEOUT} s")
        return
    for line in proc.stdout.splitlines():
        counter.feed(line)
    reason = f"exited with status {proc.returncode}" if proc.returncode else \
        counter.inconsistency()
    counter.settle(tally, not reason, reason)


class ScriptContext:
    """What a check script gets: a way to boot the chapter's kernel and to record."""

    common_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def __init__(self, kernel_iso, tally, timeout):
        self.kernel_iso = kernel_iso
        self.kernel_elf = kernel_iso[:-len(".iso")] + ".elf"
        self.tally = tally
        self.timeout = timeout

    def boot(self, timeout=None, **options):
        return Machine(self.kernel_iso, timeout=timeout or self.timeout, **options)

    def expect(self, name, ok, detail=""):
        self.tally.record(name, bool(ok), detail)
        return bool(ok)

    def expect_equal(self, name, actual, expected):
        return self.expect(name, actual == expected,
                           f"expected: {expected!r}\nactual:   {actual!r}")


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_script(path, kernel_iso, tally, timeout):
    print(f"== outside check: {path} (boots {kernel_iso})", flush=True)
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        load_module(path, name).check(ScriptContext(kernel_iso, tally, timeout))
    except Exception as error:  # a check that cannot finish is a failed check
        tally.record(name, False, f"{type(error).__name__}: {error}")


# --- test kernels ----------------------------------------------------------------------
def parse_options(text, source, timeout):
    """The settings in the `harness:` lines of a test kernel's source text, e.g.
    `// harness: timeout=30 memory=32M,4G expect=failure failed=1000`:
      timeout=SECONDS     how long the kernel may run (default TEST_TIMEOUT or 10)
      memory=SIZE[,SIZE]  boot it once per memory size (default 128M)
      expect=OUTCOME      pass (default), failure, reset or hang: see OUTCOMES
      failed=N            with expect=failure: exactly N tests must fail"""
    options = {"timeout": timeout, "memory": [None], "expect": "pass", "failed": None}
    for line in re.findall(r"harness:(.*)", text):
        for word in line.split():
            key, _, value = word.partition("=")
            if key == "*/":
                continue
            try:
                if key == "timeout":
                    options["timeout"] = float(value)
                    if not options["timeout"] > 0:
                        raise ValueError
                elif key == "memory":
                    options["memory"] = value.split(",")
                    if not all(re.fullmatch(r"\d+[KMGT]?", size) for size in options["memory"]):
                        raise ValueError
                elif key == "expect":
                    if value not in OUTCOMES:
                        raise ValueError
                    options["expect"] = value
                elif key == "failed":
                    options["failed"] = int(value)
                else:
                    raise UsageError(f"{source}: unknown harness option {key!r} "
                                     f"(known: timeout, memory, expect, failed)")
            except ValueError:
                raise UsageError(f"{source}: bad harness option {word!r}") from None
    if options["failed"] is not None and options["expect"] != "failure":
        raise UsageError(f"{source}: failed= needs expect=failure")
    return options


def kernel_options(name, timeout=DEFAULT_KERNEL_TIMEOUT):
    """The options of test kernel NAME, from tests/NAME.c (or, for the unit test kernel,
    from every tests/unit/*.c), and its optional driver tests/NAME.py. A driver may
    define drive(machine), run while the kernel does (to type keys, say), and
    check(t, run), run after it, to look at what it printed (see KernelRun)."""
    sources = ["tests/unit/*.c"] if name == "unit" else [f"tests/{name}.c"]
    text = "".join(open(path).read() for pattern in sources for path in sorted(glob.glob(pattern)))
    options = parse_options(text, " ".join(sources), timeout)
    driver = f"tests/{name}.py"
    return options, (load_module(driver, name + "_driver") if os.path.exists(driver)
                     else None)


def kernel_verdict(expect, ending, counter, failed_wanted=None):
    """Whether a test kernel's run went as declared. Returns (ok, reason); the reason
    is one line, for a failure, or says what happened as declared."""
    if expect == "pass":
        if ending.kind != "success":
            return False, ending.description
        if counter.failed:
            return False, "a test failed but the kernel exited with success"
        if problem := counter.inconsistency():
            return False, "the kernel exited with success, but " + problem
        if counter.finished == 0:
            return False, "the kernel reported success without running a test"
        return True, ""
    if ending.kind != expect:   # the other outcomes are named like Ending kinds
        return False, f"declared to end with {OUTCOMES[expect]}, but {ending.description}"
    if expect != "failure":
        return True, f"as declared: {ending.description}"
    if counter.announced is not None and counter.failed == 0:
        return False, "the kernel reported failure, but none of its tests failed"
    if failed_wanted is not None and counter.failed != failed_wanted:
        return False, f"declared {failed_wanted} failing tests, but {counter.failed} failed"
    if problem := counter.inconsistency():
        return False, problem
    return True, (f"as declared: {ending.description}, with {counter.failed} "
                  f"failed test{'s' if counter.failed != 1 else ''}")


def run_test_kernel(iso, tally, timeout, machine_class=Machine):
    """Boot one test kernel (once per memory size it asks for) and count its tests."""
    name = os.path.splitext(os.path.basename(iso))[0]
    try:
        options, driver = kernel_options(name, timeout)
    except (UsageError, OSError, SyntaxError) as error:
        print(f"== test kernel: {iso}", flush=True)
        tally.record(name, False, str(error))
        return
    for memory in options["memory"]:
        label = f"{name} [memory={memory}]" if memory else name
        print(f"== test kernel: {iso}" + (f" with {memory} of memory" if memory else ""),
              flush=True)
        started = time.monotonic()
        run_one_boot(iso, label, options, memory, driver, tally, machine_class)
        print(f"  ({time.monotonic() - started:.1f} s)", flush=True)


class KernelRun:
    """What a driver's check(t, run) gets: the kernel's serial output, its ELF file
    (for symbol addresses) and how QEMU ended."""

    def __init__(self, iso, serial, ending):
        self.elf = iso[:-len(".iso")] + ".elf"
        self.serial = serial
        self.ending = ending

    def symbol(self, name):
        """The address of symbol name in the kernel."""
        for line in subprocess.run(["nm", self.elf], capture_output=True,
                                   text=True).stdout.splitlines():
            fields = line.split()
            if len(fields) == 3 and fields[2] == name:
                return int(fields[0], 16)
        raise KeyError(f"no symbol {name} in {self.elf}")


def run_one_boot(iso, label, options, memory, driver, tally, machine_class):
    expect = options["expect"]
    counter = OutputCounter(shown=None if expect == "pass" else DECLARED_OUTPUT_SHOWN)
    driver_error = None
    try:
        with machine_class(iso, timeout=options["timeout"], memory=memory) as machine:
            try:
                if hasattr(driver, "drive"):
                    driver.drive(machine)
            except Exception as error:  # the run is failed, but its output still shown
                driver_error = f"driver tests/{label.split()[0]}.py: " \
                               f"{type(error).__name__}: {error}"
                machine.kill()
            for line in machine.serial_lines():
                counter.feed(line)
            counter.end()
            machine.wait_exit()
            ending = machine.ending()
            serial = machine.serial_text()
    except QemuError as error:
        counter.settle(tally, False, str(error))
        return
    ok, reason = kernel_verdict(expect, ending, counter, options["failed"])
    if driver_error:
        ok, reason = False, driver_error
    if expect == "pass":
        counter.settle(tally, ok, reason)
    else:
        # The kernel's own failures were the point: the run is one test, passed if it
        # ended as declared.
        tally.record(f"{label} (declared: {expect})", ok, reason)
        if ok:
            print(f"  {reason}", flush=True)
    if driver and hasattr(driver, "check") and not driver_error:
        try:
            driver.check(ScriptContext(iso, tally, options["timeout"]),
                         KernelRun(iso, serial, ending))
        except Exception as error:  # a check that cannot finish is a failed check
            tally.record(f"{label} check", False, f"{type(error).__name__}: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapter", default=os.path.basename(os.getcwd()))
    parser.add_argument("--kernel", help="the chapter's normal kernel ISO")
    parser.add_argument("--host", action="append", default=[])
    parser.add_argument("--fuzz", action="append", default=[])
    parser.add_argument("--fuzz-runs", type=int, default=100000)
    parser.add_argument("--script", action="append", default=[])
    parser.add_argument("--test-kernel", action="append", default=[])
    parser.add_argument("--jobs", type=int, default=2, help="checks run at once")
    args = parser.parse_args()
    try:
        timeout = kernel_timeout()
    except UsageError as error:
        parser.exit(2, f"check.py: {error}\n")

    checks = ([lambda t, binary=binary: run_host_test(binary, t) for binary in args.host] +
              [lambda t, binary=binary: run_fuzz_target(binary, args.fuzz_runs, t)
               for binary in args.fuzz] +
              [lambda t, script=script: run_script(script, args.kernel, t, timeout)
               for script in args.script] +
              [lambda t, iso=iso: run_test_kernel(iso, t, timeout) for iso in args.test_kernel])
    tally = run_in_parallel(checks, max(args.jobs, 1))
    if tally.passed + tally.failed + tally.expected_failures == 0:
        tally.record(f"{args.chapter}-has-checks", False, "this chapter ran no check at all")
    if tally.expected_failures:
        print(f"{args.chapter}: {tally.expected_failures} failed as expected "
              f"(counted apart: neither passed nor failed)")
    print(f"{args.chapter}: {tally.passed} passed, {tally.failed} failed", flush=True)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
