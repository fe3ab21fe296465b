"""Outside check: boot the kernel and read its screen. kernel_main says hello and runs
a recursion that never ends: the screen must end with the double fault report, in white
on red, saying the boot stack overflowed into its guard page, handled on the
double-fault stack, and the CPU must have halted (not reset).
The serial port must have the same lines as the screen."""
import re
import subprocess

WHITE_ON_RED = 0x4F


def symbol_address(elf, name):
    for line in subprocess.run(["nm", elf], capture_output=True, text=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] == name:
            return int(fields[0], 16)
    raise AssertionError(f"no symbol {name} in {elf}")


def check(t):
    with t.boot() as machine:
        machine.wait_until(machine.registers, lambda regs: regs.get("HLT") == 1 and
                           "backtrace:" in machine.screen(), "the report and the halt")
        screen = machine.screen()
        try:    # the serial port's last bytes may still be on their way to us
            machine.wait_for_serial(re.escape(screen.lines[-1] or screen.lines[-2]), timeout=2)
        except TimeoutError:
            pass
        serial = machine.serial_text().replace("\r\n", "\n").splitlines()
    lines = screen.lines
    t.expect_equal("hello_first", lines[0],
                   "Hello from chapter 06: our own GDT and TSS, and a guard page under every "
                   "stack.")
    header = next((row for row, line in enumerate(lines) if line.startswith("EXCEPTION:")), None)
    t.expect_equal("double_fault_reported", header is not None and lines[header],
                   "EXCEPTION: double fault (#DF), vector 8")
    if header is None:
        return
    t.expect_equal("report_white_on_red", screen.cell(header, 0)[1], WHITE_ON_RED)
    guard = symbol_address(t.kernel_elf, "boot_stack_guard")
    overflow = re.search(r"the boot stack ran into its guard page at (0x[0-9a-f]+)",
                         screen.text())
    t.expect("overflow_in_the_boot_stack_guard_page",
             overflow and guard <= int(overflow.group(1), 16) < guard + 4096, screen.text())
    t.expect("handled_on_the_double_fault_stack",
             "handled on the double-fault stack (IST 1)" in lines, screen.text())
    t.expect("backtrace_names_the_recursion", any(re.match(r"  0x[0-9a-f]{16}  recurse\+", line)
                                                  for line in lines), screen.text())
    t.expect("whole_report_on_screen", lines[-1] == "" and "backtrace:" in lines, screen.text())
    # The serial port has the same lines (kernel/console/print.c sends the text to both).
    missing = [line for line in lines if line.strip() and line not in serial]
    t.expect("screen_text_on_serial_too", not missing, f"not on the serial port: {missing[:5]}")
