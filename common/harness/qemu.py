"""Boots a kernel ISO headless under QEMU and lets a check observe it from outside.

A Machine gives a check the serial port as a stream, the VGA text screen (read from
physical memory), the CPU registers, a keyboard to type on, and QEMU's exit status.
Everything waits on events (serial data, QMP replies, process exit) with a deadline;
nothing sleeps for a fixed time, and nothing can hang past its timeout.
"""
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
import time

VGA_TEXT_BUFFER = 0xB8000
VGA_COLUMNS = 80
VGA_ROWS = 25
POLL_INTERVAL = 0.02  # between two looks at the screen or the registers

DEFAULT_QEMUFLAGS = ("-accel tcg -m 128M -no-reboot "
                     "-device isa-debug-exit,iobase=0xf4,iosize=0x04")


class Screen:
    """The 80x25 VGA text screen: a character byte and a colour byte per cell."""

    def __init__(self, raw):
        self.raw = raw

    def cell(self, row, col):
        """(character, attribute) at row, col; the character decoded as code page 437."""
        offset = 2 * (row * VGA_COLUMNS + col)
        return bytes([self.raw[offset]]).decode("cp437"), self.raw[offset + 1]

    def line(self, row):
        """The text of one row, trailing blanks removed."""
        start = 2 * row * VGA_COLUMNS
        chars = self.raw[start:start + 2 * VGA_COLUMNS:2]
        return chars.decode("cp437").rstrip(" \0")

    @property
    def lines(self):
        return [self.line(row) for row in range(VGA_ROWS)]

    def text(self):
        return "\n".join(self.lines).rstrip("\n")

    def __contains__(self, text):
        return any(text in line for line in self.lines)


# QMP key names (qcodes) for the characters a test may type; shifted ones below.
_KEYS = {" ": "spc", "\n": "ret", "\b": "backspace", "\t": "tab", "-": "minus",
         "=": "equal", "[": "bracket_left", "]": "bracket_right", ";": "semicolon",
         "'": "apostrophe", "`": "grave_accent", "\\": "backslash", ",": "comma",
         ".": "dot", "/": "slash"}
_SHIFTED = dict(zip('!@#$%^&*()_+{}:"~|<>?', "1234567890-=[];'`\\,./"))


def qcodes_for(char):
    """The list of qcodes that types char (with shift for capitals and symbols)."""
    if char.isalnum() and char.isascii():
        return ["shift", char.lower()] if char.isupper() else [char]
    if char in _KEYS:
        return [_KEYS[char]]
    if char in _SHIFTED:
        return ["shift", _KEYS.get(_SHIFTED[char], _SHIFTED[char])]
    raise ValueError(f"no key for {char!r}")


class QemuError(Exception):
    """QEMU could not start, or a QMP command failed."""


