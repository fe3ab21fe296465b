"""The hang must be the deadlock: the last thing the kernel said is the handler's
announcement that it waits for the lock."""


def check(t, run):
    last = run.serial.strip().splitlines()[-1] if run.serial.strip() else ""
    t.expect("hang_is_the_handler_waiting_for_the_lock",
             last.startswith("deadlock: tick") and "waits for the lock" in last, last)
