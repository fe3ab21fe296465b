"""Outside check: boot the kernel's ISO under UEFI firmware (OVMF, Debian's ovmf
package) instead of the BIOS. GRUB sets no text mode there, so the kernel must notice
(the boot information has an EFI system table tag and no text framebuffer), say on the
serial port where its output goes, and go on there: the greeting, and what is typed."""
import os
import re

OVMF = "/usr/share/ovmf/OVMF.fd"
UEFI_LINE = ("booted by UEFI: no VGA text screen, so the kernel's output goes to the "
             "serial port (COM1) only")
GREETING = "Hello from chapter 12"
UEFI_BOOT_TIMEOUT = 90   # OVMF and GRUB take a while under TCG (about 9 s here)

# A machine variant: check-all runs it for the newest chapter that has it
# (common/harness/check_all.py); `make check` runs it in every chapter.
MACHINE_VARIANT = "UEFI firmware (OVMF) instead of the BIOS"


def check(t):
    if not os.path.exists(OVMF):
        t.expect("uefi_firmware_installed", False,
                 f"no {OVMF}: install the ovmf package (common/setup.sh does)")
        return
    with t.boot(timeout=UEFI_BOOT_TIMEOUT, extra_args=["-bios", OVMF]) as machine:
        machine.wait_for_serial(r"Type something.*\r\n")
        machine.type_text("typed under uefi\n")
        try:
            machine.wait_for_serial(r"typed under uefi\r\n", timeout=20)
        except TimeoutError:
            pass
        serial = machine.serial_text().replace("\r\n", "\n")
    lines = serial.splitlines()
    kernel = next((i for i, line in enumerate(lines) if line.startswith(UEFI_LINE[:20])), None)
    t.expect_equal("uefi_boot_said_on_the_serial_port",
                   lines[kernel] if kernel is not None else None, UEFI_LINE)
    t.expect("greeting_on_the_serial_port_after_it",
             kernel is not None and any(line.startswith(GREETING) for line in lines[kernel:]),
             serial[-2000:])
    t.expect("typing_echoed_on_the_serial_port",
             re.search(r"^typed under uefi$", serial, re.MULTILINE), serial[-2000:])