class Machine:
    """One QEMU process running one ISO. Use as a context manager: it is always killed."""

    def __init__(self, iso, timeout=10.0, memory=None, extra_args=()):
        self.iso = iso
        self.timeout = timeout
        self.deadline = None
        self.memory = memory
        self.extra_args = list(extra_args)
        self.process = None
        self.serial = b""
        self.serial_closed = False  # QEMU closed its end: no more output will come
        self._serial_changed = threading.Condition()
        self._tmp = None
        self._qmp = None
        self._qmp_buffer = b""

    # --- lifetime --------------------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.kill()

    def start(self):
        if not os.path.exists(self.iso):
            raise QemuError(f"{self.iso} does not exist: build it first")
        self._tmp = tempfile.mkdtemp(prefix="qemu-harness-")
        qmp_path = os.path.join(self._tmp, "qmp.sock")
        flags = shlex.split(os.environ.get("QEMUFLAGS") or DEFAULT_QEMUFLAGS)
        if self.memory:
            flags += ["-m", self.memory]
        # wait=on: the VM does not start until we are connected, so no event is missed.
        args = ([os.environ.get("QEMU", "qemu-system-x86_64")] + flags +
                ["-display", "none", "-serial", "stdio", "-monitor", "none",
                 "-qmp", f"unix:{qmp_path},server=on,wait=on",
                 "-cdrom", self.iso] + self.extra_args)
        self.command_line = " ".join(shlex.quote(a) for a in args)
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.deadline = time.monotonic() + self.timeout
        threading.Thread(target=self._read_serial, daemon=True).start()
        self._connect_qmp(qmp_path)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self._qmp:
            self._qmp.close()
            self._qmp = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _why_qemu_left(self):
        """A message for a QMP connection that QEMU closed: its exit status and its
        own complaint, when it has exited."""
        try:
            status = self.process.wait(1.0)
        except subprocess.TimeoutExpired:
            return "QEMU closed the QMP connection"
        return f"QEMU exited with status {status}: {self.stderr_text() or 'no message'}"

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def stderr_text(self):
        """What QEMU itself complained about (only once it has exited)."""
        if self.process.poll() is None:
            return ""
        lines = self.process.stderr.read().decode(errors="replace").splitlines()
        return "\n".join(line for line in lines if "QEMU waiting for connection" not in line)

    # --- serial ----------------------------------------------------------------------
    def _read_serial(self):
        while True:
            data = self.process.stdout.read1(4096)
            with self._serial_changed:
                if not data:
                    self.serial_closed = True
                    self._serial_changed.notify_all()
                    return
                self.serial += data
                self._serial_changed.notify_all()

    def serial_text(self):
        return self.serial.decode(errors="replace")

    def wait_for_serial(self, pattern, timeout=None):
        """Wait until the serial output matches the regex; return the match."""
        regex = re.compile(pattern)
        end = time.monotonic() + (self.remaining() if timeout is None else timeout)
        with self._serial_changed:
            while True:
                match = regex.search(self.serial_text())
                if match:
                    return match
                left = end - time.monotonic()
                if left <= 0 or self.serial_closed:
                    raise TimeoutError(f"serial never matched {pattern!r}")
                self._serial_changed.wait(min(left, 0.5))

    def serial_lines(self):
        """Yield each complete line of serial output as it arrives, until QEMU exits
        or the deadline passes; an unterminated last line comes at the end."""
        sent = 0
        with self._serial_changed:
            while True:
                end = self.serial.rfind(b"\n") + 1
                if end > sent:
                    chunk, sent = self.serial[sent:end], end
                    self._serial_changed.release()
                    try:
                        yield from chunk.decode(errors="replace").splitlines()
                    finally:
                        self._serial_changed.acquire()
                    continue
                if self.serial_closed or self.remaining() == 0:
                    if self.serial[sent:]:
                        yield self.serial[sent:].decode(errors="replace")
                    return
                self._serial_changed.wait(min(self.remaining(), 0.5))

    def wait_exit(self, timeout=None):
        """Wait for QEMU to exit; return its status, or None if the time ran out."""
        try:
            return self.process.wait(self.remaining() if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            return None

    # --- QMP -------------------------------------------------------------------------
    def _connect_qmp(self, path):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:
            try:
                sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if self.process.poll() is not None:
                    raise QemuError(self._why_qemu_left())
                if self.remaining() == 0:
                    raise QemuError("QEMU did not open its QMP socket in time")
                # The socket file appears within milliseconds of QEMU starting.
                threading.Event().wait(0.005)
        self._qmp = sock
        self._qmp_message()  # the greeting
        self.qmp("qmp_capabilities")

    def _qmp_message(self):
        while b"\n" not in self._qmp_buffer:
            self._qmp.settimeout(max(self.remaining(), 1.0))
            try:
                data = self._qmp.recv(65536)
            except ConnectionError:
                data = b""
            if not data:
                raise QemuError(self._why_qemu_left())
            self._qmp_buffer += data
        line, self._qmp_buffer = self._qmp_buffer.split(b"\n", 1)
        return json.loads(line)

    def qmp(self, command, **arguments):
        """Run one QMP command and return its result, skipping events (such as
        RESET or STOP) that QEMU sends in between."""
        request = {"execute": command}
        if arguments:
            request["arguments"] = arguments
        try:
            self._qmp.sendall(json.dumps(request).encode() + b"\n")
        except (ConnectionError, BrokenPipeError):
            raise QemuError(self._why_qemu_left()) from None
        while True:
            reply = self._qmp_message()
            if "event" in reply:
                continue
            if "error" in reply:
                raise QemuError(f"{command}: {reply['error'].get('desc')}")
            else:
                return reply.get("return")

    def monitor(self, command_line):
        """Run a human monitor command (like `info registers`) and return its text."""
        return self.qmp("human-monitor-command", **{"command-line": command_line})

    # --- looking at the machine ------------------------------------------------------
    def read_physical(self, address, size):
        path = os.path.join(self._tmp, "memory.bin")
        self.qmp("pmemsave", val=address, size=size, filename=path)
        with open(path, "rb") as f:
            return f.read()

    def screen(self):
        return Screen(self.read_physical(VGA_TEXT_BUFFER, 2 * VGA_COLUMNS * VGA_ROWS))

    def registers(self):
        """The first CPU's registers from `info registers`, as a dict of name -> int."""
        text = self.monitor("info registers")
        return {name: int(value, 16)
                for name, value in re.findall(r"\b([A-Z][A-Z0-9]*)=([0-9a-fA-F]+)\b", text)}

    def wait_until(self, look, condition, what, timeout=None):
        """Look at the machine until condition(look()) holds; return what was seen last.
        Raises TimeoutError naming `what` if it never holds."""
        end = time.monotonic() + (self.remaining() if timeout is None else timeout)
        while True:
            seen = look()
            if condition(seen):
                return seen
            if time.monotonic() >= end:
                raise TimeoutError(f"timed out waiting for {what}")
            if self.process.poll() is not None:
                raise TimeoutError(f"QEMU exited (status {self.process.returncode}) "
                                   f"while waiting for {what}")
            threading.Event().wait(POLL_INTERVAL)

    def wait_for_screen(self, text, timeout=None):
        """Wait until `text` appears somewhere on the screen; return the screen."""
        return self.wait_until(self.screen, lambda s: text in s,
                               f"{text!r} on the screen", timeout)

    # --- typing ----------------------------------------------------------------------
    def type_text(self, text):
        """Press and release the keys that type `text`, one character at a time."""
        for char in text:
            keys = [{"type": "qcode", "data": code} for code in qcodes_for(char)]
            self.qmp("send-key", keys=keys)
