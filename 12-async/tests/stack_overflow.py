"""Reads the double fault report of stack_overflow.c."""
import re


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    t.expect("double_fault_reported", "EXCEPTION: double fault (#DF), vector 8" in report, report)
    t.expect("double_fault_error_code_shown",   # the CPU pushes one for #DF, always 0
             "EXCEPTION: double fault (#DF), vector 8\nerror code 0\n" in report, report)
    guard = run.symbol("boot_stack_guard")
    overflow = re.search(r"kernel stack overflow: the boot stack ran into its guard page at "
                         r"(0x[0-9a-f]+)", report)
    t.expect("overflow_named_in_words", overflow, report)
    t.expect("overflow_address_in_the_guard_page",
             overflow and guard <= int(overflow.group(1), 16) < guard + 4096, report)
    t.expect("handled_on_the_double_fault_stack",
             "handled on the double-fault stack (IST 1)" in report, report)
    t.expect("backtrace_shows_the_recursion", re.search(r"^  0x[0-9a-f]{16}  recurse\+", report,
                                                        re.MULTILINE), report)
