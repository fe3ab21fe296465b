#!/usr/bin/env python3
"""Tests of the harness's own decisions, so that a change to it cannot quietly turn a
failing kernel into a passing one: how QEMU's exit is read, verdicts and declared
outcomes (with the text that must come first), the test protocol, host programs that
stop early or run nothing, per-test options, settings from the environment, the QEMU
command line, the pool's order, the clock that starts at a kernel's first serial byte
(a real Machine driving a fake QEMU: a silent kernel, a late first byte, a hang),
GRUB's messages and boot information, screen decoding and key names. No kernel is
booted; `make check-all` runs this first."""
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check  # noqa: E402
import check_all  # noqa: E402
import qemu  # noqa: E402
from qemu import Screen, describe_ending, qcode, qcodes_for  # noqa: E402

passed = 0
failed = 0


def expect(name, actual, expected):
    global passed, failed
    if actual == expected:
        passed += 1
        print(f"test {name} ... [ok]")
    else:
        failed += 1
        print(f"test {name} ... [failed]\n    expected {expected!r}\n    got      {actual!r}")


def raises(function, exception):
    """The message of the exception function() raised, or None if it raised none."""
    try:
        function()
    except exception as error:
        return str(error)
    return None


@contextlib.contextmanager
def environment(**values):
    """Set (or, with None, remove) environment variables for the duration."""
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


@contextlib.contextmanager
def in_a_scratch_chapter():
    """Run the body in an empty temporary directory with a tests/unit/ folder, as if it
    were a chapter, and come back."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            os.makedirs("tests/unit")
            yield
        finally:
            os.chdir(here)


def counter_after(lines):
    """An OutputCounter that has read these protocol lines (quietly)."""
    counter = check.OutputCounter(echo=False)
    for line in lines:
        counter.feed(line)
    return counter


def settle(lines, verdict_ok):
    """The (passed, failed, expected failures) that a program printing these lines
    adds to the total."""
    tally = check.Tally()
    with contextlib.redirect_stdout(io.StringIO()):
        counter_after(lines).settle(tally, verdict_ok, "reason")
    return tally.passed, tally.failed, tally.expected_failures


def test_exit_statuses():
    expect("success_status_is_33", qemu.QEMU_EXIT_SUCCESS, 33)
    expect("failure_status_is_35", qemu.QEMU_EXIT_FAILURE, 35)
    expect("status_0_with_reset_event_is_a_reset", describe_ending(0, "guest-reset").kind,
           "reset")
    expect("reset_is_named", "triple fault" in describe_ending(0, "guest-reset").description,
           True)
    expect("status_0_without_event_is_a_reset", describe_ending(0).kind, "reset")
    expect("status_0_after_power_off_is_a_shutdown",
           describe_ending(0, "guest-shutdown").kind, "shutdown")
    expect("no_status_is_a_hang", describe_ending(None, timeout=10).kind, "hang")
    expect("hang_names_the_timeout", "10 s" in describe_ending(None, timeout=10).description,
           True)
    expect("status_1_in_silence_is_exit_value_0", describe_ending(1).kind, "exit-value")
    expect("exit_value_0_is_named", "wrote 0 to the exit port" in describe_ending(1).description,
           True)
    expect("status_1_with_a_message_is_qemu_failing",
           describe_ending(1, qemu_message="could not open disk").kind, "qemu-error")
    expect("other_odd_status_is_an_exit_value",
           "wrote 0x7" in describe_ending(15).description, True)
    expect("killed_qemu_is_a_qemu_error", describe_ending(-9).kind, "qemu-error")
    silent = describe_ending(None, timeout=10, printed=False, boot_timeout=30)
    expect("no_byte_before_the_kill_is_silent", silent.kind, "silent")
    expect("silent_names_the_bound", "30 s" in silent.description, True)


def verdict(expect_outcome, kind, lines, failed_wanted=None, printed=None):
    """kernel_verdict for a kernel that printed lines and ended as kind; a declared
    outcome's printed text defaults to the first line (or none, for no lines)."""
    ending = qemu.Ending(kind, None, f"it ended: {kind}")
    if printed is None:
        printed = lines[:1] if expect_outcome != "pass" else []
    return check.kernel_verdict(expect_outcome, ending, counter_after(lines), failed_wanted,
                                printed, "\n".join(lines))


