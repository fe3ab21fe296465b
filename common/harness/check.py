#!/usr/bin/env python3
"""Runs one chapter's checks, prints a line per test, and ends with `N passed, N failed`.

Four kinds of check, each counted per test:
  --host BIN          a program built for the host; speaks the protocol below
  --fuzz BIN          a libFuzzer target, run for --fuzz-runs inputs: one test
  --script FILE       a Python check that boots the kernel and observes it from outside
  --test-kernel ISO   a test kernel: results on serial, verdict through isa-debug-exit
and one the harness adds for every chapter: GRUB, booting the chapter's --kernel ISO
(and a test kernel's), prints no error, and hands a test kernel the same boot
information as the chapter's kernel.

Every test program (host or kernel) speaks the same protocol on its output:
  running N tests                  optional, lets a crash count the tests it cut short
  test NAME ... [ok]               or [failed], with the reason on following lines, or
                                   [expected failure]: failed, and was expected to
  test result: ok. P passed; F failed; X failed as expected
                                   the program's own count, checked against its lines;
                                   a host program must print it (a kernel may stop
                                   before it, and is judged by its ending)
A test's own output may come between `test NAME ... ` and its result; the result may
then be on a later line, which repeats `test NAME ... `.

A test kernel passes when its run ends the way it declares in a `harness:` line in its
source (see parse_options): by default with success after every test it announced.

All checks go into one pool (Pool) that keeps every core busy: the longest checks
(by the times of the last run, kept in build/check-times.json) start first, and each
check's output is printed whole, in the order the checks are listed. check_all.py puts
every chapter's checks into one such pool. PROFILE=1 (--profile) prints where the time
went: the build, each program, each QEMU boot split at the kernel's first instruction
and first serial byte, and the waits.
"""
import argparse
import collections
import concurrent.futures
import glob
import io
import importlib.util
import json
import os
import re
import resource
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import BOOT_TIMEOUT, Machine, QemuError  # noqa: E402

TEST_LINE = re.compile(r"^test (.+?) \.\.\. .*\[(ok|failed|expected failure)\]\s*$")
RUNNING_LINE = re.compile(r"^running (\d+) tests?")
SUMMARY_LINE = re.compile(r"^test result: \w+\. (\d+) passed; (\d+) failed; "
                          r"(\d+) failed as expected")
HOST_TIMEOUT = 60
FUZZ_RUNS = 20000     # inputs of a fuzz target in check, from seed 1 (kernel.mk passes its own)
DECLARED_OUTPUT_SHOWN = 20  # lines of a declared failure's output worth reading
CHATTER_SHOWN = 30          # lines in a row of a test's own output, before "... and N more"
DEFAULT_KERNEL_TIMEOUT = 10.0
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]")

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
    """TEST_TIMEOUT from the environment: seconds a kernel may run once it has started
    (default 10)."""
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


