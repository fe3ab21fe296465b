/* main.c: the kernel's C entry point. boot/long_mode.asm calls kernel_main in 64-bit
   mode with a stack and the identity-mapped first 1 GiB of memory. */
#include <stddef.h>
#include <stdint.h>

/* The VGA text buffer: 80x25 cells of two bytes each, a character then a colour.
   volatile, because writes to it are seen by the display, not by the rest of the
   program: the compiler must not drop or reorder them. */
#define VGA_TEXT_BUFFER     ((volatile uint16_t *)0xB8000)
#define VGA_COLUMNS         80
#define VGA_ROWS            25
#define VGA_WHITE_ON_BLACK  0x0F

static const char greeting[] = "Hello World!";

/* The C kernel. multiboot_info is the physical address of GRUB's boot information,
   which later chapters read. Returning halts the CPU. */
void kernel_main(uintptr_t multiboot_info)
{
    (void)multiboot_info;
    volatile uint16_t *screen = VGA_TEXT_BUFFER;

    for (size_t i = 0; i < VGA_COLUMNS * VGA_ROWS; i++) {
        screen[i] = VGA_WHITE_ON_BLACK << 8 | ' ';
    }
    for (size_t i = 0; greeting[i] != '\0'; i++) {
        screen[i] = VGA_WHITE_ON_BLACK << 8 | (uint8_t)greeting[i];
    }
}
