"""Chapter 02 check: boot the kernel and read the VGA text buffer from outside.

kernel_main clears the screen and writes "Hello World!" white on black in the top left
corner.
"""
GREETING = "Hello World!"
WHITE_ON_BLACK = 0x0F


def check(t):
    with t.boot() as machine:
        screen = machine.wait_for_screen(GREETING)
        t.expect_equal("greeting_on_first_line", screen.line(0), GREETING)
        colours = {screen.cell(0, col)[1] for col in range(len(GREETING))}
        t.expect_equal("greeting_white_on_black", colours, {WHITE_ON_BLACK})
        t.expect_equal("rest_of_screen_cleared", screen.lines[1:], [""] * 24)