# --- where the time goes -------------------------------------------------------------
class Profile:
    """What PROFILE=1 prints: a record per program run and per QEMU boot. Checks add
    to it from many threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.programs = []   # (kind, name, wall, cpu)
        self.boots = []      # (name, times dict, cpu, waited Counter)
        self.checks = {}     # check name -> wall seconds, for scheduling the next run
        self.build = None    # seconds make took before the checks started
        self.shared = False  # its checks ran in one pool with other chapters'
        self.wall = None     # seconds the checks took, start to end
        self.harness_cpu = None      # this process's own CPU seconds, and its children's
        self.children_cpu = None

    def program(self, kind, name, wall, cpu):
        with self.lock:
            self.programs.append((kind, name, wall, cpu))

    def boot(self, name, machine):
        with self.lock:
            self.boots.append((name, machine.times(), machine.cpu_seconds,
                               collections.Counter(machine.waited)))

    def check(self, name, wall):
        with self.lock:
            self.checks[name] = wall

    def report(self, title, jobs):
        """The profile as lines of text."""
        lines = [f"profile of {title} (seconds; CPU is each process's own user + system "
                 f"time; {jobs} checks at a time)"]
        if self.build is not None:
            lines.append(f"  {'build (make, before the first check)':<44}{self.build:7.2f} wall")
        if self.wall is not None:
            lines.append(f"  {'checks, first start to last end':<44}{self.wall:7.2f} wall"
                         f"{'  (in a pool with other chapters)' if self.shared else ''}")
        for kind, label in (("host", "host tests"), ("fuzz", "fuzz targets")):
            runs = [p for p in self.programs if p[0] == kind]
            if runs:
                lines.append(f"  {f'{label} ({len(runs)})':<44}"
                             f"{sum(p[2] for p in runs):7.2f} wall {sum(p[3] for p in runs):6.2f} CPU")
                lines += [f"    {name:<42}{wall:7.2f}      {cpu:6.2f}"
                          for _, name, wall, cpu in runs]
        if self.boots:
            lines.append(f"  QEMU boots ({len(self.boots)}){'':<21}"
                         f"{'total':>7} {'to entry':>8} {'to 1st byte':>11} {'kernel':>7} "
                         f"{'CPU':>6}")

            def number(value, width):
                return f"{value:{width}.2f}" if value is not None else f"{'-':>{width}}"
            for name, times, cpu, _ in sorted(self.boots, key=lambda b: -b[1]["total"]):
                lines.append(f"    {name:<34}{number(times['total'], 7)} "
                             f"{number(times['to_entry'], 8)} "
                             f"{number(times['to_first_byte'], 11)} "
                             f"{number(times['kernel'], 7)} {number(cpu, 6)}")

            def column(key):
                return [b[1][key] for b in self.boots if b[1][key] is not None]
            cpus = [b[2] for b in self.boots if b[2] is not None]
            entries, firsts, kernels = column("to_entry"), column("to_first_byte"), \
                column("kernel")
            lines.append(f"    {'sum':<34}{sum(b[1]['total'] for b in self.boots):7.2f} "
                         f"{sum(entries):8.2f} {sum(firsts):11.2f} {sum(kernels):7.2f} "
                         f"{sum(cpus):6.2f}")

            def median(values, width):
                return number(statistics.median(values) if values else None, width)
            if cpus:
                lines.append(f"    {'median per boot':<34}"
                             f"{statistics.median(b[1]['total'] for b in self.boots):7.2f} "
                             f"{median(entries, 8)} {median(firsts, 11)} "
                             f"{median(kernels, 7)} {statistics.median(cpus):6.2f}")
        if self.harness_cpu is not None:
            lines.append(f"  {'the harness itself (Python), and all children':<44}"
                         f"{self.harness_cpu:7.2f} CPU {self.children_cpu:6.2f} CPU")
        if self.checks:
            slowest = sorted(self.checks.items(), key=lambda item: -item[1])
            lines.append(f"  {f'checks by wall time ({len(slowest)}), slowest first':<44}"
                         f"{sum(self.checks.values()):7.2f} wall in all")
            lines += [f"    {os.path.basename(name):<42}{seconds:7.2f}"
                      for name, seconds in slowest[:8]]
        waits = collections.defaultdict(list)
        for name, _, _, waited in self.boots:
            for what, seconds in waited.items():
                if seconds >= 0.005:
                    waits[what].append((seconds, name))
        if waits:
            lines.append("  waits inside those boots (events only; the guest's time for "
                         "queued keys)")
            for what, entries in sorted(waits.items()):
                entries.sort(reverse=True)
                lines.append(f"    {what:<62}{sum(s for s, _ in entries):7.2f}")
                lines.append("      " + ", ".join(f"{name} {s:.2f}" for s, name in entries[:6])
                             + (", ..." if len(entries) > 6 else ""))
        return lines


def run_program(command, timeout):
    """Run a program with its output captured. Returns (status, or None if it was
    killed after timeout seconds; its output; its CPU seconds; wall seconds). Only
    this function reaps the program, so the kill can never hit another process."""
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    output = []
    reader = threading.Thread(target=lambda: output.append(proc.stdout.read()), daemon=True)
    reader.start()
    reader.join(timeout)        # the program's end closes its output
    # Still running (not merely a child of it holding the output open): kill it. It is
    # not reaped yet, so its process id is still its own.
    killed = reader.is_alive() and os.waitid(
        os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    text = b"".join(output).decode(errors="replace")
    return (None if killed else proc.returncode, text, usage.ru_utime + usage.ru_stime,
            time.monotonic() - started)


# --- running checks side by side -----------------------------------------------------
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


class Check:
    """One thing the pool runs: a function of a Tally that prints what it checked."""

    def __init__(self, name, function, estimate=1.0):
        self.name = name
        self.function = function
        self.estimate = estimate    # seconds it is expected to take, for scheduling


class Pool:
    """Runs checks on `jobs` threads, longest first, and hands back each check's
    output and tally in the order the checks were added. Checks may be added while
    others run (check_all.py adds a chapter's as soon as it is built)."""

    def __init__(self, jobs):
        self.jobs = jobs
        self.output = PerThreadOutput(sys.stdout)
        self.waiting = []           # (estimate, order, check, future) not yet started
        self.lock = threading.Condition()
        self.order = 0
        self.closed = False
        self.workers = [threading.Thread(target=self._work, daemon=True)
                        for _ in range(jobs)]

    def __enter__(self):
        sys.stdout = self.output
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, exc_type, *exc):
        with self.lock:
            self.closed = True
            if exc_type is not None:    # Ctrl-C, say: finish the running checks only
                self.waiting.clear()
            self.lock.notify_all()
        for worker in self.workers:
            worker.join()
        sys.stdout = self.output.real

    def add(self, check):
        """Queue a check; returns a Future of (its output, its Tally)."""
        future = concurrent.futures.Future()
        with self.lock:
            self.order += 1
            self.waiting.append((check.estimate, self.order, check, future))
            self.lock.notify()
        return future

    def _work(self):
        while True:
            with self.lock:
                while not self.waiting and not self.closed:
                    self.lock.wait()
                if not self.waiting:
                    return
                # The longest first; among equals, the one added first.
                item = max(self.waiting, key=lambda entry: (entry[0], -entry[1]))
                self.waiting.remove(item)
            _, _, check, future = item
            self.output.local.buffer = io.StringIO()
            tally = Tally()
            try:
                check.function(tally)
            except BaseException as error:  # a check that cannot finish (a script that
                # raises, or calls sys.exit) is a failed check, never a lost one
                tally.record(check.name, False, f"{type(error).__name__}: {error}")
            future.set_result((self.output.local.buffer.getvalue(), tally))
            del self.output.local.buffer

    def print(self, text):
        """Print from the thread that collects results (never a worker)."""
        self.output.real.write(text)
        self.output.real.flush()


