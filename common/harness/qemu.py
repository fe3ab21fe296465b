"""Boots a kernel ISO headless under QEMU and lets a check observe it from outside.

A Machine gives a check the serial port as a stream, the VGA text screen (read from
physical memory), the CPU registers, a keyboard to type on, and how QEMU ended.
Everything waits on events (serial data, QMP replies, process exit) with a deadline;
nothing sleeps for a fixed time, and nothing can hang past its timeout.

A kernel's time limit starts when the kernel does, not when QEMU starts: the firmware's
and GRUB's time is the machine's, and on a loaded machine it is longer. The kernel has
started at its first serial byte, or, given its entry address, at its first
instruction (a breakpoint through QEMU's gdb stub, for kernels that print nothing on
serial). Until then a separate, generous bound (BOOT_TIMEOUT) applies, so that a kernel
that never starts, or never prints, still ends, with an ending that says so.

The QEMU command line is built here for every use: tests (Machine), `make run`
(common/run.py) and `make debug` (common/debug.py), from ACCEL, MEMORY, QEMU and the
user's own QEMUFLAGS in the environment.
"""
import collections
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

VGA_TEXT_BUFFER = 0xB8000
VGA_COLUMNS = 80
VGA_ROWS = 25
POLL_INTERVAL = 0.02  # between two looks at the screen or the registers
BOOT_TIMEOUT = 30.0   # seconds from QEMU's start to the kernel's start

# isa-debug-exit makes QEMU exit with (value << 1) | 1. The kernel writes these values
# (see the chapters' qemu_exit.h); 0 and 1 never mean success, because QEMU exits 0
# after a triple fault under -no-reboot and 1 on its own errors.
EXIT_DEVICE = "isa-debug-exit,iobase=0xf4,iosize=0x04"
QEMU_EXIT_SUCCESS = (0x10 << 1) | 1
QEMU_EXIT_FAILURE = (0x11 << 1) | 1

# What a test machine adds to the user's: no default devices (no network card whose
# boot ROM the firmware would try, no floppy): boots about a fifth faster. Just the
# VGA card, the exit device, and what Machine adds (serial, QMP, the CD).
TEST_DEVICES = ["-nodefaults", "-vga", "std"]


def qemu_command(iso, memory=None):
    """The QEMU command line every run starts from: the accelerator, the memory size,
    no reboot (a triple fault ends QEMU instead of looping), the user's QEMUFLAGS, and
    the ISO as a CD."""
    return ([os.environ.get("QEMU") or "qemu-system-x86_64",
             "-accel", os.environ.get("ACCEL") or "tcg",
             "-m", memory or os.environ.get("MEMORY") or "128M",
             "-no-reboot"] +
            shlex.split(os.environ.get("QEMUFLAGS", "")) +
            cd_drive(iso))


def cd_drive(iso):
    """The ISO as a CD on a SATA (AHCI) controller instead of -cdrom's IDE one: the
    firmware and GRUB read it by DMA, not 2 KiB at a time through I/O ports, which makes
    a boot about 0.025 s (7%) cheaper under TCG. Commas in a -drive path are doubled."""
    return ["-drive", f"file={iso.replace(',', ',,')},media=cdrom,if=none,id=cd",
            "-device", "ahci,id=sata", "-device", "ide-cd,drive=cd,bus=sata.0"]


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


# --- keys ----------------------------------------------------------------------------
# QMP key names (qcodes) for the characters a test may type; shifted ones below.
_KEYS = {" ": "spc", "\n": "ret", "\b": "backspace", "\t": "tab", "-": "minus",
         "=": "equal", "[": "bracket_left", "]": "bracket_right", ";": "semicolon",
         "'": "apostrophe", "`": "grave_accent", "\\": "backslash", ",": "comma",
         ".": "dot", "/": "slash"}
_SHIFTED = dict(zip('!@#$%^&*()_+{}:"~|<>?', "1234567890-=[];'`\\,./"))

# Keys that type no character, by their QMP names: modifiers (left and right), locks,
# arrows and the navigation block, the keypad's enter and slash, function keys.
NAMED_KEYS = frozenset(
    "shift shift_r ctrl ctrl_r alt alt_r meta_l meta_r caps_lock num_lock scroll_lock "
    "esc ret backspace tab spc up down left right home end pgup pgdn insert delete "
    "kp_enter kp_divide kp_multiply kp_subtract kp_add print sysrq pause menu".split()
    + [f"f{n}" for n in range(1, 13)])

