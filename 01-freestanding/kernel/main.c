/* main.c: a freestanding C program that GRUB can boot. There is no libc and no
   startup code: _start is the first instruction of ours that runs, and it never returns. */
#include <stdint.h>

#include "cpu/x86.h"

#define MB2_HEADER_MAGIC  0xE85250D6u /* tells GRUB "this is a multiboot2 kernel" */
#define MB2_ARCH_I386     0u          /* start us in 32-bit protected mode */
#define MB2_TAG_END       0u

/* The multiboot2 header: the fields that make GRUB accept the file, and an empty tag
   list. The checksum makes the four header fields add up to zero (mod 2^32). */
struct multiboot2_header {
    uint32_t magic;
    uint32_t architecture;
    uint32_t header_length;
    uint32_t checksum;
    uint16_t end_tag_type;
    uint16_t end_tag_flags;
    uint32_t end_tag_size;
};

/* `used` keeps the compiler from dropping a variable that no code refers to; the
   linker script puts the section first in the file, where GRUB looks for it. */
__attribute__((section(".multiboot2"), aligned(8), used))
static const struct multiboot2_header multiboot2_header = {
    .magic = MB2_HEADER_MAGIC,
    .architecture = MB2_ARCH_I386,
    .header_length = sizeof(struct multiboot2_header),
    .checksum = -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + sizeof(struct multiboot2_header)),
    .end_tag_type = MB2_TAG_END,
    .end_tag_flags = 0,
    .end_tag_size = 8,
};

/* GRUB jumps here in 32-bit protected mode with interrupts disabled. We have no stack
   yet, so this function must not need one: a loop around `hlt` does not. */
__attribute__((noreturn)) void _start(void)
{
    for (;;) {
        hlt();
    }
}