def test_kernel_verdicts():
    one_ok = ["running 1 test", "test a ... [ok]"]
    expect("success_with_passing_tests_passes", verdict("pass", "success", one_ok), (True, ""))
    expect("failure_status_fails", verdict("pass", "failure", one_ok)[0], False)
    expect("triple_fault_fails", verdict("pass", "reset", one_ok),
           (False, "it ended: reset"))
    expect("hang_fails", verdict("pass", "hang", one_ok)[0], False)
    expect("success_despite_a_failed_test_fails",
           verdict("pass", "success", ["test a ... [failed]"])[0], False)
    expect("success_without_tests_fails", verdict("pass", "success", ["running 0 tests"])[0],
           False)
    middle = verdict("pass", "success", ["running 3 tests", "test a ... [ok]", "test b ... "])
    expect("success_in_the_middle_of_a_test_fails", middle[0], False)
    expect("success_in_the_middle_says_why", "only 1 of the 3" in middle[1], True)
    lying = verdict("pass", "success", ["test a ... [ok]",
                                        "test result: ok. 2 passed; 0 failed; 0 failed as expected"])
    expect("count_that_disagrees_with_the_lines_fails", lying[0], False)
    repeated = verdict("failure", "failure", ["running 1 test", "test a ... [failed]",
                                              "test a ... [failed]"])
    expect("more_results_than_announced_fails", repeated[0], False)
    expect("only_expected_failures_is_a_pass",
           verdict("pass", "success", ["test a ... [expected failure]"])[0], True)


def test_declared_outcomes():
    failing = ["running 2 tests", "test a ... [failed]", "test b ... [failed]"]
    expect("declared_failure_that_fails_passes", verdict("failure", "failure", failing)[0], True)
    expect("declared_failure_that_succeeds_fails",
           verdict("failure", "success", ["test a ... [ok]"])[0], False)
    expect("declared_failure_that_resets_fails", verdict("failure", "reset", failing)[0], False)
    expect("declared_failure_count_must_match", verdict("failure", "failure", failing, 3)[0],
           False)
    expect("declared_failure_count_that_matches_passes",
           verdict("failure", "failure", failing, 2)[0], True)
    expect("declared_failure_without_a_failed_test_fails",
           verdict("failure", "failure", ["running 1 test", "test a ... [ok]"])[0], False)
    expect("declared_failure_of_a_kernel_without_tests_passes",
           verdict("failure", "failure", ["EXCEPTION: invalid opcode"])[0], True)
    expect("declared_reset_that_resets_passes", verdict("reset", "reset", ["boom"])[0], True)
    expect("declared_reset_that_succeeds_fails", verdict("reset", "success", one_line())[0],
           False)
    expect("declared_hang_that_hangs_passes", verdict("hang", "hang", ["waiting"])[0], True)
    expect("declared_hang_that_resets_fails", verdict("hang", "reset", ["waiting"])[0], False)
    expect("declared_hang_of_a_silent_kernel_fails", verdict("hang", "silent", [], printed=[])[0],
           False)
    # The positive context: what must come before the declared ending.
    reset_at_boot = verdict("reset", "reset", [], printed=["overflowing the stack"])
    expect("declared_reset_without_its_line_fails", reset_at_boot[0], False)
    expect("declared_reset_without_its_line_says_why", "never printed" in reset_at_boot[1], True)
    expect("declared_reset_after_its_line_passes",
           verdict("reset", "reset", ["x: overflowing the stack"],
                   printed=["overflowing the stack"])[0], True)
    expect("declared_hang_without_its_line_fails",
           verdict("hang", "hang", ["main: line 1"], printed=["waits for the lock"])[0], False)
    expect("declared_failure_without_its_line_fails",
           verdict("failure", "failure", ["running 1 test", "test a ... [failed]"],
                   printed=["test result: FAILED"])[0], False)
    expect("printed_lines_must_come_in_order",
           verdict("failure", "failure", ["EXCEPTION: #UD", "about to execute ud2"],
                   printed=["about to execute ud2", "EXCEPTION: #UD"])[0], False)
    expect("printed_lines_in_order_pass",
           verdict("failure", "failure", ["about to execute ud2", "EXCEPTION: #UD"],
                   printed=["about to execute ud2", "EXCEPTION: #UD"])[0], True)


def one_line():
    return ["test a ... [ok]"]


def test_protocol():
    ok = ["running 2 tests", "test a ... [ok]", "test b ... (chatter) [ok]"]
    expect("all_ok_counts_each_test", settle(ok, True), (2, 0, 0))
    expect("failed_line_counts", settle(["running 2 tests", "test a ... [ok]",
                                         "test b ... [failed]"], False), (1, 1, 0))
    expect("unfinished_tests_count_as_failed",
           settle(["running 5 tests", "test a ... [ok]", "test b ... "], False), (1, 4, 0))
    expect("bad_verdict_fails_at_least_one", settle(["test a ... [ok]"], False), (1, 1, 0))
    expect("names_may_hold_spaces", settle(['test "%5d", 42 ... [ok]'], True), (1, 0, 0))
    expect("lines_without_the_marker_are_output",
           settle(["test result: ok. 1 passed", "[ok]"], True), (0, 0, 0))
    printing = ["running 1 test", "test a ... hello", "world", "test a ... [ok]"]
    expect("test_that_prints_lines_still_passes", settle(printing, True), (1, 0, 0))
    expect("test_that_prints_lines_finishes", counter_after(printing).inconsistency(), "")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        counter = check.OutputCounter()
        for line in ["test a ... "] + [f"chatter {n}" for n in range(100)] + ["test a ... [ok]"]:
            counter.feed(line)
        counter.end()
    expect("long_output_is_cut_but_the_result_shown",
           ("chatter 29" in output.getvalue(), "chatter 30" in output.getvalue(),
            "and 70 more lines" in output.getvalue(), "test a ... [ok]" in output.getvalue()),
           (True, False, True, True))
    expect("expected_failure_counted_apart",
           settle(["running 2 tests", "test a ... [expected failure]", "test b ... [ok]"],
                  True), (1, 0, 1))


