/* vga.c: the VGA text-mode writer. Every access to the text buffer goes through here.
   Callers serialise: print.c holds its lock around every use. The status row is apart:
   only vga_write_status_row touches it. */
#include "console/vga.h"

#include <stdint.h>

#include "cpu/x86.h"

#define VGA_TEXT_BUFFER     ((volatile uint16_t *)0xB8000)
#define VGA_FIRST_PRINTABLE ' '
#define VGA_LAST_PRINTABLE  '~'
#define VGA_PLACEHOLDER     0xFE    /* a small square in code page 437 */

/* The blinking cursor belongs to the VGA controller's CRT controller, whose registers
   are reached through an index port and a data port. */
#define VGA_CRTC_INDEX      0x3D4
#define VGA_CRTC_DATA       0x3D5
#define CRTC_CURSOR_HIGH    0x0E    /* cursor position (row * 80 + column), high byte */
#define CRTC_CURSOR_LOW     0x0F    /* ... and low byte */

/* The buffer is volatile: the display reads it behind the compiler's back, so every
   write must really happen, in order. Without a text screen, the text goes to memory
   of our own instead (vga_init). */
static volatile uint16_t *buffer = VGA_TEXT_BUFFER;
static uint16_t no_screen[VGA_ROWS * VGA_COLUMNS];

static struct {
    size_t row;
    size_t column;
    uint8_t colour;     /* background in the high 4 bits, foreground in the low 4 */
} cursor = {
    .colour = VGA_DEFAULT_BACKGROUND << 4 | VGA_DEFAULT_FOREGROUND,
};

/* The rows text flows in; the row below them, if any, is the status row. */
static size_t text_rows = VGA_ROWS;

/* A cell: the character in the low byte, its colour in the high byte. */
static uint16_t cell(uint8_t character, uint8_t colour)
{
    return (uint16_t)(colour << 8 | character);
}

static void clear_row(size_t row)
{
    for (size_t column = 0; column < VGA_COLUMNS; column++) {
        buffer[row * VGA_COLUMNS + column] = cell(' ', cursor.colour);
    }
}

/* Move every text row up by one, losing the top one, and blank the bottom one. */
static void scroll(void)
{
    for (size_t i = 0; i < (text_rows - 1) * VGA_COLUMNS; i++) {
        buffer[i] = buffer[i + VGA_COLUMNS];
    }
    clear_row(text_rows - 1);
}

/* Put the blinking cursor where the next character will appear. Four port writes,
   so it happens once per vga_write, not once per character. */
static void move_hardware_cursor(void)
{
    size_t column = cursor.column < VGA_COLUMNS ? cursor.column : VGA_COLUMNS - 1;
    uint16_t position = (uint16_t)(cursor.row * VGA_COLUMNS + column);
    outb(VGA_CRTC_INDEX, CRTC_CURSOR_HIGH);
    outb(VGA_CRTC_DATA, position >> 8);
    outb(VGA_CRTC_INDEX, CRTC_CURSOR_LOW);
    outb(VGA_CRTC_DATA, position & 0xFF);
}

static void newline(void)
{
    cursor.column = 0;
    if (cursor.row + 1 < text_rows) {
        cursor.row++;
    } else {
        scroll();
    }
}

void vga_init(bool text_screen)
{
    if (!text_screen) {
        buffer = no_screen;     /* 0xB8000 may be no screen's memory, or nobody's */
    }
    vga_clear();
}

void vga_clear(void)
{
    for (size_t row = 0; row < text_rows; row++) {
        clear_row(row);
    }
    cursor.row = 0;
    cursor.column = 0;
    move_hardware_cursor();
}

void vga_set_colour(enum vga_colour foreground, enum vga_colour background)
{
    cursor.colour = (uint8_t)(background << 4 | foreground);
}

/* vga_putc without moving the hardware cursor. */
static void put_char(char c)
{
    uint8_t byte = (uint8_t)c;
    if (c == '\n') {
        newline();
        return;
    }
    if (c == '\r') {
        cursor.column = 0;
        return;
    }
    if (c == '\b') {
        if (cursor.column > 0) {
            cursor.column--;
        } else if (cursor.row > 0) {
            cursor.row--;
            cursor.column = VGA_COLUMNS - 1;
        }
        return;
    }
    if (byte < VGA_FIRST_PRINTABLE || byte > VGA_LAST_PRINTABLE) {
        byte = VGA_PLACEHOLDER;
    }
    /* Wrap only when there is a character to put on the next line, so that text that
       exactly fills a row and then ends with '\n' does not leave an empty row. */
    if (cursor.column == VGA_COLUMNS) {
        newline();
    }
    buffer[cursor.row * VGA_COLUMNS + cursor.column] = cell(byte, cursor.colour);
    cursor.column++;
}

void vga_putc(char c)
{
    put_char(c);
    move_hardware_cursor();
}

void vga_write(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        put_char(text[i]);
    }
    move_hardware_cursor();
}

size_t vga_cursor_column(void)
{
    return cursor.column;
}

void vga_reserve_status_row(void)
{
    if (cursor.row == VGA_ROWS - 1) {
        scroll();
        cursor.row--;
    }
    text_rows = VGA_ROWS - 1;
}

size_t vga_text_rows(void)
{
    return text_rows;
}

void vga_write_status_row(const char *text, enum vga_colour foreground,
                          enum vga_colour background)
{
    uint8_t colour = (uint8_t)(background << 4 | foreground);
    size_t column = 0;
    for (; column < VGA_COLUMNS && text[column] != '\0'; column++) {
        buffer[(VGA_ROWS - 1) * VGA_COLUMNS + column] = cell((uint8_t)text[column], colour);
    }
    for (; column < VGA_COLUMNS; column++) {
        buffer[(VGA_ROWS - 1) * VGA_COLUMNS + column] = cell(' ', colour);
    }
}

uint16_t vga_cell_at(size_t row, size_t column)
{
    return buffer[row * VGA_COLUMNS + column];
}

uint16_t vga_hardware_cursor(void)
{
    outb(VGA_CRTC_INDEX, CRTC_CURSOR_HIGH);
    uint16_t high = inb(VGA_CRTC_DATA);
    outb(VGA_CRTC_INDEX, CRTC_CURSOR_LOW);
    return (uint16_t)(high << 8 | inb(VGA_CRTC_DATA));
}
