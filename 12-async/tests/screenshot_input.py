"""What the site does in this chapter's kernel before it takes the post's screenshot
(common/site/screenshot.py): it waits for the last line the kernel prints, and types
nothing: the screenshot shows the line written through the new page, the translations
and the heap demo (the memory map went to the serial port)."""


def drive(machine):
    machine.wait_for_screen("Type something")
