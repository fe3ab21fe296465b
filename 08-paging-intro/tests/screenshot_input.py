"""What the site types into this chapter's kernel before it takes the post's
screenshot (common/site/screenshot.py)."""


def drive(machine):
    machine.wait_for_screen("Type something")
    machine.type_text("Typed through QEMU's keyboard, one key at a time.\nAnd a second line")
    machine.wait_for_screen("And a second line")
