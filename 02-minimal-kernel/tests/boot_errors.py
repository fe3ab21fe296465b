"""Check boot.asm's error path: on a CPU without long mode, the kernel must say so on
the screen in white on red, and on the serial port, instead of crashing."""
import re

NO_LONG_MODE = "boot error: this CPU does not support 64-bit long mode"
WHITE_ON_RED = 0x4F

# A machine variant: check-all runs it for the newest chapter that has it
# (common/harness/check_all.py); `make check` runs it in every chapter.
MACHINE_VARIANT = "a CPU without long mode"


def check(t):
    # qemu32 is a 32-bit CPU model: CPUID reports no long mode.
    with t.boot(extra_args=["-cpu", "qemu32"]) as machine:
        screen = machine.wait_for_screen("boot error")
        t.expect_equal("no_long_mode_reported", screen.line(0), NO_LONG_MODE)
        t.expect_equal("error_white_on_red", screen.cell(0, 0)[1], WHITE_ON_RED)
        try:
            machine.wait_for_serial(re.escape(NO_LONG_MODE) + r"\r\n", timeout=5)
        except TimeoutError:
            pass
        t.expect("no_long_mode_on_the_serial_port_too",
                 re.search(r"^" + re.escape(NO_LONG_MODE) + r"\r$", machine.serial_text(),
                           re.MULTILINE), machine.serial_text())