# QEMU waits this long after each key event of a send-key when no hold time is given.
QEMU_DEFAULT_KEY_DELAY_MS = 10


def qcodes_for(char):
    """The list of qcodes that types char (with shift for capitals and symbols)."""
    if char.isalnum() and char.isascii():
        return ["shift", char.lower()] if char.isupper() else [char]
    if char in _KEYS:
        return [_KEYS[char]]
    if char in _SHIFTED:
        return ["shift", _KEYS.get(_SHIFTED[char], _SHIFTED[char])]
    raise ValueError(f"no key types {char!r}")


def qcode(key):
    """A key's QMP name, checked: a letter or digit, a name in NAMED_KEYS, or one of the
    unshifted punctuation names (minus, comma, ...)."""
    if (len(key) == 1 and key.isascii() and key.isalnum()) or key in NAMED_KEYS \
            or key in _KEYS.values():
        return key
    raise ValueError(f"unknown key {key!r}; named keys are: {' '.join(sorted(NAMED_KEYS))}")


def _key_value(key):
    return {"type": "qcode", "data": qcode(key)}


# --- how a run ended -----------------------------------------------------------------
class Ending:
    """How QEMU ended, as one of a few kinds, with a one-line description:
    success, failure (the kernel's verdicts), reset (triple fault), shutdown,
    exit-value (the exit port got a value that is neither verdict), qemu-error,
    hang (killed at its deadline after it printed), silent (killed before it printed
    a byte)."""

    def __init__(self, kind, status, description):
        self.kind = kind
        self.status = status
        self.description = description

    def __repr__(self):
        return f"Ending({self.kind!r}, {self.status!r}, {self.description!r})"


def describe_ending(status, shutdown_reason=None, qemu_message="", timeout=None,
                    printed=True, boot_timeout=None, started=None):
    """Classify QEMU's exit status. shutdown_reason is the reason of QMP's SHUTDOWN
    event, if one came; qemu_message is what QEMU printed on stderr. A run that is
    still going (status None) is a hang if the kernel had printed, and silent if not;
    started says whether its first instruction was seen (None: not watched)."""
    if status is None and not printed:
        if started:
            within = f" within {timeout:g} s of its start" if timeout else ""
            return Ending("silent", None, f"no serial output{within} (killed): the kernel "
                                          "started, but never printed a byte")
        within = f" within {boot_timeout:g} s of QEMU's start" if boot_timeout else ""
        never = "never started" if started is False else "never printed a byte"
        return Ending("silent", None, f"no serial output{within} (killed): the kernel "
                                      f"{never}")
    if status is None:
        after = f" within {timeout:g} s of its start" if timeout else ""
        return Ending("hang", None, f"hung: no verdict{after} (killed)")
    if status == QEMU_EXIT_SUCCESS:
        return Ending("success", status, "the kernel reported success")
    if status == QEMU_EXIT_FAILURE:
        return Ending("failure", status, "the kernel reported failure")
    if status == 0:
        if shutdown_reason in (None, "guest-reset"):
            return Ending("reset", 0, "the CPU reset (a triple fault, or the kernel asked "
                                      "for a reset); -no-reboot made QEMU exit, status 0")
        return Ending("shutdown", 0, f"the machine shut down ({shutdown_reason}), status 0")
    if status == 1 and not qemu_message:
        return Ending("exit-value", 1, "the kernel wrote 0 to the exit port (status 1); "
                                       "it writes 0x10 for success and 0x11 for failure")
    if status & 1 and status > 1:
        return Ending("exit-value", status,
                      f"the kernel wrote {status >> 1:#x} to the exit port (status "
                      f"{status}), which is neither success (0x10) nor failure (0x11)")
    return Ending("qemu-error", status,
                  f"QEMU failed with status {status}: {qemu_message or 'no message'}")


class QemuError(Exception):
    """QEMU could not start, or a QMP command failed."""


# QMP commands whose effect may be that the guest ends QEMU before QEMU answers (an
# NMI the kernel reports, then exits on; a key that makes it exit): if QEMU is gone
# after one of these, the command did its work, and how QEMU ended says the rest.
COMMANDS_THAT_MAY_END_THE_RUN = frozenset(
    "inject-nmi send-key input-send-event system_reset system_powerdown cont".split())


