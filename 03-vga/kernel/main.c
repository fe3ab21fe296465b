/* main.c: the kernel's C entry point. boot/long_mode.asm calls kernel_main in 64-bit
   mode with a stack and the identity-mapped first 1 GiB of memory. */
#include <stdint.h>

#include "console/print.h"
#include "console/vga.h"

void kernel_main(uintptr_t multiboot_info);

/* A tour of the formatter, with more lines than the screen has rows so that it must
   scroll. The squares come first and partly scroll away; everything after them stays
   on the screen, where tests/screen.py checks every line. */
static void print_formatter_tour(void)
{
    kputs("Hello World!");
    for (int i = 1; i <= 18; i++) {
        kprintf("%2d squared is %3d\n", i, i * i);
    }
    kprintf("decimal %d %i %u, hex %x %X %#x, percent %%\n",
            -42, 7, 3000000000u, 0xbeefu, 0xbeefu, 255u);
    kprintf("padding [%5d] [%-5d] [%05d] [%+d], strings [%s] [%.3s] [%6s], char %c\n",
            42, 42, -42, 42, "abc", "abcdef", "right", '!');
    kprintf("64 bits: %lld %llu, sizeof(void *) = %zu\n",
            (long long)INT64_MIN, (unsigned long long)UINT64_MAX, sizeof(void *));
    kprintf("kernel_main is at %p\n", (void *)kernel_main);
    kprintf("unprintable bytes show as blocks: [\x01\x7f\xff]\n");
    kprintf("%-79s|%s\n", "this line is exactly 80 columns wide, so the next word wraps",
            "wrapped");
    vga_set_colour(VGA_LIGHT_GREEN, VGA_BLACK);
    kputs("Done: the screen scrolled.");
    vga_set_colour(VGA_DEFAULT_FOREGROUND, VGA_DEFAULT_BACKGROUND);
}

/* The C kernel. multiboot_info is the physical address of GRUB's boot information,
   which later chapters read. Returning halts the CPU. */
void kernel_main(uintptr_t multiboot_info)
{
    (void)multiboot_info;
    vga_clear();
    print_formatter_tour();
}
