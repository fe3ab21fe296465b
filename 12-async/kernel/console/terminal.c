/* terminal.c: a line of typing, echoed through kprintf. It remembers how many cells
   each character of the line took, so that backspace can take back a tab whole. */
#include "console/terminal.h"

#include <stddef.h>
#include <stdint.h>

#include "console/print.h"
#include "console/vga.h"

#define LINE_MAX  256   /* characters in one typed line; more are ignored */
#define TAB_WIDTH 8

static uint8_t widths[LINE_MAX];
static size_t length;

void terminal_key(const struct key_event *event)
{
    if (!event->pressed || event->character == 0 ||
        (event->modifiers & (MODIFIER_CTRL | MODIFIER_ALT))) {
        return;
    }
    char character = event->character;
    if (character == '\n') {
        kprintf("\n");
        length = 0;
        return;
    }
    if (character == '\b') {
        if (length > 0) {
            for (uint8_t cell = widths[--length]; cell > 0; cell--) {
                kprintf("\b \b");
            }
        }
        return;
    }
    if (length == LINE_MAX) {
        return;
    }
    uint8_t width = character == '\t' ? TAB_WIDTH - vga_cursor_column() % TAB_WIDTH : 1;
    widths[length++] = width;
    if (character == '\t') {
        kprintf("%*s", width, "");
    } else {
        kprintf("%c", character);
    }
}
