"""What the site does in this chapter's kernel before it takes the post's screenshot
(common/site/screenshot.py): it waits for the last line the kernel prints, and types
nothing, because the page tables fill the screen and a typed line would scroll their
top off."""


def drive(machine):
    machine.wait_for_screen("Type something")
