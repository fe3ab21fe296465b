#!/bin/sh
# Boots an ISO in QEMU for a person to watch: a window when there is a display,
# otherwise QEMU's curses display, which draws the VGA text screen in this terminal.
# Usage: run.sh KERNEL.iso     (QEMU, QEMUFLAGS and ACCEL come from the environment)
set -eu
iso="$1"
serial_log="$(dirname "$iso")/serial.log"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    display="-serial stdio"
else
    # curses owns the terminal, so serial output goes to a file instead.
    echo "run: no display found, using curses; quit with Esc then 2, then type 'quit'," \
         "or press Ctrl-C. Serial output: $serial_log"
    display="-display curses -serial file:$serial_log"
fi

# shellcheck disable=SC2086  # QEMUFLAGS and display are lists of words on purpose
exec ${QEMU:-qemu-system-x86_64} ${QEMUFLAGS:-} $display -cdrom "$iso"
