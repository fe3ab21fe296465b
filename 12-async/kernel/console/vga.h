/* vga.h: the VGA text-mode writer. It owns the 80x25 text buffer at 0xB8000 and keeps
   a cursor: text flows left to right, wraps at the right edge and scrolls at the bottom.
   The blinking hardware cursor follows it. */
#ifndef VGA_H
#define VGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VGA_COLUMNS 80
#define VGA_ROWS    25

/* The 16 colours of text mode. Backgrounds 8-15 blink on some hardware. */
enum vga_colour {
    VGA_BLACK, VGA_BLUE, VGA_GREEN, VGA_CYAN, VGA_RED, VGA_MAGENTA, VGA_BROWN,
    VGA_LIGHT_GREY, VGA_DARK_GREY, VGA_LIGHT_BLUE, VGA_LIGHT_GREEN, VGA_LIGHT_CYAN,
    VGA_LIGHT_RED, VGA_PINK, VGA_YELLOW, VGA_WHITE,
};

#define VGA_DEFAULT_FOREGROUND VGA_LIGHT_GREY
#define VGA_DEFAULT_BACKGROUND VGA_BLACK

/* Start writing: on the text screen at 0xB8000, or, if the machine has none (UEFI
   firmware leaves a graphics mode), in a buffer in memory that nothing shows. Then
   vga_clear. */
void vga_init(bool text_screen);

/* Blank the screen in the current colours and put the cursor at the top left. */
void vga_clear(void);

/* Set the colours of the text written from now on. */
void vga_set_colour(enum vga_colour foreground, enum vga_colour background);

/* Write one character at the cursor. '\n' starts a new line, '\r' returns to the start
   of the line, '\b' moves back one cell (to the end of the row above at the start of a
   row); bytes outside printable ASCII show as a placeholder block. */
void vga_putc(char c);

/* Write length characters of text, as vga_putc would one by one. */
void vga_write(const char *text, size_t length);

/* The cursor's column: 0-79, or 80 after a character in the last column (the next
   one wraps). */
size_t vga_cursor_column(void);

/* Keep the bottom row for a status line: from now on text wraps and scrolls in the
   rows above it, and only vga_write_status_row writes there. */
void vga_reserve_status_row(void);

/* How many rows text uses: VGA_ROWS, or one fewer once the status row is reserved. */
size_t vga_text_rows(void);

/* Write text on the bottom row, cut or padded to 80 columns, in the given colours.
   Touches nothing else (not the cursor), so an interrupt handler may call it while
   other code writes text. */
void vga_write_status_row(const char *text, enum vga_colour foreground,
                          enum vga_colour background);

/* Read back one cell: the character in the low byte, its colour in the high byte.
   Lets tests check what really reached the screen. */
uint16_t vga_cell_at(size_t row, size_t column);

/* Where the VGA controller shows its blinking cursor, as row * 80 + column. */
uint16_t vga_hardware_cursor(void);

#endif
