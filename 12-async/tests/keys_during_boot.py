"""Presses a key while the kernel waits before its set-up, then types three more."""


def drive(machine):
    machine.wait_for_serial("press a key now")
    machine.press("a")
    machine.wait_for_serial("ready for more keys")
    machine.type_text("xyz")