def test_kernel_options():
    def parse(text):
        return check.parse_options(text, "tests/x.c", 10.0)
    expect("defaults", parse("int x;"),
           {"timeout": 10.0, "memory": [None], "expect": "pass", "failed": None,
            "printed": [], "qemu": []})
    options = parse("/* harness: timeout=30 memory=32M,4G */")
    expect("timeout_read", options["timeout"], 30.0)
    expect("memory_sizes_read", options["memory"], ["32M", "4G"])
    declared = parse('// harness: expect=failure failed=1000 printed="ran them all"')
    expect("declared_failure_read", (declared["failed"], declared["printed"]),
           (1000, ["ran them all"]))
    two_lines = parse('/* harness: expect=reset printed="one: it\'s quoted"\n'
                      '   harness: printed=two qemu="-machine pc,pit=off" */')
    expect("printed_texts_in_order_over_lines", two_lines["printed"], ["one: it's quoted", "two"])
    expect("qemu_options_read", two_lines["qemu"], ["-machine", "pc,pit=off"])
    for name, text in [("unknown_option_rejected", "// harness: timeuot=3"),
                       ("bad_outcome_rejected", "// harness: expect=crash"),
                       ("bad_timeout_rejected", "// harness: timeout=abc"),
                       ("zero_timeout_rejected", "// harness: timeout=0"),
                       ("bad_memory_rejected", "// harness: memory=lots"),
                       ("failed_needs_expect_failure", "// harness: failed=3"),
                       ("declared_failure_needs_printed", "// harness: expect=failure"),
                       ("declared_reset_needs_printed", "// harness: expect=reset"),
                       ("declared_hang_needs_printed", "// harness: expect=hang timeout=1"),
                       ("empty_printed_rejected", '// harness: expect=hang printed=""'),
                       ("unclosed_quote_rejected", '// harness: printed="oops')]:
        expect(name, raises(lambda: parse(text), check.UsageError) is not None, True)
    with in_a_scratch_chapter():
        with open("tests/unit/big_test.c", "w") as f:
            f.write("// harness: memory=64M\n")
        expect("unit_kernel_options_come_from_its_test_files",
               check.kernel_options("unit")[0]["memory"], ["64M"])


def test_settings():
    with environment(TEST_TIMEOUT="abc"):
        expect("test_timeout_not_a_number_is_a_clear_error",
               raises(check.kernel_timeout, check.UsageError) is not None, True)
    with environment(TEST_TIMEOUT="30"):
        expect("test_timeout_read", check.kernel_timeout(), 30.0)
    with environment(TEST_TIMEOUT=None):
        expect("test_timeout_default", check.kernel_timeout(), 10.0)
    result = subprocess.run([sys.executable, os.path.join(HERE, "check_all.py"), "--jobs", "0",
                             "01-none"], capture_output=True, text=True)
    expect("jobs_0_is_a_clear_error",
           (result.returncode, "Traceback" in result.stderr, "--jobs" in result.stderr),
           (2, False, True))
    env = check_all.without_jobserver({"MAKEFLAGS": "s -j2 --jobserver-auth=3,4 -- CC=clang",
                                       "MFLAGS": "-s -j2"})
    expect("jobserver_dropped_variables_kept", (env["MAKEFLAGS"], "MFLAGS" in env),
           ("s -- CC=clang", False))


