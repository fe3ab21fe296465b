/* print.c: the kernel's printf, on the screen and the serial port at once: a person may
   have only one of them (a machine without a text screen, a serial cable). One lock
   around both writers, so that a message is never cut in half by another one. */
#include "console/print.h"

#include "console/vga.h"
#include "cpu/spinlock.h"
#include "devices/serial.h"
#include "lib/format.h"
#include "lib/string.h"
#include "memory/multiboot.h"
#include "memory/paging.h"

static struct spinlock print_lock = SPINLOCK_INIT("print");

/* Serial first: it is what survives a screen that is not there or a crash. */
static void write_to_console(void *context, const char *text, size_t length)
{
    (void)context;
    serial_write(text, length);
    vga_write(text, length);
}

int kvprintf(const char *fmt, va_list args)
{
    spinlock_lock(&print_lock);
    int count = format(write_to_console, NULL, fmt, args);
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
    write_to_console(NULL, text, strlen(text));
    write_to_console(NULL, "\n", 1);
    spinlock_unlock(&print_lock);
}

void print_init(uintptr_t multiboot_info)
{
    struct multiboot_machine machine = multiboot_machine(phys_to_virt(multiboot_info));
    vga_init(machine.text_screen);
    if (!machine.text_screen) {
        kprintf("booted by %s: no VGA text screen, so the kernel's output goes to the "
                "serial port (COM1) only\n",
                machine.uefi ? "UEFI" : "a bootloader that chose a graphics mode");
    }
}