def run_in_parallel(checks, jobs):
    """Run each check (a function of a Tally) on up to `jobs` threads. Their output
    comes out in the order of `checks`, each check's in one piece; returns the tally
    of them all."""
    total = Tally()
    with Pool(jobs) as pool:
        futures = [pool.add(check if isinstance(check, Check) else Check("check", check))
                   for check in checks]
        for future in futures:
            text, tally = future.result()
            pool.print(text)
            total.merge(tally)
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


def host_verdict(status, counter):
    """Why a host test program's run is a failure, or "" if it is not. Its status
    alone proves little: a `return 0` halfway through main exits 0 too, so the program
    must also print its closing count, which must match its lines, after a test."""
    if status is None:
        return f"hung: still running after {HOST_TIMEOUT} s (killed)"
    if status:
        return f"exited with status {status}"
    if problem := counter.inconsistency():
        return problem
    if counter.summary is None:
        return ("exited 0 without its closing `test result:` line: it stopped before "
                f"the end of its tests; the last line was {counter.last_line!r}")
    if counter.finished == 0:
        return "ran no test"
    return ""


def run_host_test(binary, tally, profile=None):
    # kernel.mk builds HOST_TSAN_TESTS into host-tsan/, everything else into host/.
    sanitizers = "ThreadSanitizer" if "host-tsan" in binary.split(os.sep) \
        else "AddressSanitizer + UBSan"
    print(f"== host tests: {binary} ({sanitizers})", flush=True)
    counter = OutputCounter()
    status, output, cpu, wall = run_program([binary], HOST_TIMEOUT)
    if profile:
        profile.program("host", os.path.basename(binary), wall, cpu)
    for line in output.splitlines():
        counter.feed(line)
    reason = host_verdict(status, counter)
    counter.settle(tally, not reason, reason)