class GdbStub:
    """The few packets of gdb's remote protocol the harness needs from QEMU's gdb stub
    ($data#checksum, each acknowledged with +)."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def send(self, data):
        checksum = sum(data.encode()) & 0xFF
        self.sock.sendall(f"${data}#{checksum:02x}".encode())

    def reply(self, timeout=10.0):
        """The next packet from the stub, as text (timeout None: wait for as long as
        it takes)."""
        self.sock.settimeout(None if timeout is None else max(timeout, 0.01))
        while True:
            start = self.buffer.find(b"$")
            end = self.buffer.find(b"#", start)
            if start >= 0 and end >= 0 and len(self.buffer) >= end + 3:
                data, self.buffer = self.buffer[start + 1:end], self.buffer[end + 3:]
                self.sock.sendall(b"+")
                return data.decode()
            data = self.sock.recv(4096)
            if not data:
                raise ConnectionError("QEMU closed its gdb stub")
            self.buffer += data

    def command(self, data):
        self.send(data)
        if (answer := self.reply()) != "OK":
            raise QemuError(f"gdb stub: {data}: {answer or 'not supported'}")


class Machine:
    """One QEMU process running one ISO. Use as a context manager: it is always killed,
    and its temporary directory removed, even if it never started.

    timeout is the kernel's own time limit, counted from its start (kernel_entry: the
    address of its first instruction; without it, its first serial byte); boot_timeout
    bounds the time until then. After the run, `times()` says where
    the time went and `cpu_seconds` is QEMU's own CPU time (user + system)."""

    def __init__(self, iso, timeout=10.0, memory=None, extra_args=(), exit_device=True,
                 boot_timeout=BOOT_TIMEOUT, stop_at=None, kernel_entry=None):
        self.iso = iso
        self.stop_at = stop_at  # an address: the CPU stops there (see wait_stopped)
        self.kernel_entry = None if stop_at is not None else kernel_entry
        self.entry_at = None    # when the CPU reached kernel_entry
        self._gdb = None
        self.exit_device = exit_device  # False: a kernel's qemu_exit halts instead
        self.timeout = timeout
        self.boot_timeout = boot_timeout
        self.memory = memory
        self.extra_args = list(extra_args)
        self.process = None
        self.serial = b""
        self.serial_closed = False  # QEMU closed its end: no more output will come
        self._serial_changed = threading.Condition()
        self._tmp = None
        self._qmp = None
        self._qmp_buffer = b""
        self.shutdown_reason = None  # from QMP's SHUTDOWN event, if QEMU sent one
        # When things happened (time.monotonic()), for the deadline and the profile.
        self.started_at = None
        self.first_byte_at = None
        self.last_byte_at = None
        self.ended_at = None        # QEMU exited, or was killed
        self.killed = False         # the harness killed it (a deadline, or done)
        self.status = None          # QEMU's exit status, once it has exited
        self.cpu_seconds = None     # QEMU's user + system time, once it has exited
        self.waited = collections.Counter()   # seconds spent waiting, by what for
        self._exited = threading.Event()
        self._reap_lock = threading.Lock()
        self.on_exit = None         # called once the machine is gone (the profile's)

    # --- lifetime --------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.kill()
            raise
        return self

    def __exit__(self, *exc):
        self.kill()
        if self.on_exit:
            self.on_exit()

    def command(self, qmp_path):
        """The whole command line: qemu_command plus what a test machine needs."""
        args = qemu_command(self.iso, self.memory) + TEST_DEVICES
        if self.exit_device and EXIT_DEVICE.split(",")[0] not in " ".join(args):
            args += ["-device", EXIT_DEVICE]
        # wait=on: the VM does not start until we are connected, so no event is missed.
        args += ["-display", "none", "-serial", "stdio", "-monitor", "none",
                 "-qmp", f"unix:{qmp_path},server=on,wait=on"]
        if self.stop_at is not None or self.kernel_entry is not None:
            # Paused at the start, with a gdb stub that sets the breakpoint and goes on.
            args += ["-S", "-gdb", f"unix:{qmp_path[:-len('qmp.sock')]}gdb.sock,server=on,"
                                   "wait=off"]
        return args + self.extra_args

    def start(self):
        if not os.path.exists(self.iso):
            raise QemuError(f"{self.iso} does not exist: build it first")
        self._tmp = tempfile.mkdtemp(prefix="qemu-harness-")
        qmp_path = os.path.join(self._tmp, "qmp.sock")
        args = self.command(qmp_path)
        self.command_line = " ".join(shlex.quote(a) for a in args)
        self.started_at = time.monotonic()
        try:
            # The guest's serial input is a pipe nobody writes to: whatever the
            # machine's /dev/null holds (on some sandboxes a plain file others write
            # to) never reaches the guest's UART.
            self.process = subprocess.Popen(args, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as error:
            raise QemuError(f"cannot run {args[0]}: {error.strerror}") from None
        threading.Thread(target=self._reap, daemon=True).start()
        threading.Thread(target=self._read_serial, daemon=True).start()
        self._connect_qmp(qmp_path)
        breakpoint = self.stop_at if self.stop_at is not None else self.kernel_entry
        if breakpoint is not None:
            self._gdb = GdbStub(self._connect(os.path.join(self._tmp, "gdb.sock")))
            self._gdb.command(f"Z1,{breakpoint:x},1")      # a hardware breakpoint
            self._gdb.send("c")
        if self.kernel_entry is not None:
            threading.Thread(target=self._watch_entry, args=(self._gdb,), daemon=True).start()

    def _watch_entry(self, gdb):
        """Note when the CPU reaches the kernel's entry, then let it run on without the
        breakpoint. Ends quietly if QEMU ends first."""
        try:
            gdb.reply(None)
            with self._serial_changed:
                self.entry_at = time.monotonic()
                self._serial_changed.notify_all()   # a new deadline for the waiters
            gdb.command(f"z1,{self.kernel_entry:x},1")
            gdb.send("c")
        except (OSError, QemuError, AttributeError):
            pass

    def wait_stopped(self, timeout=None):
        """With stop_at: wait until the CPU reaches that address (GRUB loads the kernel
        only after the machine starts, so the breakpoint is the CPU's, not an int3 in
        memory). Raises TimeoutError if it never does."""
        try:
            self._gdb.reply(self.remaining() if timeout is None else timeout)
        except (socket.timeout, ConnectionError) as error:
            raise TimeoutError(f"the CPU never reached {self.stop_at:#x}: "
                               f"{error or 'timed out'}") from None

    def multiboot2_information(self):
        """Once stopped at a Multiboot 2 kernel's entry: the boot information GRUB
        passes it (EBX points at it; its first 4 bytes are its size), as bytes."""
        address = self.registers()["EBX"]
        size = int.from_bytes(self.read_physical(address, 4), "little")
        return self.read_physical(address, size)

    def _connect(self, path):
        """A connection to one of QEMU's unix sockets, once QEMU has opened it."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:
            try:
                sock.connect(path)
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                if self.exited():
                    raise QemuError(self._why_qemu_left())
                if self.remaining() == 0:
                    raise QemuError(f"QEMU did not open {os.path.basename(path)} in time")
                # The socket file appears within milliseconds of QEMU starting: wait
                # for QEMU to exit or for a few milliseconds, whichever comes first.
                self._exited.wait(0.005)

    def _reap(self):
        """Wait for QEMU to exit and collect its status and CPU time. Only this thread
        reaps QEMU (never Popen.wait or poll), so that kill() can never signal a
        process id that the system has already given to another process."""
        try:
            os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOWAIT)
        except ChildProcessError:
            pass
        with self._reap_lock:
            try:
                _, status, usage = os.wait4(self.process.pid, 0)
                self.status = os.waitstatus_to_exitcode(status)
                self.cpu_seconds = usage.ru_utime + usage.ru_stime
            except ChildProcessError:
                self.status = -1
            self.process.returncode = self.status
            if self.ended_at is None:
                self.ended_at = time.monotonic()
            self._exited.set()

    def exited(self):
        """Whether QEMU has exited (or been killed and reaped)."""
        return self._exited.is_set()

    def kill(self):
        if self.process:
            with self._reap_lock:
                if not self._exited.is_set():
                    self.killed = True
                    self.ended_at = time.monotonic()
                    if self.remaining() == 0:    # killed at its deadline
                        quiet_since = self.last_byte_at or self.kernel_started_at or \
                            self.started_at
                        self.waited["for the deadline, with nothing printed since"] += \
                            self.ended_at - quiet_since
                    os.kill(self.process.pid, signal.SIGKILL)
            self._exited.wait()
            self._wait_serial_closed()
            if self.process.stdin:
                self.process.stdin.close()
        for connection in (self._qmp, self._gdb and self._gdb.sock):
            if connection:
                connection.close()
        self._qmp = self._gdb = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    @property
    def kernel_started_at(self):
        """When the kernel started: its first instruction or its first serial byte,
        whichever the harness saw first; None until then."""
        seen = [t for t in (self.entry_at, self.first_byte_at) if t is not None]
        return min(seen) if seen else None

    @property
    def deadline(self):
        """When this run is over: timeout after the kernel started, or boot_timeout
        after QEMU's start while it has not."""
        if self.kernel_started_at is not None:
            return self.kernel_started_at + self.timeout
        return self.started_at + self.boot_timeout

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def times(self):
        """Where the run's wall time went, in seconds: to_entry (QEMU's start to the
        kernel's first instruction: QEMU, firmware and GRUB; None if not watched or
        never reached), to_first_byte (to the kernel's first serial byte; None if it
        never printed), kernel (from the kernel's start to the end), total."""
        end = self.ended_at if self.ended_at is not None else time.monotonic()
        first, entry, start = self.first_byte_at, self.entry_at, self.kernel_started_at
        return {"to_entry": None if entry is None else entry - self.started_at,
                "to_first_byte": None if first is None else first - self.started_at,
                "kernel": None if start is None else end - start,
                "total": end - self.started_at}

    def stderr_text(self):
        """What QEMU itself complained about (only once it has exited)."""
        if not self.exited():
            return ""
        lines = self.process.stderr.read().decode(errors="replace").splitlines()
        return "\n".join(line for line in lines if "QEMU waiting for connection" not in line)

    def ending(self):
        """How QEMU ended, once it has (or a hang, if it is still running or was
        killed by the harness)."""
        status = None if self.killed or not self.exited() else self.status
        if status is not None:
            self._read_last_events()
        started = None if self.kernel_entry is None else self.entry_at is not None
        return describe_ending(status, self.shutdown_reason, self.stderr_text(),
                               self.timeout, self.first_byte_at is not None,
                               self.boot_timeout, started)

    def _why_qemu_left(self):
        """A message for a QMP connection that QEMU closed."""
        if not self._exited.wait(1.0):
            return "QEMU closed the QMP connection"
        return "QEMU exited: " + self.ending().description

    # --- serial ----------------------------------------------------------------------
    def _read_serial(self):
        while True:
            data = self.process.stdout.read1(4096)
            with self._serial_changed:
                if not data:
                    self.serial_closed = True
                    self._serial_changed.notify_all()
                    return
                now = time.monotonic()
                if self.first_byte_at is None:
                    self.first_byte_at = now
                self.last_byte_at = now
                self.serial += data
                self._serial_changed.notify_all()

    def serial_text(self):
        return self.serial.decode(errors="replace")

    def _waited(self, what, since):
        self.waited[what] += time.monotonic() - since

    def wait_for_serial(self, pattern, timeout=None):
        """Wait until the serial output matches the regex; return the match."""
        regex = re.compile(pattern)
        started = time.monotonic()
        try:
            with self._serial_changed:
                while True:
                    match = regex.search(self.serial_text())
                    if match:
                        return match
                    left = (self.remaining() if timeout is None
                            else started + timeout - time.monotonic())
                    if left <= 0 or self.serial_closed:
                        raise TimeoutError(f"serial never matched {pattern!r}")
                    self._serial_changed.wait(min(left, 0.5))
        finally:
            self._waited("for serial output", started)

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
        """Wait for QEMU to exit; return its status, or None if the time ran out. Once
        it has exited, its serial output is all read (serial_text is complete)."""
        if self._exited.wait(self.remaining() if timeout is None else timeout):
            self._wait_serial_closed()
            return self.status
        return None

    def _wait_serial_closed(self, timeout=2.0):
        """After QEMU's exit: wait for the reader thread to reach the end of its output
        (it comes at once; the thread may just not have run yet)."""
        end = time.monotonic() + timeout
        with self._serial_changed:
            while not self.serial_closed and time.monotonic() < end:
                self._serial_changed.wait(max(end - time.monotonic(), 0))

    # --- QMP -------------------------------------------------------------------------
    def _connect_qmp(self, path):
        self._qmp = self._connect(path)
        try:
            self._qmp_message()  # the greeting
            self.qmp("qmp_capabilities")
        except QemuError:
            # The VM starts once we are connected, and a kernel may end before QEMU
            # answers: that is a run like any other (the ending says how it went).
            # QEMU closing the connection while it still runs is an error.
            if not self._exited.wait(1.0):
                raise

    def _qmp_message(self):
        while b"\n" not in self._qmp_buffer:
            self._qmp.settimeout(max(self.remaining(), 1.0))
            try:
                data = self._qmp.recv(65536)
            except (ConnectionError, socket.timeout):
                data = b""
            if not data:
                raise QemuError(self._why_qemu_left())
            self._qmp_buffer += data
        line, self._qmp_buffer = self._qmp_buffer.split(b"\n", 1)
        message = json.loads(line)
        if message.get("event") == "SHUTDOWN":
            self.shutdown_reason = message.get("data", {}).get("reason")
        return message

    def _read_last_events(self):
        """Read what QEMU sent before it exited, for its SHUTDOWN event: a reset and a
        power-off both end in status 0, and only the event tells them apart."""
        if not self._qmp:
            return
        self._qmp.settimeout(0.5)   # QEMU has exited: the socket ends at once
        try:
            while data := self._qmp.recv(65536):
                self._qmp_buffer += data
        except OSError:
            pass
        for line in self._qmp_buffer.split(b"\n"):
            if b'"SHUTDOWN"' in line:
                self.shutdown_reason = json.loads(line).get("data", {}).get("reason")
        self._qmp_buffer = b""

    def qmp(self, command, **arguments):
        """Run one QMP command and return its result, skipping events (such as
        RESET or STOP) that QEMU sends in between."""
        request = {"execute": command}
        if arguments:
            request["arguments"] = arguments
        try:
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
                return reply.get("return")
        except QemuError:
            if command in COMMANDS_THAT_MAY_END_THE_RUN and self.exited():
                return None
            raise

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
        Raises TimeoutError naming `what` if it never holds. Between two looks it waits
        POLL_INTERVAL, or less if QEMU exits meanwhile."""
        started = time.monotonic()
        try:
            while True:
                seen = look()
                if condition(seen):
                    return seen
                # Without a timeout, until the run's deadline, which moves once the
                # kernel starts.
                end = self.deadline if timeout is None else started + timeout
                if time.monotonic() >= end:
                    raise TimeoutError(f"timed out waiting for {what}")
                if self.exited():
                    raise TimeoutError(f"QEMU exited while waiting for {what}: "
                                       f"{self.ending().description}")
                self._exited.wait(POLL_INTERVAL)
        finally:
            self._waited("for the screen or the registers", started)

    def wait_for_screen(self, text, timeout=None):
        """Wait until `text` appears somewhere on the screen; return the screen."""
        return self.wait_until(self.screen, lambda s: text in s,
                               f"{text!r} on the screen", timeout)

    # --- the keyboard ----------------------------------------------------------------
    # QEMU queues key events and waits hold_ms after each one (10 ms when not given),
    # so that the guest's PS/2 controller, which holds only a few bytes, is never
    # flooded. A small hold_ms types fast; its order is always kept. QEMU's queue takes
    # about 1000 events: type long texts in pieces of a hundred characters or so.
    def press(self, *keys, hold_ms=None):
        """Press keys together, in order, then release them in reverse order:
        press("ctrl", "alt", "delete"), press("f1"), press("shift", "up")."""
        arguments = {"keys": [_key_value(key) for key in keys]}
        if hold_ms is not None:
            arguments["hold-time"] = hold_ms
        self.qmp("send-key", **arguments)
        # Not waited for here: the guest gets these events over this long from now on.
        delay = QEMU_DEFAULT_KEY_DELAY_MS if hold_ms is None else hold_ms
        self.waited["keys held in QEMU's queue (the guest's time)"] += \
            2 * len(keys) * delay / 1000

    def type_text(self, text, hold_ms=None):
        """Type text, one key (with shift where needed) per character."""
        for char in text:
            self.press(*qcodes_for(char), hold_ms=hold_ms)

    def key_down(self, key):
        """Press a key and keep it down: its make code, once. QEMU (7.2) sends no
        typematic repeats for a held key, whatever the guest waits; to test repeats,
        call key_down again for each repeated make code, as a keyboard would send."""
        self._send_key_event(key, True)

    def key_up(self, key):
        """Release a key pressed with key_down (its break code)."""
        self._send_key_event(key, False)

    def _send_key_event(self, key, down):
        self.qmp("input-send-event",
                 events=[{"type": "key", "data": {"down": down, "key": _key_value(key)}}])
