#!/usr/bin/env python3
"""Tests of the harness's own decisions, so that a change to it cannot quietly turn a
failing kernel into a passing one: exit statuses, the test protocol, per-test options,
screen decoding and key names. Pure Python, no QEMU; `make check-all` runs it first."""
import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402
from qemu import Screen, qcodes_for  # noqa: E402

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


def counter_after(lines):
    """An OutputCounter that has read these protocol lines (quietly)."""
    counter = check.OutputCounter()
    with contextlib.redirect_stdout(io.StringIO()):
        for line in lines:
            counter.feed(line)
    return counter


def settle(lines, verdict_ok):
    """The (passed, failed) that a program printing these lines adds to the total."""
    tally = check.Tally()
    with contextlib.redirect_stdout(io.StringIO()):
        counter_after(lines).settle(tally, verdict_ok, "reason")
    return tally.passed, tally.failed


def test_exit_statuses():
    expect("success_status_is_33", check.QEMU_EXIT_SUCCESS, 33)
    expect("failure_status_is_35", check.QEMU_EXIT_FAILURE, 35)
    expect("status_0_is_a_reset", "CPU reset" in check.describe_exit(0, 10), True)
    expect("no_status_is_a_hang", check.describe_exit(None, 10).startswith("hung"), True)
    expect("other_odd_status_is_unexpected",
           "unexpected isa-debug-exit value 0x7" in check.describe_exit(15, 10), True)
    expect("status_1_is_qemu_failing", "QEMU failed" in check.describe_exit(1, 10), True)


def verdict(status, lines):
    return check.kernel_verdict(status, counter_after(lines), "from the status")


def test_kernel_verdicts():
    one_ok = ["running 1 test", "test a ... [ok]"]
    expect("success_with_passing_tests_passes", verdict(33, one_ok), (True, ""))
    expect("failure_status_fails", verdict(35, one_ok), (False, "from the status"))
    expect("triple_fault_fails", verdict(0, one_ok), (False, "from the status"))
    expect("hang_fails", verdict(None, one_ok), (False, "from the status"))
    expect("success_despite_a_failed_test_fails",
           verdict(33, ["test a ... [failed]"])[0], False)
    expect("success_without_tests_fails", verdict(33, ["running 0 tests"])[0], False)


def test_protocol():
    ok = ["running 2 tests", "test a ... [ok]", "test b ... (chatter) [ok]"]
    expect("all_ok_counts_each_test", settle(ok, True), (2, 0))
    expect("failed_line_counts", settle(["running 2 tests", "test a ... [ok]",
                                         "test b ... [failed]"], False), (1, 1))
    expect("unfinished_tests_count_as_failed",
           settle(["running 5 tests", "test a ... [ok]", "test b ... "], False), (1, 4))
    expect("bad_verdict_fails_at_least_one", settle(["test a ... [ok]"], False), (1, 1))
    expect("names_may_hold_spaces", settle(['test "%5d", 42 ... [ok]'], True), (1, 0))
    expect("lines_without_the_marker_are_output",
           settle(["test result: ok. 1 passed", "[ok]"], True), (0, 0))


def test_kernel_options():
    with tempfile.TemporaryDirectory() as tmp:
        here = os.getcwd()
        os.chdir(tmp)
        try:
            os.mkdir("tests")
            with open("tests/slow.c", "w") as f:
                f.write("/* harness: timeout=30 memory=64M */\nint x;\n")
            expect("harness_line_read", check.kernel_options("slow"),
                   ({"timeout": 30.0, "memory": "64M"}, None))
            with open("tests/typo.c", "w") as f:
                f.write("// harness: timeuot=3\n")
            try:
                check.kernel_options("typo")
                expect("unknown_option_rejected", "accepted", "rejected")
            except check.QemuError:
                expect("unknown_option_rejected", "rejected", "rejected")
        finally:
            os.chdir(here)


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


def main():
    test_exit_statuses()
    test_kernel_verdicts()
    test_protocol()
    test_kernel_options()
    test_screen_and_keys()
    print(f"harness: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
