/* print.c: the kernel's printf. One lock around the VGA writer, so that a message is
   never cut in half by another one. */
#include "console/print.h"

#include "console/vga.h"
#include "cpu/spinlock.h"
#include "lib/format.h"
#include "lib/string.h"

static struct spinlock print_lock = SPINLOCK_INIT;

static void write_to_screen(void *context, const char *text, size_t length)
{
    (void)context;
    vga_write(text, length);
}

int kvprintf(const char *fmt, va_list args)
{
    spinlock_lock(&print_lock);
    int count = format(write_to_screen, NULL, fmt, args);
    spinlock_unlock(&print_lock);
    return count;
}

int kprintf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int count = kvprintf(fmt, args);
    va_end(args);
    return count;
}

void kputs(const char *text)
{
    spinlock_lock(&print_lock);
    vga_write(text, strlen(text));
    vga_putc('\n');
    spinlock_unlock(&print_lock);
}

void print_break_lock(void)
{
    spinlock_unlock(&print_lock);
}