def run_fuzz_target(binary, runs, tally, profile=None):
    """Run a libFuzzer target for a fixed number of inputs from a fixed seed, so that a
    check is repeatable; `make fuzz` runs it for longer, from a corpus."""
    name = "fuzz_" + os.path.basename(binary)
    print(f"== fuzz target: {binary} ({runs} inputs, seed 1)", flush=True)
    # A failing input is saved next to the binary, never in the chapter's sources.
    artifacts = os.path.join(os.path.dirname(binary), "")
    status, output, cpu, wall = run_program([binary, f"-runs={runs}", "-seed=1",
                                             f"-artifact_prefix={artifacts}"], HOST_TIMEOUT)
    if profile:
        profile.program("fuzz", os.path.basename(binary), wall, cpu)
    if status is None:
        tally.record(name, False, f"still running after {HOST_TIMEOUT} s")
        return
    done = re.search(r"Done (\d+) runs in (\d+) second", output)
    if status == 0 and done:
        print(f"  {done.group(0)}", flush=True)
    tally.record(f"{name} ({runs} inputs)", status == 0 and done is not None,
                 "\n".join(output.splitlines()[-25:]))


class ScriptContext:
    """What a check script gets: a way to boot the chapter's kernel and to record."""

    common_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def __init__(self, kernel_iso, tally, timeout, profile=None, name="script"):
        self.kernel_iso = kernel_iso
        self.kernel_elf = kernel_iso[:-len(".iso")] + ".elf"
        self.tally = tally
        self.timeout = timeout
        self.profile = profile
        self.name = name
        self.boots = 0

    def boot(self, timeout=None, **options):
        """A Machine running the chapter's kernel: use it in a `with` statement. Its
        time limit starts at the kernel's first instruction."""
        options.setdefault("kernel_entry", kernel_entry_of(self.kernel_iso))
        machine = Machine(self.kernel_iso, timeout=timeout or self.timeout, **options)
        self.boots += 1
        if self.profile:
            name = self.name if self.boots == 1 else f"{self.name} #{self.boots}"
            machine.on_exit = lambda: self.profile.boot(name, machine)
        return machine

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


def load_sibling(script, name):
    """The module tests/NAME.py beside a check script or driver (pass its __file__),
    for code that several of them share. Loaded from that file, never by `import`: in
    check-all every chapter has its own copy, and an import would hand each chapter the
    first chapter's."""
    directory = os.path.dirname(os.path.abspath(script))
    return load_module(os.path.join(directory, f"{name}.py"), f"{name}@{directory}")


def run_script(path, kernel_iso, tally, timeout, profile=None):
    print(f"== outside check: {path} (boots {kernel_iso})", flush=True)
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        load_module(path, name).check(ScriptContext(kernel_iso, tally, timeout, profile, name))
    except Exception as error:  # a check that cannot finish is a failed check
        tally.record(name, False, f"{type(error).__name__}: {error}")


# --- GRUB's own messages -------------------------------------------------------------
def grub_messages(serial):
    """The text the firmware and GRUB wrote, from their copy on the serial port (SeaBIOS
    mirrors the BIOS text screen there with -machine graphics=off), escape codes and
    carriage returns removed."""
    return ANSI_ESCAPE.sub("", serial.replace("\r", ""))


def elf_entry(elf):
    """The entry point of an ELF file (32 or 64 bits, little-endian)."""
    with open(elf, "rb") as f:
        header = f.read(32)
    return int.from_bytes(header[24:32] if header[4] == 2 else header[24:28], "little")


def kernel_entry_of(iso):
    """The entry point of the kernel on iso, from the ELF beside it; None if there is
    none (then the kernel's clock starts at its first serial byte)."""
    elf = iso[:-len(".iso")] + ".elf"
    return elf_entry(elf) if os.path.exists(elf) else None


OVMF = "/usr/share/ovmf/OVMF.fd"     # UEFI firmware for QEMU (Debian: package ovmf)
UEFI_TIMEOUT = 120                  # OVMF under TCG takes seconds to reach GRUB


# Multiboot 2 tag types, for naming the ones that differ (Multiboot2 specification, 3.6).
MULTIBOOT2_TAGS = {1: "command line", 2: "boot loader name", 3: "module",
                   4: "basic memory information", 5: "BIOS boot device", 6: "memory map",
                   7: "VBE information", 8: "framebuffer", 9: "ELF sections", 10: "APM table",
                   14: "ACPI 1.0 RSDP", 15: "ACPI 2.0 RSDP", 21: "load base address"}
