"""Chapter 02 check: boot the kernel and read the VGA text buffer from outside.

kernel_main clears the screen and writes "Hello World!" white on black in the top left
corner. On a CPU without long mode, boot.asm must say so instead of crashing.
"""
GREETING = "Hello World!"
WHITE_ON_BLACK = 0x0F
NO_LONG_MODE = "boot error: this CPU does not support 64-bit long mode"
WHITE_ON_RED = 0x4F


def check(t):
    with t.boot() as machine:
        screen = machine.wait_for_screen(GREETING)
        t.expect_equal("greeting_on_first_line", screen.line(0), GREETING)
        colours = {screen.cell(0, col)[1] for col in range(len(GREETING))}
        t.expect_equal("greeting_white_on_black", colours, {WHITE_ON_BLACK})
        t.expect_equal("rest_of_screen_cleared", screen.lines[1:], [""] * 24)

    # qemu32 is a 32-bit CPU model: CPUID reports no long mode.
    with t.boot(extra_args=["-cpu", "qemu32"]) as machine:
        screen = machine.wait_for_screen("boot error")
        t.expect_equal("no_long_mode_reported", screen.line(0), NO_LONG_MODE)
        t.expect_equal("error_white_on_red", screen.cell(0, 0)[1], WHITE_ON_RED)
