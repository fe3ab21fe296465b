"""Check boot.asm's error paths: on a CPU without long mode, or without no-execute
pages, the kernel must say so on the screen in white on red, and on the serial port,
instead of crashing."""
import re

NO_LONG_MODE = "boot error: this CPU does not support 64-bit long mode"
NO_NX = "boot error: this CPU has no no-execute pages (NX)"
WHITE_ON_RED = 0x4F

# qemu32 is a 32-bit CPU model: CPUID reports no long mode. qemu64 without its nx flag
# has long mode, but CPUID reports no NX.
CPUS = [("qemu32", "no_long_mode", NO_LONG_MODE), ("qemu64,-nx", "no_nx", NO_NX)]

# A machine variant: check-all runs it for the newest chapter that has it
# (common/harness/check_all.py); `make check` runs it in every chapter.
MACHINE_VARIANT = "CPUs without long mode or NX"


def check(t):
    for cpu, name, message in CPUS:
        with t.boot(extra_args=["-cpu", cpu]) as machine:
            screen = machine.wait_for_screen("boot error")
            t.expect_equal(f"{name}_reported", screen.line(0), message)
            t.expect_equal(f"{name}_error_white_on_red", screen.cell(0, 0)[1], WHITE_ON_RED)
            try:
                machine.wait_for_serial(re.escape(message) + r"\r\n", timeout=5)
            except TimeoutError:
                pass
            t.expect(f"{name}_on_the_serial_port_too",
                     re.search(r"^" + re.escape(message) + r"\r$", machine.serial_text(),
                               re.MULTILINE), machine.serial_text())
