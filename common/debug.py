#!/usr/bin/env python3
"""Debugs a kernel: gdb starts QEMU paused behind a pipe (`target remote | qemu -gdb
stdio -S`), so there is no port to wait for and QEMU ends when gdb does. gdb loads
the kernel's symbols and stops at kernel_main (or at $DEBUG_BREAK).
Usage: debug.py KERNEL.iso KERNEL.elf [more gdb arguments, e.g. -batch -ex bt]
"""
import os
import shlex
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness"))
from qemu import qemu_command  # noqa: E402

ELF_CLASS_32 = 1  # byte 4 of an ELF file: 1 for 32-bit, 2 for 64-bit


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: debug.py KERNEL.iso KERNEL.elf [gdb arguments]")
    iso, elf, gdb_arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
    directory = os.path.dirname(iso)
    serial_log = os.path.join(directory, "serial.log")
    display = [] if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") \
        else ["-display", "none"]
    qemu = qemu_command(iso) + display + ["-serial", f"file:{serial_log}", "-gdb", "stdio",
                                          "-S"]
    with open(elf, "rb") as f:
        is_32_bit = f.read(5)[4] == ELF_CLASS_32
    script = os.path.join(directory, "gdbinit")
    with open(script, "w") as f:
        f.write(f"""# Written by common/debug.py. A hardware breakpoint, because GRUB loads the kernel
# after gdb connects and would overwrite a software one (an int3 byte in memory).
file {elf}
""")
        if is_32_bit:
            # QEMU's x86_64 gdb stub always sends 64-bit registers; for a 32-bit kernel
            # (chapter 01) gdb must be told so, or it rejects them as "too long".
            f.write("set architecture i386:x86-64\n")
        f.write(f"""set disassembly-flavor intel
target remote | exec {shlex.join(qemu)}
hbreak {os.environ.get("DEBUG_BREAK") or "kernel_main"}
continue
""")
    print(f"debug: gdb script {script}; serial output goes to {serial_log}", flush=True)
    gdb = os.environ.get("GDB") or "gdb"
    os.execvp(gdb, [gdb, "-q", "-x", script] + gdb_arguments)


if __name__ == "__main__":
    main()