def test_qemu_command():
    with environment(QEMUFLAGS="-m 512M -smp 2", ACCEL=None, MEMORY=None, QEMU=None):
        args = qemu.Machine("k.iso").command("/q")
        expect("user_qemuflags_keep_the_exit_device", qemu.EXIT_DEVICE in args, True)
        expect("user_qemuflags_are_used", "-smp" in args, True)
        expect("test_machine_has_no_default_devices", "-nodefaults" in args, True)
        expect("tcg_by_default", args[args.index("-accel") + 1], "tcg")
    with environment(QEMUFLAGS=f"-device {qemu.EXIT_DEVICE}"):
        args = qemu.Machine("k.iso").command("/q")
        expect("exit_device_not_added_twice", args.count(qemu.EXIT_DEVICE), 1)
    with environment(ACCEL="kvm"):
        args = qemu.qemu_command("k.iso")
        expect("accel_from_the_environment", args[args.index("-accel") + 1], "kvm")
    expect("memory_per_machine", qemu.qemu_command("k.iso", "4G")[4], "4G")
    args = qemu.qemu_command("/a dir, with a comma/k.iso")
    expect("cd_on_sata_with_its_commas_doubled", args[args.index("-drive") + 1],
           "file=/a dir,, with a comma/k.iso,media=cdrom,if=none,id=cd")


def leftover_directories():
    return {name for name in os.listdir(tempfile.gettempdir())
            if name.startswith("qemu-harness-")}


def test_failed_start_cleans_up():
    """A QEMU that fails to start leaves nothing behind. The machine's temporary
    directory goes into a directory of this test's own, so that other harnesses
    running meanwhile (a second `make check-all`) cannot disturb the count."""
    with tempfile.NamedTemporaryFile(suffix=".iso") as iso, \
            tempfile.TemporaryDirectory() as private:
        for name, program in [("qemu_that_exits_at_once", "false"),
                              ("qemu_that_is_missing", "/nonexistent/qemu")]:
            saved, tempfile.tempdir = tempfile.tempdir, private
            try:
                with environment(QEMU=program):
                    message = raises(lambda: qemu.Machine(iso.name, timeout=5).__enter__(),
                                     qemu.QemuError)
                left = leftover_directories()
            finally:
                tempfile.tempdir = saved
            expect(f"{name}_is_an_error", message is not None, True)
            expect(f"{name}_leaves_no_temporary_directory", left, set())


class FakeMachine:
    """Stands in for Machine: prints the given serial lines and ends as told."""
    lines = []
    kind = "success"
    memories = []

    def __init__(self, iso, timeout, memory, **options):
        FakeMachine.memories.append(memory)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def kill(self):
        pass

    def serial_lines(self):
        return iter(self.lines)

    def wait_exit(self):
        pass

    def ending(self):
        return qemu.Ending(self.kind, None, f"it ended: {self.kind}")

    def serial_text(self):
        return "\n".join(self.lines)


class RaisingDriver:
    @staticmethod
    def drive(machine):
        raise RuntimeError("the driver broke")


class CheckingDriver:
    @staticmethod
    def check(t, run):
        t.expect("sees_the_report", "invalid opcode" in run.serial)
        t.expect("fails_when_it_should", "vector 99" in run.serial)


def run_fake_kernel(lines, kind, driver=None, expect_outcome="pass"):
    """(passed, failed, printed output) of a test kernel that printed lines and ended."""
    FakeMachine.lines, FakeMachine.kind = lines, kind
    options = {"timeout": 1, "memory": [None], "expect": expect_outcome, "failed": None,
               "printed": lines[:1] if expect_outcome != "pass" else [], "qemu": []}
    tally = check.Tally()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        check.run_one_boot("k.iso", "k", options, None, driver, tally, FakeMachine)
    return tally.passed, tally.failed, output.getvalue()


def test_runs():
    lines = ["running 2 tests", "test a ... [ok]", "test b ... [ok]"]
    passed_, failed_, output = run_fake_kernel(lines, "success", RaisingDriver)
    expect("raising_driver_fails_the_kernel", failed_ >= 1, True)
    expect("raising_driver_keeps_the_serial_output", "test b ... [ok]" in output, True)
    expect("raising_driver_is_named", "the driver broke" in output, True)
    passed_, failed_, output = run_fake_kernel(["running 3 tests", "test a ... [ok]"], "success")
    expect("success_mid_test_counts_the_rest_failed", (passed_, failed_), (1, 2))
    expect("success_mid_test_prints_a_reason", "FAILED: " in output, True)
    passed_, failed_, output = run_fake_kernel(["test a ... [failed]"], "failure",
                                               expect_outcome="failure")
    expect("declared_failure_counts_as_one_pass", (passed_, failed_), (1, 0))
    passed_, failed_, output = run_fake_kernel(["EXCEPTION: invalid opcode"], "failure",
                                               CheckingDriver, expect_outcome="failure")
    expect("driver_check_sees_the_serial_output", (passed_, failed_), (2, 1))


