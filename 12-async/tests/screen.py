"""Outside check: boot the kernel and read its screen: the greeting at the top (with the
CPU's CR3), the line kernel_main wrote through its new mapping, the heap demo (a box,
a vec whose items move as its capacity doubles, an rc counted up and down until its
destructor runs, and the heap empty again after it), and a status line on
the bottom row (black on light grey) whose uptime and tick count go up while the
kernel waits in hlt, with no spurious IRQs; and the CPU, looked at from outside, is
nearly always halted: the kernel sleeps between interrupts.
The serial port must have the same lines as the screen, the status row excepted."""
import re

BLACK_ON_LIGHT_GREY = 0x70
VEC_GROWTH = re.compile(r"^vec: length +(\d+), capacity +(\d+), items at (0x[0-9a-f]+)$")
HEAP = re.compile(r"^heap: 1024 KiB at 0xffffc00000000000, limit 64 MiB; (\d+) blocks, "
                  r"(\d+) bytes in use$")
STATUS = re.compile(r"^ uptime (\d+)\.(\d) s \| ticks (\d+) \| key bytes (\d+) \| "
                    r"dropped (\d+) \| spurious (\d+)")


def status(screen):
    return STATUS.match(screen.line(24))


def check(t):
    with t.boot() as machine:
        first = machine.wait_until(machine.screen, lambda s: status(s) and "Type something" in s,
                                   "the greeting and the status line")
        ticks = int(status(first).group(3))
        later = machine.wait_until(machine.screen,
                                   lambda s: status(s) and int(status(s).group(3)) >= ticks + 50,
                                   "50 more ticks")
        halted = sum(machine.registers().get("HLT") == 1 for _ in range(10))
        cr3 = machine.registers()["CR3"]
        serial = machine.serial_text().replace("\r\n", "\n").splitlines()
    # The greeting names the CR3 that the CPU, looked at from outside, has.
    t.expect_equal("greeting_first", first.line(0),
                   f"Hello from chapter 12: all physical memory at 0xffff800000000000, "
                   f"CR3 = {cr3:#x}")
    # The line kernel_main writes through its new page, in light green on black.
    row = next((r for r in range(24) if first.line(r).startswith("written through the new page")),
               None)
    t.expect("line_written_through_the_new_page_is_on_the_screen", row is not None,
             first.text())
    t.expect_equal("it_has_the_colour_written_through_the_page",
                   row is not None and {first.cell(row, col)[1] for col in range(10)}, {0x0A})
    t.expect_equal("status_line_colours", {first.cell(24, col)[1] for col in range(80)},
                   {BLACK_ON_LIGHT_GREY})
    seconds = int(status(later).group(1)) + int(status(later).group(2)) / 10
    t.expect("uptime_follows_the_ticks_at_100_hz",
             abs(seconds - int(status(later).group(3)) / 100) <= 0.1, later.line(24))
    t.expect_equal("no_spurious_irqs", status(later).group(6), "0")
    # Between interrupts the CPU sleeps in hlt: nearly every look finds it halted.
    t.expect("idles_in_hlt_between_interrupts", halted >= 8, f"halted in {halted} of 10 looks")
    # The serial port has the same lines; the status row is the screen's alone.
    missing = [line for line in first.lines[:24] if line.strip() and line not in serial]
    t.expect("screen_text_on_serial_too", not missing, f"not on the serial port: {missing[:5]}")
    # The heap demo: empty before and after, a vec that moved as it doubled.
    lines = first.lines[:24]
    heap = [HEAP.match(line) for line in lines if HEAP.match(line)]
    t.expect_equal("heap_empty_before_and_after_the_demo",
                   [(h.group(1), h.group(2)) for h in heap], [("0", "0"), ("0", "0")])
    t.expect("box_shown_in_the_heap",
             any(re.match(r"^box: a struct point \{3, 4\} at 0xffffc0000000", line)
                 for line in lines), first.text())
    growth = [VEC_GROWTH.match(line) for line in lines if VEC_GROWTH.match(line)]
    t.expect_equal("vec_capacity_doubles_and_its_items_move",
                   ([int(g.group(2)) for g in growth], len({g.group(3) for g in growth})),
                   ([4, 8, 16, 32], 4))
    t.expect("rc_counted_up_and_down_then_destroyed",
             "rc: count 1, retained 2, 3, released 2, 1 -> destructor of \"shared\", freed"
             in lines, first.text())
