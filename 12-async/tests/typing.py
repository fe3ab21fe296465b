"""Outside check: type into QEMU's PS/2 keyboard through QMP and read the screen.
Capitals, shifted symbols, caps lock on and off (with its light), backspace, tab and
enter must show exactly as a person typing would expect; a fast burst of characters
must arrive complete and in order; the timer must keep ticking while keys arrive."""
import re

STATUS = re.compile(r"^ uptime \S+ s \| ticks (\d+) \| key bytes (\d+) \| dropped (\d+) \| "
                    r"spurious (\d+)( \| CAPS)?")
BURST = "the quick brown fox jumps over the lazy dog 0123456789 " * 2 + "END"


def status(screen):
    return STATUS.match(screen.line(24))


def typed_lines(screen):
    """The rows under the greeting's last line ("Type something ..."), up to the status
    line: the kernel prints its page tables first, and typing scrolls them up."""
    lines = screen.lines[:24]
    last = max(i for i, line in enumerate(lines) if line.startswith("Type something"))
    return lines[last + 1:]


def settled_screen(machine, text, timeout=None):
    """The screen once `text` is on it and two looks in a row agree on the rows above the
    status line: the page tables fill the screen, so typing scrolls it, and a look taken
    while the kernel moves the rows up may catch it half done."""
    looks = []

    def look():
        looks.append(machine.screen())
        return looks[-2:]

    return machine.wait_until(look, lambda last: len(last) == 2 and text in last[1] and
                              last[0].lines[:24] == last[1].lines[:24],
                              f"{text!r} on a settled screen", timeout)[1]


def check(t):
    with t.boot(timeout=30) as machine:
        machine.wait_until(machine.screen, lambda s: "Type something" in s and status(s),
                           "the greeting")
        ticks_before = int(status(machine.screen()).group(1))

        machine.type_text("Hello, World! #$%^&*() x")
        machine.press("caps_lock")
        screen = machine.wait_until(machine.screen, lambda s: status(s) and status(s).group(5),
                                    "CAPS on the status line after caps lock")
        t.expect("caps_lock_light_acknowledged", status(screen).group(5), screen.line(24))
        machine.type_text("abc")
        machine.press("shift", "d")     # shift with caps lock: lower case
        machine.press("caps_lock")
        machine.type_text("ef\b\b\by\n")
        machine.type_text("\ttab\n")
        machine.type_text("ok\b\b\b\bgone\n")   # more backspaces than characters
        screen = settled_screen(machine, "gone")
        lines = typed_lines(screen)
        t.expect_equal("mixed_text_as_typed", lines[:3],
                       ["Hello, World! #$%^&*() xABCy", "        tab", "gone"])
        t.expect("caps_lock_light_off_again", not status(screen).group(5), screen.line(24))

        machine.type_text(BURST + "\n", hold_ms=1)
        screen = settled_screen(machine, "END", timeout=20)
        burst = "".join(line for line in typed_lines(screen) if line not in lines[:3])
        t.expect_equal(f"burst_of_{len(BURST)}_characters_complete_and_in_order", burst, BURST)
        final = status(machine.wait_until(machine.screen, status, "the status line"))
        t.expect("timer_ticked_while_typing", int(final.group(1)) > ticks_before + 10,
                 f"ticks {ticks_before} -> {final.group(1)}")
        t.expect_equal("no_key_dropped", final.group(3), "0")
        t.expect_equal("no_spurious_irqs", final.group(4), "0")