def test_memory_sizes():
    """A kernel that asks for several memory sizes is booted once per size, and each
    boot is counted on its own."""
    with in_a_scratch_chapter():
        with open("tests/big.c", "w") as f:
            f.write("// harness: memory=32M,4G\n")
        FakeMachine.lines, FakeMachine.kind, FakeMachine.memories = \
            ["running 1 test", "test a ... [ok]"], "success", []
        tally = check.Tally()
        with contextlib.redirect_stdout(io.StringIO()):
            check.run_test_kernel("build/tests/big.iso", tally, 10.0, FakeMachine)
        expect("booted_once_per_memory_size", FakeMachine.memories, ["32M", "4G"])
        expect("each_boot_counted", (tally.passed, tally.failed), (2, 0))


def test_parallel_checks():
    """Checks run side by side still print in order, each whole, and all are counted."""
    b_done = threading.Event()

    def check_a(tally):
        print("a starts")
        b_done.wait(5)      # a finishes after b, which started after it
        print("a ends")
        tally.add(True)

    def check_b(tally):
        print("b starts")
        print("b ends")
        tally.add(False)
        b_done.set()

    def check_c(tally):
        print("c starts")
        print("c ends")
        tally.add(True)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        total = check.run_in_parallel([check_a, check_b, check_c], 2)
    expect("parallel_output_in_order_and_whole", output.getvalue(),
           "a starts\na ends\nb starts\nb ends\nc starts\nc ends\n")
    expect("parallel_checks_all_counted", (total.passed, total.failed), (2, 1))


def test_path_with_a_space():
    """kernel.mk must name the chapter right when the checkout path has a space."""
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "a checkout")
        chapter = os.path.join(root, "09-demo")
        os.makedirs(os.path.join(chapter, "kernel"))
        os.symlink(os.path.dirname(HERE), os.path.join(root, "common"))
        for name in ("kernel/main.c", "linker.ld"):
            open(os.path.join(chapter, name), "w").close()
        with open(os.path.join(chapter, "Makefile"), "w") as f:
            f.write("KERNEL_SOURCES := kernel/main.c\ninclude ../common/kernel.mk\n")
        result = subprocess.run(["make", "-n", "-C", chapter, "check"], capture_output=True,
                                text=True, env=dict(os.environ, MAKEFLAGS=""))
        expect("chapter_name_survives_a_space_in_the_path",
               "--chapter 09-demo " in result.stdout, True)


def write_program(directory, name, body):
    """An executable Python program in directory, for the harness to run."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(f"#!{sys.executable}\n{body}")
    os.chmod(path, 0o755)
    return path


def test_host_programs():
    """A host test program passes only with its closing count, after a test: a
    `return 0` halfway through main, or a program that runs nothing, is red."""
    summary = "test result: ok. {} passed; 0 failed; 0 failed as expected"
    cases = [
        ("host_program_with_its_count_passes",
         f"print('test a ... [ok]'); print('test b ... [ok]'); print({summary.format(2)!r})",
         (2, 0)),
        ("host_program_that_returns_early_fails",
         "print('test a ... [ok]')", (1, 1)),
        ("host_program_that_runs_no_test_fails",
         f"print({summary.format(0)!r})", (0, 1)),
        ("host_program_whose_count_is_wrong_fails",
         f"print('test a ... [ok]'); print({summary.format(2)!r})", (1, 1)),
        ("host_program_with_a_failure_status_fails",
         f"print('test a ... [ok]'); print({summary.format(1)!r}); raise SystemExit(1)", (1, 1)),
        ("host_program_that_says_nothing_fails", "", (0, 1)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, body, wanted in cases:
            tally = check.Tally()
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                check.run_host_test(write_program(tmp, name, body), tally)
            expect(name, (tally.passed, tally.failed), wanted)
        tally = check.Tally()
        with contextlib.redirect_stdout(output):
            check.run_host_test(write_program(tmp, "early", "print('test a ... [ok]')"), tally)
        expect("host_program_that_returns_early_says_why",
               "without its closing `test result:` line" in output.getvalue(), True)


# A stand-in for qemu-system-x86_64: it answers QMP like QEMU, and does on its "serial
# port" (standard output) what its "ISO" (the CD's file=) says, step by step:
# sleep:SECONDS, print:TEXT (| for a newline), exit:STATUS, hang, await-command (until
# a QMP command other than qmp_capabilities comes, which it never answers), entry (the
# CPU reaches the kernel's first instruction: its gdb stub, given -gdb, reports the
# breakpoint there; with -S, the plan waits for gdb's first "continue").
FAKE_QEMU = r"""
import os, socket, sys, threading, time
path = sys.argv[sys.argv.index("-qmp") + 1].split(",")[0][len("unix:"):]
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen(1)
connection, _ = server.accept()
connection.sendall(b'{"QMP": {"version": {}, "capabilities": []}}\n')

commanded = threading.Event()
go = threading.Event()          # -S: the plan starts when gdb says c
entered = threading.Event()     # the plan's "entry" step: the CPU is at the breakpoint
if "-S" not in sys.argv:
    go.set()

