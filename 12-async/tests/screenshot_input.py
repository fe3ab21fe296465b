"""What the site types into this chapter's kernel before it takes the post's screenshot
(common/site/screenshot.py): two lines through the keyboard task, then a wait until the
clock task has redrawn the status line past two seconds of uptime, so the picture shows
typed text and a clock that has been running."""
import re

UPTIME = re.compile(r"^ uptime (\d+)\.\d s")
SHOWN_AFTER_SECONDS = 2


def drive(machine):
    machine.wait_for_screen("Type something")
    machine.type_text("Typed through QMP, queued by IRQ 1, shown by the keyboard task.\n"
                      "The clock below is the clock task")
    machine.wait_for_screen("the clock task")

    def uptime(screen):
        match = UPTIME.match(screen.line(24))
        return int(match.group(1)) if match else 0

    machine.wait_until(machine.screen, lambda s: uptime(s) >= SHOWN_AFTER_SECONDS,
                       "the clock past two seconds")