MULTIBOOT2_OWN_TAGS = {9}   # describes the kernel itself, so differs between kernels


def multiboot2_tags(information):
    """{type: contents} of Multiboot 2 boot information: a size and a reserved word,
    then tags (type, size, contents), each padded to 8 bytes, until the end tag."""
    tags, offset = {}, 8
    while offset + 8 <= len(information):
        kind = int.from_bytes(information[offset:offset + 4], "little")
        size = int.from_bytes(information[offset + 4:offset + 8], "little")
        if kind == 0 or size < 8:
            break
        tags.setdefault(kind, b"")
        tags[kind] += information[offset + 8:offset + size]
        offset += (size + 7) & ~7
    return tags


def boot_information_at_entry(iso, extra_args, timeout=DEFAULT_KERNEL_TIMEOUT,
                              boot_timeout=BOOT_TIMEOUT):
    """Boot iso and stop at its kernel's first instruction: (the Multiboot 2 tags GRUB
    hands the kernel, or None if the CPU never got there; what the firmware and GRUB
    printed on the serial port until then; the Machine, for the profile)."""
    machine = Machine(iso, timeout=timeout, boot_timeout=boot_timeout, exit_device=False,
                      extra_args=extra_args, stop_at=elf_entry(iso[:-len(".iso")] + ".elf"))
    with machine:
        try:
            machine.wait_stopped()
            tags = multiboot2_tags(machine.multiboot2_information())
        except TimeoutError:
            tags = None
        return tags, grub_messages(machine.serial_text()), machine


def run_grub_check(kernel_iso, tally, profile=None, uefi=False, test_iso=None):
    """GRUB must start the kernel without printing an error: boot the chapter's ISO
    with the firmware's text console copied to the serial port (SeaBIOS does that with
    -machine graphics=off; OVMF always does), stopped at the kernel's first instruction
    (before it clears the screen, or prints anything of its own), and read what the
    firmware and GRUB said. With test_iso, the same for a test kernel's lean ISO, and a
    test kernel must get what a user's kernel gets: the same boot information, tag for
    tag (the memory map above all), but for the tags that describe the kernel itself."""
    how = "UEFI (OVMF): its console" if uefi else "the BIOS screen"
    print(f"== GRUB's messages: {kernel_iso} ({how} copied to serial, up to the kernel's "
          f"first instruction)", flush=True)
    firmware = ["-bios", os.environ.get("OVMF") or OVMF] if uefi else \
        ["-machine", "graphics=off"]
    found = []
    for iso, label in ((kernel_iso, ""), (test_iso, "_for_test_kernels")):
        if iso is None:
            continue
        tags, messages, machine = boot_information_at_entry(
            iso, firmware, *((UEFI_TIMEOUT, UEFI_TIMEOUT) if uefi else ()))
        label += "_under_uefi" if uefi else ""
        if profile:
            profile.boot("grub_messages" + label, machine)
        errors = [line.strip() for line in messages.splitlines() if "error:" in line.lower()]
        tally.record("grub_starts_the_kernel" + label, tags is not None,
                     f"the CPU never reached the kernel's entry; GRUB printed:\n"
                     f"{messages[-2000:]}")
        tally.record("grub_printed_no_error" + label, tags is not None and not errors,
                     "\n".join(errors) or "GRUB did not get as far as the kernel")
        found.append(tags)
    if len(found) == 2 and None not in found:
        theirs, ours = found
        differ = [MULTIBOOT2_TAGS.get(kind, f"type {kind}")
                  for kind in sorted(set(theirs) | set(ours))
                  if kind not in MULTIBOOT2_OWN_TAGS and theirs.get(kind) != ours.get(kind)]
        print(f"  boot information of {test_iso}, against the kernel's: "
              f"{', '.join(MULTIBOOT2_TAGS.get(kind, str(kind)) for kind in sorted(ours))}",
              flush=True)
        tally.record("test_kernels_get_the_boot_information_of_the_kernel", not differ,
                     f"these tags differ: {', '.join(differ)}")