def gdb_stub(path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(1)
    connection, _ = server.accept()
    buffer, continued = b"", 0
    while True:
        data = connection.recv(4096)
        if not data:
            return
        buffer += data
        while b"#" in buffer and len(buffer) >= buffer.index(b"#") + 3:
            packet = buffer[buffer.index(b"$") + 1:buffer.index(b"#")].decode()
            buffer = buffer[buffer.index(b"#") + 3:]
            connection.sendall(b"+")
            if packet == "c":
                continued += 1
                go.set()
                if continued == 1:
                    entered.wait()
                    connection.sendall(b"$T05thread:01;#" + b"%02x" % (sum(b"T05thread:01;") & 0xFF))
            elif packet[:2] in ("Z1", "z1"):
                connection.sendall(b"$OK#9a")

if "-gdb" in sys.argv:
    where = sys.argv[sys.argv.index("-gdb") + 1].split(",")[0][len("unix:"):]
    threading.Thread(target=gdb_stub, args=(where,), daemon=True).start()

def answer():
    for line in connection.makefile("rb"):
        if b"qmp_capabilities" not in line and b"human-monitor" not in line:
            commanded.set()     # this one is answered by the plan: exit, say
            continue
        connection.sendall(b'{"return": {}}\n')
threading.Thread(target=answer, daemon=True).start()
go.wait()
drive = sys.argv[sys.argv.index("-drive") + 1]
iso = drive[len("file="):drive.index(",media=cdrom")].replace(",,", ",")
for step in open(iso).read().split(";"):
    what, _, argument = step.partition(":")
    if what == "entry":
        entered.set()
    elif what == "await-command":
        commanded.wait()
    elif what == "sleep":
        time.sleep(float(argument))
    elif what == "print":
        sys.stdout.write(argument.replace("|", "\n"))
        sys.stdout.flush()
    elif what == "exit":
        os._exit(int(argument))
    elif what == "hang":
        time.sleep(3600)
"""

PASSING = "print:running 1 test|test a ... [ok]|"


class NmiDriver:
    @staticmethod
    def drive(machine):
        machine.wait_for_serial("waiting")
        machine.qmp("inject-nmi")


class QueryDriver:
    @staticmethod
    def drive(machine):
        machine.wait_for_serial("waiting")
        machine.screen()


def fake_boot(plan, expect_outcome="pass", timeout=0.3, boot_timeout=10, printed=(),
              driver=None, entry=None):
    """(passed, failed, seconds) of one real Machine run of the fake QEMU (QEMU in the
    environment), judged as run_test_kernel would."""
    options = {"timeout": timeout, "memory": [None], "expect": expect_outcome,
               "failed": None, "printed": list(printed), "qemu": []}

    def machine(iso, **arguments):
        return qemu.Machine(iso, boot_timeout=boot_timeout, kernel_entry=entry, **arguments)
    tally = check.Tally()
    started = time.monotonic()
    with tempfile.NamedTemporaryFile("w", suffix=".iso") as iso:
        iso.write(plan)
        iso.flush()
        check.run_one_boot(iso.name, "k", options, None, driver, tally, machine)
    return tally.passed, tally.failed, time.monotonic() - started


def test_machine_clock():
    """The real Machine, driven by a fake QEMU: a kernel's time limit starts at its
    first serial byte; a kernel that never prints fails, in bounded time; a hang is
    killed at its deadline; QEMU's CPU time is measured. The runs mostly wait, so they
    run side by side; the bounds leave room for a loaded machine."""
    runs = {
        "silent": ("hang", "pass", {"boot_timeout": 3}),
        "late_first_byte": ("sleep:2.5;" + PASSING + ";exit:33", "pass", {"timeout": 2}),
        "hang": (PASSING.replace("test a", "x") + ";hang", "pass", {}),
        "declared_hang": ("print:waits for the lock|;hang", "hang",
                          {"printed": ["waits for the lock"]}),
        "declared_hang_other_line": ("print:main 1|;hang", "hang",
                                     {"printed": ["waits for the lock"]}),
        "declared_hang_silent": ("hang", "hang", {"printed": ["anything"], "boot_timeout": 3}),
        "declared_reset": ("print:booting|;exit:0", "reset", {"printed": ["booting"]}),
        "reset_too_early": ("exit:0", "reset", {"printed": ["booting"]}),
        # The NMI's report ends the run before QEMU answers inject-nmi.
        "nmi_then_exit": ("print:waiting|;await-command;print:NMI reported|;exit:35", "failure",
                          {"printed": ["NMI reported"], "driver": NmiDriver}),
        "query_then_exit": ("print:waiting|;await-command;exit:35", "failure",
                            {"printed": ["waiting"], "driver": QueryDriver}),
        # A kernel that prints nothing on serial: its clock starts at its first
        # instruction, seen through the gdb stub.
        "silent_after_entry": ("sleep:1.5;entry;hang", "pass",
                               {"entry": 0x100020, "timeout": 0.5, "boot_timeout": 20}),
        "never_reaches_entry": ("hang", "pass", {"entry": 0x100020, "boot_timeout": 3}),
        "late_entry": ("sleep:2.5;entry;" + PASSING + ";exit:33", "pass",
                       {"entry": 0x100020, "timeout": 1.5}),
    }
    results = {}

    def run(name, plan, outcome, options):
        def go(tally):
            results[name] = fake_boot(plan, outcome, **options)
        return check.Check(name, go)
    with tempfile.TemporaryDirectory() as tmp, \
            environment(QEMU=write_program(tmp, "fake-qemu", FAKE_QEMU), QEMUFLAGS=None):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            check.run_in_parallel([run(name, *run_plan) for name, run_plan in runs.items()],
                                  len(runs))
        with tempfile.NamedTemporaryFile("w", suffix=".iso") as iso:
            iso.write(PASSING + ";exit:33")
            iso.flush()
            with qemu.Machine(iso.name, timeout=10) as machine:
                machine.wait_exit()
            times = machine.times()
    text = output.getvalue()
    passed_, failed_, seconds = results["silent"]
    expect("kernel_that_never_prints_fails", (passed_, failed_ >= 1), (0, True))
    expect("kernel_that_never_prints_is_named_silent", "never printed a byte" in text, True)
    expect("kernel_that_never_prints_ends_in_bounded_time", seconds < 10, True)
    expect("time_limit_starts_at_the_first_serial_byte", results["late_first_byte"][:2], (1, 0))
    expect("kernel_that_hangs_after_printing_fails", results["hang"][1] >= 1, True)
    expect("hang_is_named_from_the_kernels_start", "within 0.3 s of its start" in text, True)
    expect("hang_is_killed_at_its_deadline", results["hang"][2] < 8, True)
    expect("declared_hang_after_its_line_passes", results["declared_hang"][:2], (1, 0))
    expect("declared_hang_without_its_line_fails_in_a_real_run",
           results["declared_hang_other_line"][:2], (0, 1))
    expect("declared_hang_that_never_prints_fails", results["declared_hang_silent"][:2], (0, 1))
    expect("declared_reset_in_a_real_run_passes", results["declared_reset"][:2], (1, 0))
    expect("reset_before_its_line_fails_in_a_real_run", results["reset_too_early"][:2], (0, 1))
    passed_, failed_, seconds = results["silent_after_entry"]
    expect("clock_of_a_silent_kernel_starts_at_its_first_instruction",
           (failed_ >= 1, seconds < 10), (True, True))
    expect("silent_kernel_that_started_says_so",
           "started, but never printed a byte" in text, True)
    expect("kernel_never_started_fails", results["never_reaches_entry"][1] >= 1, True)
    expect("kernel_never_started_says_so", "the kernel never started" in text, True)
    expect("clock_starts_at_a_late_first_instruction", results["late_entry"][:2], (1, 0))
    passed_, failed_, _ = results["nmi_then_exit"]
    expect("kernel_that_exits_on_an_injected_nmi_is_no_driver_error", (passed_, failed_), (1, 0))
    expect("query_of_a_machine_that_exits_is_an_error", results["query_then_exit"][1], 1)
    expect("machine_measures_qemus_cpu_and_first_byte",
           (machine.cpu_seconds is not None and machine.cpu_seconds > 0,
            times["to_first_byte"] is not None and times["kernel"] is not None,
            machine.status), (True, True, 33))


def test_pool_order():
    """The pool starts the longest checks first, prints every check whole and in the
    order added, and counts them all."""
    started = []
    lock = threading.Lock()

    def make(name, ok):
        def run(tally):
            with lock:
                started.append(name)
            print(f"{name} output")
            tally.add(ok)
        return check.Check(name, run, {"short": 0.1, "long": 5, "middle": 1}[name])
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        total = check.run_in_parallel([make("short", True), make("long", False),
                                       make("middle", True)], 1)
    expect("pool_starts_the_longest_first", started, ["long", "middle", "short"])
    expect("pool_prints_in_the_order_added", output.getvalue(),
           "short output\nlong output\nmiddle output\n")
    expect("pool_counts_every_check", (total.passed, total.failed), (2, 1))

    def raising(tally):
        raise RuntimeError("broken check")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        total = check.run_in_parallel([check.Check("raises", raising)], 2)
    expect("check_that_raises_is_a_failure", (total.failed, "broken check" in output.getvalue()),
           (1, True))


def test_grub_messages():
    serial = ("\x1b[2J\x1b[1;1HSeaBIOS\r\n\x1b[6;1HWelcome to GRUB!\r\n\x1b[7;1He\x1b[7;2Hr"
              "\x1b[7;3Hror: file not found.\r\n  Booting `kernel'\r\n")
    messages = check.grub_messages(serial)
    expect("grub_messages_without_escape_codes", "error: file not found." in messages, True)
    information = (b"\x30\0\0\0\0\0\0\0" + b"\x02\0\0\0\x0d\0\0\0GRUB\0" + b"\0" * 3 +
                   b"\x06\0\0\0\x10\0\0\0" + b"\x18\0\0\0\0\0\0\0" + b"\0" * 8)
    expect("multiboot2_tags_read", check.multiboot2_tags(information),
           {2: b"GRUB\0", 6: b"\x18\0\0\0\0\0\0\0"})
    with tempfile.NamedTemporaryFile() as elf:
        elf.write(b"\x7fELF\x02" + bytes(19) + (0x100020).to_bytes(8, "little"))
        elf.flush()
        expect("entry_of_a_64_bit_elf", check.elf_entry(elf.name), 0x100020)
    with tempfile.NamedTemporaryFile() as elf:
        elf.write(b"\x7fELF\x01" + bytes(19) + (0x100010).to_bytes(4, "little") + bytes(4))
        elf.flush()
        expect("entry_of_a_32_bit_elf", check.elf_entry(elf.name), 0x100010)


def test_screen_and_keys():
    raw = bytearray(b" \x07" * 2000)
    raw[0:6] = b"H\x0fi\x0f\xfe\x4f"
    screen = Screen(bytes(raw))
    expect("screen_line_decodes_cp437", screen.line(0), "Hi\u25a0")
    expect("screen_cell_has_colour", screen.cell(0, 2), ("\u25a0", 0x4F))
    expect("screen_contains", "Hi" in screen, True)
    expect("capital_needs_shift", qcodes_for("A"), ["shift", "a"])
    expect("symbol_needs_shift", qcodes_for("!"), ["shift", "1"])
    expect("newline_is_return", qcodes_for("\n"), ["ret"])
    expect("named_keys_accepted", [qcode(k) for k in ("f12", "caps_lock", "ctrl_r", "up",
                                                       "kp_enter", "minus", "7")],
           ["f12", "caps_lock", "ctrl_r", "up", "kp_enter", "minus", "7"])
    expect("unknown_key_rejected", raises(lambda: qcode("control"), ValueError) is not None,
           True)


def test_siblings():
    """Two chapters' drivers that share a tests/ module of the same name each get their
    own chapter's copy, in one process, as in check-all."""
    with tempfile.TemporaryDirectory() as tmp:
        drivers = []
        for chapter in ("10-heap", "11-allocators"):
            tests = os.path.join(tmp, chapter, "tests")
            os.makedirs(tests)
            with open(os.path.join(tests, "shared.py"), "w") as f:
                f.write(f"CHAPTER = {chapter!r}\n")
            with open(os.path.join(tests, "driver.py"), "w") as f:
                f.write("import check\nshared = check.load_sibling(__file__, 'shared')\n")
            drivers.append(check.load_module(os.path.join(tests, "driver.py"), chapter))
        expect("each_chapter_gets_its_own_sibling",
               [driver.shared.CHAPTER for driver in drivers], ["10-heap", "11-allocators"])


def test_machine_variants():
    """check-all runs a machine variant (a script that says MACHINE_VARIANT = ...) for
    the newest chapter that has it, and every other script in every chapter."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            scripts = {"01-a": ["screen.py", "uefi.py"], "02-b": ["screen.py", "uefi.py"],
                       "03-c": ["screen.py"]}
            for chapter, names in scripts.items():
                os.makedirs(os.path.join(chapter, "tests"))
                for name in names:
                    with open(os.path.join(chapter, "tests", name), "w") as f:
                        f.write('MACHINE_VARIANT = "other firmware"\n' if name == "uefi.py"
                                else "def check(t):\n    pass\n")
            left = check_all.newest_only([check_all.ChapterRun(c) for c in scripts])
        finally:
            os.chdir(here)
    expect("variant_left_to_the_newest_chapter_that_has_it", left["01-a"], ["uefi.py"])
    expect("variant_kept_in_the_newest_chapter_that_has_it", left["02-b"], [])
    expect("other_scripts_never_left_out", left["03-c"], [])


def main():
    test_exit_statuses()
    test_kernel_verdicts()
    test_declared_outcomes()
    test_protocol()
    test_kernel_options()
    test_settings()
    test_qemu_command()
    test_failed_start_cleans_up()
    test_runs()
    test_memory_sizes()
    test_parallel_checks()
    test_path_with_a_space()
    test_screen_and_keys()
    test_host_programs()
    test_machine_clock()
    test_pool_order()
    test_grub_messages()
    test_siblings()
    test_machine_variants()
    print(f"harness: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
