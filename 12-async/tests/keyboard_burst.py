"""Types more keys than the scancode queue holds while keyboard_burst.c stalls its
executor, then checks that the keyboard task warned of exactly the bytes that did not
fit and showed exactly the characters that did, in order."""
import re

QUEUE_CAPACITY = 128        # SCANCODE_QUEUE_CAPACITY, in bytes
BYTES_PER_KEY = 2           # a lower-case letter or a space: make code, break code
BURST = ("abcdefghijklmnopqrstuvwxyz " * 4)[:100]   # BURST_KEYS in keyboard_burst.c


def drive(machine):
    machine.wait_for_serial("keyboard_burst: stalled, type now")
    machine.type_text(BURST, hold_ms=1)


def check(t, run):
    serial = run.serial.replace("\r", "")
    dropped_expected = len(BURST) * BYTES_PER_KEY - QUEUE_CAPACITY
    kept_expected = BURST[:QUEUE_CAPACITY // BYTES_PER_KEY]
    warning = re.search(r"warning: keyboard queue full, (\d+) key bytes dropped\n", serial)
    t.expect("the_keyboard_task_warned_of_drops", warning, serial[-2000:])
    if not warning:
        return
    t.expect_equal("exactly_the_bytes_that_did_not_fit_were_dropped",
                   int(warning.group(1)), dropped_expected)
    end = serial.find("\nkeyboard_burst: done", warning.end())
    t.expect_equal("what_fitted_is_shown_in_order", serial[warning.end():end], kept_expected)
