"""Outside check: boot the kernel and compare the whole screen with what
kernel/main.c's formatter tour must print, line by line and colour by colour, and the
serial port with the same text, every line of it (kernel/console/print.c sends both).

The expected lines come from Python's own printf-style % operator given the same
formats and values, so the C formatter is checked against an independent one.
"""
import subprocess

LIGHT_GREY_ON_BLACK = 0x07
LIGHT_GREEN_ON_BLACK = 0x0A
BLOCK = "\u25a0"  # the placeholder, byte 0xFE in code page 437


def symbol_address(elf, name):
    for line in subprocess.run(["nm", elf], capture_output=True, text=True).stdout.splitlines():
        address, _, symbol = line.split()
        if symbol == name:
            return int(address, 16)
    raise AssertionError(f"no symbol {name} in {elf}")


def expected_lines(kernel_main_address):
    long_line = "%-79s|%s" % ("this line is exactly 80 columns wide, so the next word wraps",
                              "wrapped")
    lines = ["Hello World!"]
    lines += ["%2d squared is %3d" % (i, i * i) for i in range(1, 19)]
    lines += [
        "decimal %d %i %u, hex %x %X %#x, percent %%" % (-42, 7, 3000000000, 0xbeef, 0xbeef, 255),
        "padding [%5d] [%-5d] [%05d] [%+d], strings [%s] [%.3s] [%6s], char %c"
        % (42, 42, -42, 42, "abc", "abcdef", "right", "!"),
        "64 bits: %d %d, sizeof(void *) = %d" % (-2**63, 2**64 - 1, 8),
        "kernel_main is at 0x%016x" % kernel_main_address,
        f"unprintable bytes show as blocks: [{BLOCK * 3}]",
        long_line[:80],
        long_line[80:],
    ]
    lines += ["Done: the screen scrolled."]
    return lines


def check(t):
    lines = expected_lines(symbol_address(t.kernel_elf, "kernel_main"))
    # After the last newline the cursor sits on a fresh row: the screen shows the last
    # 24 lines and one blank row, everything earlier has scrolled off the top.
    visible = (lines + [""])[-25:]

    with t.boot() as machine:
        machine.wait_until(machine.registers, lambda regs: regs.get("HLT") == 1 and
                           "Done: the screen scrolled." in machine.screen(),
                           "the tour to finish and the CPU to halt")
        screen = machine.screen()
        try:    # the serial port's last bytes may still be on their way to us
            machine.wait_for_serial("Done: the screen scrolled.", timeout=2)
        except TimeoutError:
            pass
        serial = machine.serial_text().replace("\r\n", "\n").splitlines()

    # Exactly the first three lines have scrolled away.
    t.expect("scrolled_off_the_top", "Hello World!" not in screen and
             screen.line(0) == " 3 squared is   9",
             "the screen did not scroll by three lines:\n" + screen.text())
    differences = [f"row {row:2}: expected {want!r}\n        got      {got!r}"
                   for row, (want, got) in enumerate(zip(visible, screen.lines)) if want != got]
    t.expect("every_row_as_expected", not differences, "\n".join(differences))
    long_line = next(line for line in lines if line.startswith("this line is exactly"))
    t.expect_equal("long_line_wraps_at_80", len(screen.line(visible.index(long_line))), 80)

    colours = {screen.cell(row, col)[1] for row in range(23) for col in range(80)}
    t.expect_equal("text_light_grey_on_black", colours, {LIGHT_GREY_ON_BLACK})
    done = visible.index("Done: the screen scrolled.")
    t.expect_equal("done_line_light_green",
                   {screen.cell(done, col)[1] for col in range(len(visible[done]))},
                   {LIGHT_GREEN_ON_BLACK})

    # The serial port has what the screen shows, and what scrolled off it, unwrapped and
    # with the unprintable bytes as they were sent (0xFF is no UTF-8: decoded as U+FFFD).
    on_serial = [line.replace(BLOCK * 3, "\x01\x7f\ufffd") for line in lines]
    wrapped = on_serial.index(long_line)
    on_serial[wrapped:wrapped + 2] = [long_line + on_serial[wrapped + 1]]
    start = serial.index(on_serial[0]) if on_serial[0] in serial else len(serial)
    t.expect_equal("every_line_on_serial_too", serial[start:start + len(on_serial)], on_serial)
