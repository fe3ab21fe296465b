/* vga_test.c: unit tests of the VGA writer. Each test clears the screen, writes, and
   reads the text buffer back through vga_cell_at. */
#include <stddef.h>

#include "console/vga.h"
#include "lib/format.h"
#include "test/test.h"

#define GREY_ON_BLACK (VGA_BLACK << 4 | VGA_LIGHT_GREY)

static char char_at(size_t row, size_t column)
{
    return (char)(vga_cell_at(row, column) & 0xFF);
}

static unsigned colour_at(size_t row, size_t column)
{
    return vga_cell_at(row, column) >> 8;
}

/* Write text followed by a newline. */
static void write_line(const char *text)
{
    for (size_t i = 0; text[i] != '\0'; i++) {
        vga_putc(text[i]);
    }
    vga_putc('\n');
}

TEST(vga_writes_a_line)
{
    vga_clear();
    write_line("Some test string");
    const char *expected = "Some test string";
    for (size_t i = 0; expected[i] != '\0'; i++) {
        TEST_ASSERT_EQ(char_at(0, i), expected[i]);
        TEST_ASSERT_EQ(colour_at(0, i), GREY_ON_BLACK);
    }
    TEST_ASSERT_EQ(char_at(0, 16), ' ');
    TEST_ASSERT_EQ(char_at(1, 0), ' ');
}

TEST(vga_survives_many_lines)
{
    vga_clear();
    for (int i = 0; i < 200; i++) {
        write_line("many lines");
    }
    TEST_ASSERT_EQ(char_at(vga_text_rows() - 2, 0), 'm');
    TEST_ASSERT_EQ(char_at(vga_text_rows() - 1, 0), ' ');
}

TEST(vga_scrolls_when_full)
{
    vga_clear();
    size_t rows = vga_text_rows();
    char line[16];
    for (size_t i = 0; i < rows + 1; i++) {     /* one line more than fits */
        format_buffer(line, sizeof(line), "line %02zu", i);
        write_line(line);
    }
    /* rows + 1 lines and the cursor's fresh row: lines 00 and 01 scrolled away. */
    TEST_ASSERT_EQ(char_at(0, 5), '0');
    TEST_ASSERT_EQ(char_at(0, 6), '2');
    format_buffer(line, sizeof(line), "line %02zu", rows);
    TEST_ASSERT_EQ(char_at(rows - 2, 5), line[5]);
    TEST_ASSERT_EQ(char_at(rows - 2, 6), line[6]);
}

TEST(vga_text_never_reaches_the_status_row)
{
    TEST_ASSERT_EQ(vga_text_rows(), VGA_ROWS - 1);
    vga_clear();
    for (int i = 0; i < 200; i++) {
        write_line("many lines");
    }
    /* The timer has written " uptime ..." there since boot; the text left it alone. */
    TEST_ASSERT_EQ(char_at(VGA_ROWS - 1, 1), 'u');
}

TEST(vga_backspace_moves_back_across_rows)
{
    vga_clear();
    vga_putc('a');
    vga_putc('\b');
    vga_putc('b');
    TEST_ASSERT_EQ(char_at(0, 0), 'b');
    vga_putc('\n');
    vga_putc('\b');
    vga_putc('c');
    TEST_ASSERT_EQ(char_at(0, VGA_COLUMNS - 1), 'c');
}

TEST(vga_wraps_at_80_columns)
{
    vga_clear();
    for (int i = 0; i < VGA_COLUMNS; i++) {
        vga_putc('a');
    }
    vga_putc('b');
    TEST_ASSERT_EQ(char_at(0, VGA_COLUMNS - 1), 'a');
    TEST_ASSERT_EQ(char_at(1, 0), 'b');
}

TEST(vga_exactly_full_line_then_newline_leaves_no_blank_row)
{
    vga_clear();
    for (int i = 0; i < VGA_COLUMNS; i++) {
        vga_putc('a');
    }
    vga_putc('\n');
    vga_putc('b');
    TEST_ASSERT_EQ(char_at(1, 0), 'b');
}

TEST(vga_colours_each_cell)
{
    vga_clear();
    vga_set_colour(VGA_YELLOW, VGA_BLUE);
    vga_putc('y');
    vga_set_colour(VGA_DEFAULT_FOREGROUND, VGA_DEFAULT_BACKGROUND);
    vga_putc('g');
    TEST_ASSERT_EQ(colour_at(0, 0), VGA_BLUE << 4 | VGA_YELLOW);
    TEST_ASSERT_EQ(colour_at(0, 1), GREY_ON_BLACK);
}

TEST(vga_shows_unprintable_bytes_as_placeholder)
{
    vga_clear();
    vga_putc('\x01');
    vga_putc('\x7f');
    vga_putc('\t');
    TEST_ASSERT_EQ((unsigned char)char_at(0, 0), 0xFE);
    TEST_ASSERT_EQ((unsigned char)char_at(0, 1), 0xFE);
    TEST_ASSERT_EQ((unsigned char)char_at(0, 2), 0xFE);
}

TEST(vga_carriage_return_overwrites_the_line)
{
    vga_clear();
    vga_write("abc\rX", 5);
    TEST_ASSERT_EQ(char_at(0, 0), 'X');
    TEST_ASSERT_EQ(char_at(0, 1), 'b');
}

TEST(vga_hardware_cursor_follows_the_text)
{
    vga_clear();
    TEST_ASSERT_EQ(vga_hardware_cursor(), 0);
    vga_write("abc\nde", 6);
    TEST_ASSERT_EQ(vga_hardware_cursor(), 1 * VGA_COLUMNS + 2);
}
