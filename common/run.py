#!/usr/bin/env python3
"""Boots an ISO in QEMU for a person to watch: a window when there is a display,
otherwise QEMU's curses display, which draws the VGA text screen in this terminal.

In a terminal, QEMU runs on a pseudo-terminal of its own, 80x25, the size of the VGA
screen, and this script sits between it and yours: it draws a status line under the
screen saying how to quit, makes Ctrl-C quit (curses would pass it to the guest), and
stops QEMU when the terminal goes away (closed, or its tmux session killed).
Usage: run.py KERNEL.iso     (QEMU, QEMUFLAGS, ACCEL and MEMORY from the environment)
"""
import errno
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import tty

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness"))
from qemu import VGA_COLUMNS, VGA_ROWS, qemu_command  # noqa: E402

CTRL_C = b"\x03"


def in_a_window(command):
    print("run: QEMU opens a window; close it, or press Ctrl-C here, to quit. "
          "Serial output comes here.", flush=True)
    os.execvp(command[0], command + ["-serial", "stdio"])


def status_line(text, rows, columns):
    """Escape codes that write text in reverse video on the terminal's row `rows`,
    leaving the cursor and colours where they were (save, move, write, restore)."""
    return (f"\0337\033[{rows};1H\033[0;7m{text[:columns].ljust(columns)}\033[0m\0338"
            .encode())


def in_this_terminal(command, serial_log):
    columns, rows = os.get_terminal_size(sys.stdout.fileno())
    status_row = min(rows, VGA_ROWS + 1)
    hint = (f" QEMU: Ctrl-C quits (or Esc 2, then type quit).  "
            f"Serial output: {serial_log}")
    pid, master = pty.fork()
    if pid == 0:
        # QEMU's terminal is exactly the VGA screen, so curses draws it whole and leaves
        # the row below for the status line.
        fcntl.ioctl(sys.stdin.fileno(), termios.TIOCSWINSZ,
                    struct.pack("HHHH", VGA_ROWS, VGA_COLUMNS, 0, 0))
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    def stop_qemu(*_):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    # Closing the terminal sends SIGHUP; a killed tmux session, SIGHUP or SIGTERM.
    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, stop_qemu)
    saved = termios.tcgetattr(sys.stdin.fileno())
    tty.setraw(sys.stdin.fileno())
    stopped_by_user = False
    try:
        os.write(sys.stdout.fileno(), b"\033[H\033[2J" + status_line(hint, status_row, columns))
        while True:
            try:
                ready, _, _ = select.select([sys.stdin.fileno(), master], [], [])
            except InterruptedError:
                continue
            if master in ready:
                try:
                    data = os.read(master, 65536)
                except OSError as error:  # EIO: QEMU has exited and closed its terminal
                    if error.errno != errno.EIO:
                        raise
                    data = b""
                if not data:
                    break
                # curses may have cleared the screen: draw the status line again.
                os.write(sys.stdout.fileno(), data + status_line(hint, status_row, columns))
            if sys.stdin.fileno() in ready:
                try:
                    data = os.read(sys.stdin.fileno(), 1024)
                except OSError:
                    data = b""
                if not data:  # the terminal is gone
                    stop_qemu()
                    break
                if CTRL_C in data:
                    stopped_by_user = True
                    stop_qemu()
                    continue
                os.write(master, data)
    finally:
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSAFLUSH, saved)
        _, status = os.waitpid(pid, 0)
        os.write(sys.stdout.fileno(), f"\033[{status_row};1H\033[0m\033[K\r\n".encode())
    code = os.waitstatus_to_exitcode(status)
    how = "you pressed Ctrl-C" if stopped_by_user else f"QEMU exited with status {code}"
    print(f"run: stopped ({how}). Serial output is in {serial_log}")
    return 0 if stopped_by_user else code


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run.py KERNEL.iso")
    iso = sys.argv[1]
    serial_log = os.path.join(os.path.dirname(iso), "serial.log")
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        in_a_window(qemu_command(iso))
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.exit("run: no display (DISPLAY is not set) and no terminal to draw the screen "
                 "in, so there is nothing to show the kernel on. Run it from a terminal, "
                 "or use `make check` to boot and test it headless.")
    command = qemu_command(iso) + ["-display", "curses", "-serial", f"file:{serial_log}"]
    return in_this_terminal(command, serial_log)


if __name__ == "__main__":
    sys.exit(main())
