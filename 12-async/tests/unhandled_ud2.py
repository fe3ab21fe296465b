"""Reads the report that unhandled_ud2.c's ud2 must produce on the serial port."""
import re


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    t.expect("report_names_invalid_opcode",
             "EXCEPTION: invalid opcode (#UD), vector 6" in report, report)
    site = run.symbol("fault_level_two.ud2")
    rip = re.search(r"^RIP 0x([0-9a-f]{16})  (\S+)", report, re.MULTILINE)
    t.expect_equal("report_rip_is_the_ud2", rip and int(rip.group(1), 16), site)
    t.expect("report_rip_is_named", rip and rip.group(2).startswith("fault_level_two+"), report)
    t.expect("report_has_all_registers",
             all(re.search(rf"\b{name} +0x[0-9a-f]{{16}}", report) for name in
                 "RAX RBX RCX RDX RSI RDI RBP R8 R9 R10 R11 R12 R13 R14 R15 RFLAGS RSP".split()),
             report)
    frames = re.findall(r"^  0x[0-9a-f]{16}  (\w+)\+", report.split("backtrace:")[-1],
                        re.MULTILINE)
    t.expect_equal("backtrace_names_the_calls_in_order", frames[:4],
                   ["fault_level_two", "fault_level_one", "kernel_main", "long_mode_start"])
    # What must not be there is checked only where what must be there is: the line
    # before the ud2, then its report (a kernel that reset at boot says neither).
    _, announced, after = report.partition("unhandled_ud2: about to execute ud2\n")
    reported = announced and "EXCEPTION: invalid opcode (#UD), vector 6" in after and \
        "backtrace:" in after
    t.expect("kernel_stopped_at_the_ud2", reported and "still running" not in after, report)
    t.expect("no_error_code_for_an_exception_without_one",
             reported and "error code" not in after, report)
