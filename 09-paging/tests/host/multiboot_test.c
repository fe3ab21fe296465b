/* multiboot_test.c: the walk over the Multiboot2 tags, on the host: boot information as
   GRUB gives it under a BIOS and under UEFI, and lists that do not hold together. Each
   list is copied into a heap block of exactly its total size, so that AddressSanitizer
   reports any read past its end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "memory/multiboot.h"

#define INFO_MAX 256

/* Boot information under construction: the header, then tags, each padded to 8. */
struct builder {
    uint8_t bytes[INFO_MAX];
    uint32_t size;
};

static void start(struct builder *b)
{
    memset(b, 0, sizeof(*b));
    b->size = 8;
}

/* A tag of type with size bytes in all (payload zero, framebuffer type at byte 29). */
static void add_tag(struct builder *b, uint32_t type, uint32_t size, int framebuffer_type)
{
    uint32_t header[2] = {type, size};
    memcpy(b->bytes + b->size, header, sizeof(header));
    if (framebuffer_type >= 0) {
        b->bytes[b->size + 29] = (uint8_t)framebuffer_type;
    }
    b->size += (size + 7) & ~7u;
}

/* The finished list, in a block of exactly total bytes (total 0: its own size). */
static uint8_t *finish(struct builder *b, uint32_t total)
{
    add_tag(b, MB2_TAG_END, 8, -1);
    total = total ? total : b->size;
    memcpy(b->bytes, &total, sizeof(total));
    uint8_t *block = malloc(total);
    memcpy(block, b->bytes, total);
    return block;
}

static void check_machine(const char *name, uint8_t *info, int uefi, int text_screen)
{
    struct multiboot_machine machine = multiboot_machine(info);
    char detail[96];
    snprintf(detail, sizeof(detail), "uefi %d, text screen %d; expected %d, %d", machine.uefi,
             machine.text_screen, uefi, text_screen);
    check(name, machine.uefi == uefi && machine.text_screen == text_screen, detail);
    free(info);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct builder b;

    /* GRUB under SeaBIOS: command line, loader name (sizes 9 and 29, padded), memory
       map, then an EGA text framebuffer at 0xB8000. */
    start(&b);
    add_tag(&b, 1, 9, -1);
    add_tag(&b, 2, 29, -1);
    add_tag(&b, 6, 40, -1);
    add_tag(&b, MB2_TAG_FRAMEBUFFER, 32, MB2_FRAMEBUFFER_EGA_TEXT);
    check_machine("bios_with_a_text_framebuffer", finish(&b, 0), 0, 1);

    /* GRUB under OVMF: the EFI 64-bit system table, no framebuffer at all. */
    start(&b);
    add_tag(&b, 1, 9, -1);
    add_tag(&b, MB2_TAG_EFI64_SYSTEM_TABLE, 16, -1);
    add_tag(&b, 14, 28, -1);
    check_machine("uefi_without_a_framebuffer", finish(&b, 0), 1, 0);

    start(&b);
    add_tag(&b, MB2_TAG_EFI32_SYSTEM_TABLE, 12, -1);
    check_machine("uefi_32_bit", finish(&b, 0), 1, 0);

    start(&b);
    add_tag(&b, MB2_TAG_FRAMEBUFFER, 32, 1);   /* RGB: a graphics mode */
    check_machine("bios_with_a_graphics_framebuffer", finish(&b, 0), 0, 0);

    start(&b);
    add_tag(&b, 1, 9, -1);
    check_machine("bios_without_a_framebuffer_tag_keeps_text_mode", finish(&b, 0), 0, 1);

    start(&b);
    add_tag(&b, MB2_TAG_FRAMEBUFFER, 16, -1);
    check_machine("framebuffer_tag_too_short_to_read", finish(&b, 0), 0, 1);

    /* Lists that do not hold together: the walk stops, and reads nothing past the end. */
    start(&b);
    add_tag(&b, 1, 9, -1);
    add_tag(&b, MB2_TAG_EFI64_SYSTEM_TABLE, 16, -1);
    uint8_t *info = finish(&b, 20);     /* total ends inside the second tag */
    check("tag_past_the_total_size_is_not_read",
          multiboot_find_tag(info, MB2_TAG_EFI64_SYSTEM_TABLE) == NULL, "found");
    free(info);

    start(&b);
    add_tag(&b, MB2_TAG_FRAMEBUFFER, 32, MB2_FRAMEBUFFER_EGA_TEXT);
    info = finish(&b, 24);      /* total ends 16 bytes into the framebuffer tag */
    check("tag_that_runs_past_the_total_size_is_not_found",
          multiboot_find_tag(info, MB2_TAG_FRAMEBUFFER) == NULL, "found");
    free(info);

    start(&b);
    add_tag(&b, 1, 4, -1);      /* smaller than a tag header: no progress possible */
    add_tag(&b, MB2_TAG_EFI64_SYSTEM_TABLE, 16, -1);
    info = finish(&b, 0);
    check("tag_size_below_8_ends_the_walk",
          multiboot_find_tag(info, MB2_TAG_EFI64_SYSTEM_TABLE) == NULL, "found");
    free(info);

    start(&b);
    add_tag(&b, 1, 8, -1);
    info = finish(&b, 0);
    uint32_t past_the_end = 1000;
    memcpy(info + 12, &past_the_end, sizeof(past_the_end));    /* the first tag's size */
    check("tag_size_past_the_end_ends_the_walk", multiboot_find_tag(info, 2) == NULL, "found");
    free(info);

    start(&b);
    info = finish(&b, 0);
    check("end_tag_only_finds_nothing", multiboot_find_tag(info, MB2_TAG_FRAMEBUFFER) == NULL,
          "found");
    uint32_t huge = 0x7FFFFFFF;
    memcpy(info, &huge, sizeof(huge));
    check("absurd_total_size_is_not_walked", multiboot_find_tag(info, 1) == NULL, "found");
    free(info);

    check("no_boot_information", multiboot_find_tag(NULL, 1) == NULL, "found");
    return check_summary();
}