# --- test kernels ----------------------------------------------------------------------
def parse_options(text, source, timeout):
    """The settings in the `harness:` lines of a test kernel's source text, e.g.
    `// harness: timeout=30 memory=32M,4G expect=failure failed=1000`:
      timeout=SECONDS     how long the kernel may run once it has started (its first
                          instruction; default TEST_TIMEOUT or 10)
      memory=SIZE[,SIZE]  boot it once per memory size (default 128M)
      expect=OUTCOME      pass (default), failure, reset or hang: see OUTCOMES
      failed=N            with expect=failure: exactly N tests must fail
      printed="TEXT"      serial text that must come before the ending; may be given
                          more than once (in order). Required with any expect= but
                          pass: a kernel that fails earlier must not pass by ending
                          the same way
      qemu="ARGS"         QEMU options for this kernel (after QEMUFLAGS)"""
    options = {"timeout": timeout, "memory": [None], "expect": "pass", "failed": None,
               "printed": [], "qemu": []}
    for line in re.findall(r"harness:(.*)", text):
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise UsageError(f"{source}: cannot read harness line {line.strip()!r}: "
                             f"{error}") from None
        for word in words:
            key, _, value = word.partition("=")
            if key in ("*/", "//"):
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
                elif key == "printed":
                    if not value:
                        raise ValueError
                    options["printed"].append(value)
                elif key == "qemu":
                    options["qemu"] += shlex.split(value)
                else:
                    raise UsageError(f"{source}: unknown harness option {key!r} "
                                     f"(known: timeout, memory, expect, failed, printed, qemu)")
            except ValueError:
                raise UsageError(f"{source}: bad harness option {word!r}") from None
    if options["failed"] is not None and options["expect"] != "failure":
        raise UsageError(f"{source}: failed= needs expect=failure")
    if options["expect"] != "pass" and not options["printed"]:
        raise UsageError(f"{source}: expect={options['expect']} needs printed=\"...\": the "
                         f"serial text that must come before the declared ending, so that "
                         f"a kernel that goes wrong earlier cannot pass by ending that way")
    return options


def kernel_options(name, timeout=DEFAULT_KERNEL_TIMEOUT, directory="."):
    """The options of test kernel NAME, from tests/NAME.c (or, for the unit test kernel,
    from every tests/unit/*.c), and its optional driver tests/NAME.py, in the chapter
    `directory`. A driver may define drive(machine), run while the kernel does (to type
    keys, say), and check(t, run), run after it, to look at what it printed (see
    KernelRun)."""
    sources = ["tests/unit/*.c"] if name == "unit" else [f"tests/{name}.c"]
    paths = [path for pattern in sources
             for path in sorted(glob.glob(os.path.join(glob.escape(directory), pattern)))]
    if not paths:
        raise OSError(f"no source {' '.join(sources)} in {directory}")
    text = "".join(open(path).read() for path in paths)
    options = parse_options(text, " ".join(sources), timeout)
    driver = os.path.join(directory, f"tests/{name}.py")
    return options, (load_module(driver, name + "_driver") if os.path.exists(driver)
                     else None)


def missing_text(serial, texts):
    """The first of texts that does not appear in serial (in order), or None."""
    position = 0
    for text in texts:
        found = serial.find(text, position)
        if found < 0:
            return text
        position = found + len(text)
    return None


def kernel_verdict(expect, ending, counter, failed_wanted=None, printed=(), serial=""):
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
        if (text := missing_text(serial, printed)) is not None:
            return False, f"the kernel exited with success, but never printed {text!r}"
        return True, ""
    if ending.kind != expect:   # the other outcomes are named like Ending kinds
        return False, f"declared to end with {OUTCOMES[expect]}, but {ending.description}"
    if (text := missing_text(serial, printed)) is not None:
        return False, (f"ended as declared ({ending.description}), but before that it "
                       f"never printed {text!r}: it went wrong somewhere else")
    if expect != "failure":
        after = f", after {printed[-1]!r}" if printed else ""
        return True, f"as declared: {ending.description}{after}"
    if counter.announced is not None and counter.failed == 0:
        return False, "the kernel reported failure, but none of its tests failed"
    if failed_wanted is not None and counter.failed != failed_wanted:
        return False, f"declared {failed_wanted} failing tests, but {counter.failed} failed"
    if problem := counter.inconsistency():
        return False, problem
    return True, (f"as declared: {ending.description}, with {counter.failed} "
                  f"failed test{'s' if counter.failed != 1 else ''}")


