"""What the site does in this chapter's kernel before it takes the post's screenshot
(common/site/screenshot.py): it waits for the last line the kernel prints, and types
nothing: the screenshot shows the memory map, the line written through the new page
and the translations."""


def drive(machine):
    machine.wait_for_screen("Type something")
