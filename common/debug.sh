#!/bin/sh
# Debugs a kernel: gdb starts QEMU paused behind a pipe (`target remote | qemu -gdb
# stdio -S`), so there is no port to wait for and QEMU ends when gdb does. gdb loads
# the kernel's symbols and stops at kernel_main (or at $DEBUG_BREAK).
# Usage: debug.sh KERNEL.iso KERNEL.elf [more gdb arguments, e.g. -batch -ex bt]
set -eu
iso="$1"
elf="$2"
shift 2
dir="$(dirname "$iso")"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    display=""
else
    display="-display none"
fi

# QEMU's x86_64 gdb stub always sends 64-bit registers. For a 32-bit kernel (chapter
# 01) gdb must be told so, or it rejects them as "too long".
architecture=""
if [ "$(od -An -tu1 -j4 -N1 "$elf" | tr -d ' ')" = 1 ]; then
    architecture="set architecture i386:x86-64"
fi

cat > "$dir/gdbinit" <<GDB
# Written by common/debug.sh. A hardware breakpoint, because GRUB loads the kernel
# after gdb connects and would overwrite a software one (an int3 byte in memory).
file $elf
$architecture
set disassembly-flavor intel
target remote | exec ${QEMU:-qemu-system-x86_64} ${QEMUFLAGS:-} $display -serial file:$dir/serial.log -cdrom $iso -gdb stdio -S
hbreak ${DEBUG_BREAK:-kernel_main}
continue
GDB

echo "debug: gdb script $dir/gdbinit; serial output goes to $dir/serial.log"
exec ${GDB:-gdb} -q -x "$dir/gdbinit" "$@"
