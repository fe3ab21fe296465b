#!/usr/bin/env python3
"""Runs one chapter's checks, prints a line per test, and ends with `N passed, N failed`.

Three kinds of check, each counted per test:
  --host BIN          a program built for the host; prints `test NAME ... [ok]` lines
  --script FILE       a Python check that boots the kernel and observes it from outside
  --test-kernel ISO   a test kernel: results on serial, verdict through isa-debug-exit

Every test program (host or kernel) speaks the same protocol on its output:
  running N tests                  optional, lets a crash count the tests it cut short
  test NAME ... [ok]               or [failed], with the reason on following lines
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import Machine, QemuError  # noqa: E402

# isa-debug-exit makes QEMU exit with (value << 1) | 1. The kernel writes these values
# (see the chapters' qemu_exit.h); 0 and 1 never mean success, because QEMU exits 0
# after a triple fault under -no-reboot and 1 on its own errors.
QEMU_EXIT_SUCCESS = (0x10 << 1) | 1
QEMU_EXIT_FAILURE = (0x11 << 1) | 1

TEST_LINE = re.compile(r"^test (.+?) \.\.\. .*\[(ok|failed)\]")
RUNNING_LINE = re.compile(r"^running (\d+) tests?")
KERNEL_TIMEOUT = float(os.environ.get("TEST_TIMEOUT", "10"))
HOST_TIMEOUT = 60
KERNEL_OPTIONS = {"timeout": float, "memory": str}  # what a `harness:` line may set


class Tally:
    """Counts passed and failed tests and prints them as they happen."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

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


class OutputCounter:
    """Reads the shared test protocol from a stream of lines."""

    def __init__(self):
        self.announced = None
        self.passed = 0
        self.failed = 0
        self.last_line = ""

    def feed(self, line):
        print("  " + line, flush=True)
        if line.strip():
            self.last_line = line.strip()
        if m := RUNNING_LINE.match(line):
            self.announced = int(m.group(1))
        elif m := TEST_LINE.match(line):
            if m.group(2) == "ok":
                self.passed += 1
            else:
                self.failed += 1

    def settle(self, tally, verdict_ok, reason):
        """Add this program's counts to the tally. A bad verdict fails at least one
        test; tests announced but never finished count as failed too."""
        failed = self.failed
        if self.announced is not None:
            failed = max(failed, self.announced - self.passed)
        if not verdict_ok:
            failed = max(failed, 1)
            print(f"  FAILED: {reason}", flush=True)
        tally.add(True, self.passed)
        tally.add(False, failed)


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
    counter.settle(tally, proc.returncode == 0, f"exited with status {proc.returncode}")


class ScriptContext:
    """What a check script gets: a way to boot the chapter's kernel and to record."""

    common_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def __init__(self, kernel_iso, tally):
        self.kernel_iso = kernel_iso
        self.kernel_elf = kernel_iso[:-len(".iso")] + ".elf"
        self.tally = tally

    def boot(self, timeout=KERNEL_TIMEOUT, **options):
        return Machine(self.kernel_iso, timeout=timeout, **options)

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


def run_script(path, kernel_iso, tally):
    print(f"== outside check: {path} (boots {kernel_iso})", flush=True)
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        load_module(path, name).check(ScriptContext(kernel_iso, tally))
    except Exception as error:  # a check that cannot finish is a failed check
        tally.record(name, False, f"{type(error).__name__}: {error}")


def kernel_options(name):
    """Per-test settings from a `harness:` line in tests/NAME.c, for example
    `// harness: timeout=30 memory=64M`, and an optional driver tests/NAME.py
    whose drive(machine) runs while the kernel does (to type keys, say)."""
    options = {"timeout": KERNEL_TIMEOUT}
    source = f"tests/{name}.c"
    if os.path.exists(source):
        with open(source) as f:
            for line in re.findall(r"harness:(.*)", f.read()):
                for key, value in re.findall(r"(\w+)=(\S+)", line):
                    if key not in KERNEL_OPTIONS:
                        raise QemuError(f"{source}: unknown harness option {key!r}")
                    options[key] = KERNEL_OPTIONS[key](value)
    driver = f"tests/{name}.py"
    return options, (load_module(driver, name + "_driver") if os.path.exists(driver)
                     else None)


def describe_exit(status, timeout):
    if status is None:
        return f"hung: no verdict after {timeout:g} s (killed)"
    if status == QEMU_EXIT_FAILURE:
        return "the kernel reported failure"
    if status == 0:
        return ("QEMU exited with status 0: the CPU reset (a triple fault, "
                "turned into an exit by -no-reboot) or the machine shut down")
    if status & 1 and status > 1:
        return f"unexpected isa-debug-exit value {status >> 1:#x} (status {status})"
    return f"QEMU failed with status {status}"


def kernel_verdict(status, counter, reason):
    """Whether a test kernel passed: only the success status counts, and only if the
    tests it printed agree. Returns (ok, reason for a failure)."""
    if status != QEMU_EXIT_SUCCESS:
        return False, reason
    if counter.failed:
        return False, "a test failed but the kernel exited with success"
    if counter.passed == 0:
        return False, "the kernel reported success without running a test"
    return True, ""


def run_test_kernel(iso, tally):
    print(f"== test kernel: {iso}", flush=True)
    counter = OutputCounter()
    started = time.monotonic()
    name, options = os.path.splitext(os.path.basename(iso))[0], {"timeout": KERNEL_TIMEOUT}
    try:
        options, driver = kernel_options(name)
        with Machine(iso, **options) as machine:
            if driver:
                driver.drive(machine)
            for line in machine.serial_lines():
                counter.feed(line)
            status = machine.wait_exit()
            reason = describe_exit(status, options["timeout"])
            if status is None and counter.last_line:
                reason += f"; last serial line: {counter.last_line!r}"
            if status not in (None, 0, QEMU_EXIT_SUCCESS, QEMU_EXIT_FAILURE):
                reason += "; " + machine.stderr_text()
    except Exception as error:  # a driver that fails or a bad option fails this kernel
        status, reason = None, f"{name}: {type(error).__name__}: {error}"
    ok, reason = kernel_verdict(status, counter, reason)
    counter.settle(tally, ok, reason)
    print(f"  ({time.monotonic() - started:.1f} s)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapter", default=os.path.basename(os.getcwd()))
    parser.add_argument("--kernel", help="the chapter's normal kernel ISO")
    parser.add_argument("--host", action="append", default=[])
    parser.add_argument("--script", action="append", default=[])
    parser.add_argument("--test-kernel", action="append", default=[])
    args = parser.parse_args()

    tally = Tally()
    for binary in args.host:
        run_host_test(binary, tally)
    for script in args.script:
        run_script(script, args.kernel, tally)
    for iso in args.test_kernel:
        run_test_kernel(iso, tally)
    if tally.passed + tally.failed == 0:
        tally.record(f"{args.chapter}-has-checks", False, "this chapter ran no check at all")
    print(f"{args.chapter}: {tally.passed} passed, {tally.failed} failed", flush=True)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