def run_test_kernel(iso, tally, timeout, machine_class=Machine, directory=".",
                    profile=None, memory=None):
    """Boot one test kernel (once per memory size it asks for, or only with `memory`)
    and count its tests."""
    name = os.path.splitext(os.path.basename(iso))[0]
    try:
        options, driver = kernel_options(name, timeout, directory)
    except (UsageError, OSError, SyntaxError) as error:
        print(f"== test kernel: {iso}", flush=True)
        tally.record(name, False, str(error))
        return
    for size in options["memory"] if memory is None else [memory]:
        label = f"{name} [memory={size}]" if size else name
        print(f"== test kernel: {iso}" + (f" with {size} of memory" if size else ""),
              flush=True)
        started = time.monotonic()
        run_one_boot(iso, label, options, size, driver, tally, machine_class, profile)
        print(f"  ({time.monotonic() - started:.1f} s)", flush=True)


def test_kernel_boots(iso, timeout, directory="."):
    """The memory sizes a test kernel is booted with (each its own check), or [None]
    when its options cannot be read (the check then reports why)."""
    try:
        options, _ = kernel_options(os.path.splitext(os.path.basename(iso))[0], timeout,
                                    directory)
    except (UsageError, OSError, SyntaxError):
        return [None]
    return options["memory"]


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


def run_one_boot(iso, label, options, memory, driver, tally, machine_class, profile=None):
    expect = options["expect"]
    counter = OutputCounter(shown=None if expect == "pass" else DECLARED_OUTPUT_SHOWN)
    driver_error = None
    extra = {"extra_args": options["qemu"]} if options.get("qemu") else {}
    if (entry := kernel_entry_of(iso)) is not None:
        extra["kernel_entry"] = entry
    machine = machine_class(iso, timeout=options["timeout"], memory=memory, **extra)
    try:
        with machine:
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
    finally:
        if profile:
            profile.boot(label, machine)
    ok, reason = kernel_verdict(expect, ending, counter, options["failed"],
                                options.get("printed", ()), serial)
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


# --- a chapter -------------------------------------------------------------------------
TIMES_FILE = "check-times.json"   # in the chapter's build directory


class Chapter:
    """One chapter's checks, with paths relative to the current directory (which may
    be the chapter itself, or the top of the repository for check_all.py)."""

    def __init__(self, name, directory=".", kernel=None, host=(), fuzz=(), fuzz_runs=FUZZ_RUNS,
                 scripts=(), test_kernels=(), timeout=DEFAULT_KERNEL_TIMEOUT, build="build",
                 grub_uefi=False, grub_check=True):
        self.name = name
        self.grub_uefi = grub_uefi
        self.grub_check = grub_check    # False: another chapter's check reads GRUB's
        self.directory = directory
        self.kernel = kernel
        self.host, self.fuzz, self.scripts = list(host), list(fuzz), list(scripts)
        self.test_kernels = list(test_kernels)
        self.fuzz_runs = fuzz_runs
        self.timeout = timeout
        self.build = build
        self.profile = Profile()

    def path(self, relative):
        return os.path.normpath(os.path.join(self.directory, relative))

    def _last_times(self):
        try:
            with open(self.path(os.path.join(self.build, TIMES_FILE))) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def save_times(self):
        """Keep each check's time for the next run's order (longest first)."""
        path = self.path(os.path.join(self.build, TIMES_FILE))
        try:
            with open(path, "w") as f:
                json.dump(self.profile.checks, f, indent=0, sort_keys=True)
        except OSError:
            pass    # a read-only build directory only costs the next run its order

    def checks(self):
        """Every check of the chapter, in the order its output is printed."""
        last = self._last_times()
        timeout, profile = self.timeout, self.profile
        checks = []

        def add(name, function, guess):
            def timed(tally, function=function, name=name):
                started = time.monotonic()
                try:
                    function(tally)
                finally:
                    profile.check(name, time.monotonic() - started)
            checks.append(Check(name, timed, last.get(name, guess)))

        # Each check is named by its path in the chapter, the same however it is run.
        for binary in self.host:
            add(binary, lambda t, b=self.path(binary): run_host_test(b, t, profile), 0.5)
        for binary in self.fuzz:
            add(binary, lambda t, b=self.path(binary): run_fuzz_target(b, self.fuzz_runs, t,
                                                                        profile), 2)
        if self.kernel and self.grub_check:
            test = self.path(self.test_kernels[0]) if self.test_kernels else None
            add("grub-messages", lambda t, iso=self.path(self.kernel): run_grub_check(
                iso, t, profile, test_iso=test), 1.4 if test else 0.7)
        if self.kernel and self.grub_uefi:
            add("grub-messages-uefi", lambda t, iso=self.path(self.kernel): run_grub_check(
                iso, t, profile, uefi=True), 10)
        for script in self.scripts:
            add(script, lambda t, s=self.path(script): run_script(s, self.path(self.kernel), t,
                                                                  timeout, profile), 2)
        for relative in self.test_kernels:
            iso = self.path(relative)
            sizes = test_kernel_boots(iso, timeout, self.directory)
            for size in sizes:
                add(f"{relative} {size or ''}".strip(),
                    lambda t, i=iso, s=size, one=len(sizes) > 1: run_test_kernel(
                        i, t, timeout, directory=self.directory, profile=profile,
                        memory=s if one else None), 1)
        return checks


def summary_lines(name, tally):
    lines = []
    if tally.passed + tally.failed + tally.expected_failures == 0:
        lines.append(f"test {name}-has-checks ... [failed]\n"
                     f"    this chapter ran no check at all")
        tally.failed += 1
    if tally.expected_failures:
        lines.append(f"{name}: {tally.expected_failures} failed as expected "
                     f"(counted apart: neither passed nor failed)")
    lines.append(f"{name}: {tally.passed} passed, {tally.failed} failed")
    return lines


def default_jobs():
    return os.cpu_count() or 2


def plan_arguments(parser, args):
    """What --print-plan prints: the chapter's checks as JSON, for check_all.py."""
    return {"name": args.chapter, "kernel": args.kernel, "host": args.host,
            "fuzz": args.fuzz, "fuzz_runs": args.fuzz_runs, "scripts": args.script,
            "test_kernels": args.test_kernel}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapter", default=os.path.basename(os.getcwd()))
    parser.add_argument("--kernel", help="the chapter's normal kernel ISO")
    parser.add_argument("--host", action="append", default=[])
    parser.add_argument("--fuzz", action="append", default=[])
    parser.add_argument("--fuzz-runs", type=int, default=FUZZ_RUNS)
    parser.add_argument("--script", action="append", default=[])
    parser.add_argument("--test-kernel", action="append", default=[])
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="checks run at once")
    parser.add_argument("--profile", action="store_true", help="print where the time went")
    parser.add_argument("--started", type=float,
                        help="when make started (time.time()), for the profile's build time")
    parser.add_argument("--grub-uefi", action="store_true",
                        help="also boot --kernel under UEFI (OVMF) and read GRUB's messages")
    parser.add_argument("--print-plan", action="store_true",
                        help="print the checks as JSON instead of running them")
    args = parser.parse_args()
    if args.print_plan:
        print("check-plan: " + json.dumps(plan_arguments(parser, args)))
        return 0
    try:
        timeout = kernel_timeout()
    except UsageError as error:
        parser.exit(2, f"check.py: {error}\n")

    chapter = Chapter(args.chapter, ".", args.kernel, args.host, args.fuzz, args.fuzz_runs,
                      args.script, args.test_kernel, timeout, grub_uefi=args.grub_uefi)
    if args.started:
        chapter.profile.build = time.time() - args.started
    jobs = max(args.jobs, 1)
    started = time.monotonic()
    tally = run_in_parallel(chapter.checks(), jobs)
    chapter.profile.wall = time.monotonic() - started
    itself, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                            resource.RUSAGE_CHILDREN))
    chapter.profile.harness_cpu = itself.ru_utime + itself.ru_stime
    chapter.profile.children_cpu = children.ru_utime + children.ru_stime
    chapter.save_times()
    for line in summary_lines(args.chapter, tally):
        print(line, flush=True)
    if args.profile:
        print("\n".join(chapter.profile.report(args.chapter, jobs)), flush=True)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
