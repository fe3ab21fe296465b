/* multiboot_test.c: the walk over the Multiboot2 tags, on the host: boot information as
   GRUB gives it under a BIOS and under UEFI, and lists that do not hold together; then
   multiboot_parse's bootloader name, command line and memory map, from good tags and
   from truncated and malformed ones. Each list is copied into a heap block of exactly
   its total size, so that AddressSanitizer reports any read past its end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "memory/multiboot.h"

#define INFO_MAX 1024

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

static uint8_t *finish(struct builder *b, uint32_t total);

/* A tag of type with this payload after its header (size: header and payload). */
static void add_payload_tag(struct builder *b, uint32_t type, const void *payload,
                            uint32_t length)
{
    uint32_t header[2] = {type, 8 + length};
    memcpy(b->bytes + b->size, header, sizeof(header));
    memcpy(b->bytes + b->size + 8, payload, length);
    b->size += (8 + length + 7) & ~7u;
}

/* A memory map tag: entry_size and entry_version, then count entries of entry_size
   bytes (base, length, type; the rest zero). */
static void add_memory_map(struct builder *b, uint32_t entry_size, uint32_t version,
                           const struct memory_map_entry *entries, size_t count)
{
    uint8_t payload[INFO_MAX / 2] = {0};
    memcpy(payload, &entry_size, 4);
    memcpy(payload + 4, &version, 4);
    for (size_t i = 0; i < count; i++) {
        uint8_t *entry = payload + 8 + i * entry_size;
        memcpy(entry, &entries[i].base, 8);
        memcpy(entry + 8, &entries[i].length, 8);
        memcpy(entry + 16, &entries[i].type, 4);
    }
    add_payload_tag(b, MB2_TAG_MEMORY_MAP, payload, (uint32_t)(8 + count * entry_size));
}

static const struct memory_map_entry qemu_map[] = {
    {0, 0x9FC00, 1}, {0x9FC00, 0x400, 2}, {0xF0000, 0x10000, 2},
    {0x100000, 0x7EE0000, 1}, {0x7FE0000, 0x20000, 2}, {0xFFFC0000, 0x40000, 2},
};
#define QEMU_ENTRIES (sizeof(qemu_map) / sizeof(qemu_map[0]))

static int same_entries(const struct multiboot_info_parsed *parsed,
                        const struct memory_map_entry *entries, size_t count)
{
    if (parsed->memory_map_count != count) {
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        if (parsed->memory_map[i].base != entries[i].base ||
            parsed->memory_map[i].length != entries[i].length ||
            parsed->memory_map[i].type != entries[i].type) {
            return 0;
        }
    }
    return 1;
}

/* Parse info and check its problem (NULL: none expected) and map entry count. */
static void check_parse(const char *name, uint8_t *info, const char *problem,
                        size_t entries, struct multiboot_info_parsed *parsed)
{
    int ok = multiboot_parse(info, 0x10000, parsed);
    char detail[256];
    snprintf(detail, sizeof(detail), "returned %d, problem \"%s\", %zu entries; expected "
             "\"%s\", %zu entries", ok, parsed->problem ? parsed->problem : "(none)",
             parsed->memory_map_count, problem ? problem : "(none)", entries);
    check(name, ok == (problem == NULL) && parsed->memory_map_count == entries &&
          (problem == NULL ? parsed->problem == NULL
                           : parsed->problem && strcmp(parsed->problem, problem) == 0), detail);
}

static void test_parse(void)
{
    struct builder b;
    struct multiboot_info_parsed parsed;

    start(&b);
    add_payload_tag(&b, MB2_TAG_COMMAND_LINE, "/boot/kernel.elf", 17);
    add_payload_tag(&b, MB2_TAG_BOOTLOADER_NAME, "GRUB 2.06", 10);
    add_memory_map(&b, 24, 0, qemu_map, QEMU_ENTRIES);
    add_tag(&b, MB2_TAG_FRAMEBUFFER, 32, MB2_FRAMEBUFFER_EGA_TEXT);
    uint8_t *info = finish(&b, 0);
    check_parse("parse_grub_under_seabios", info, NULL, QEMU_ENTRIES, &parsed);
    check_string("command_line", parsed.command_line, "/boot/kernel.elf");
    check_string("bootloader_name", parsed.bootloader_name, "GRUB 2.06");
    check("memory_map_entries_as_given", parsed.memory_map_found &&
          same_entries(&parsed, qemu_map, QEMU_ENTRIES), "entries differ");
    check_number("the_information_s_own_place", parsed.physical, 0x10000);
    check_number("the_information_s_own_size", parsed.size, b.size);
    free(info);

    /* A bigger entry (a later version's extra fields) is read at its own stride. */
    start(&b);
    add_memory_map(&b, 32, 1, qemu_map, QEMU_ENTRIES);
    info = finish(&b, 0);
    check_parse("memory_map_with_32_byte_entries", info, NULL, QEMU_ENTRIES, &parsed);
    check("entries_read_at_their_stride", same_entries(&parsed, qemu_map, QEMU_ENTRIES),
          "entries differ");
    free(info);

    /* Entry sizes that cannot be: too small, not a multiple of 8, zero. */
    static const uint32_t bad_sizes[] = {16, 28, 0};
    for (size_t i = 0; i < 3; i++) {
        start(&b);
        add_memory_map(&b, bad_sizes[i], 0, qemu_map, bad_sizes[i] ? 2 : 0);
        info = finish(&b, 0);
        char name[64];
        snprintf(name, sizeof(name), "memory_map_entry_size_%u_is_refused", bad_sizes[i]);
        check_parse(name, info,
                    "the memory map's entry size is not a multiple of 8 of at least 24", 0,
                    &parsed);
        free(info);
    }

    /* A tag that ends inside its last entry: the whole entries are kept. */
    start(&b);
    add_memory_map(&b, 24, 0, qemu_map, 3);
    uint32_t cut = 8 + 8 + 2 * 24 + 10;     /* tag header, map header, 2.4 entries */
    memcpy(b.bytes + 12, &cut, 4);
    b.size = 8 + ((cut + 7) & ~7u);
    info = finish(&b, 0);
    check_parse("memory_map_cut_inside_an_entry", info, "the memory map tag ends inside an entry",
                2, &parsed);
    free(info);

    /* A memory map tag too small for its own header. */
    start(&b);
    add_tag(&b, MB2_TAG_MEMORY_MAP, 12, -1);
    info = finish(&b, 0);
    check_parse("memory_map_tag_without_room_for_its_header", info,
                "the memory map tag is too small for its header", 0, &parsed);
    free(info);

    /* More entries than the kernel keeps: the first MEMORY_MAP_MAX, and a problem. */
    start(&b);
    struct memory_map_entry many[MEMORY_MAP_MAX + 1];
    for (size_t i = 0; i < MEMORY_MAP_MAX + 1; i++) {
        many[i] = (struct memory_map_entry){i * 0x1000, 0x1000, 1};
    }
    uint8_t big[8 + 16 + (MEMORY_MAP_MAX + 1) * 24 + 8];
    /* Built by hand: the builder's payload buffer is smaller than this map. */
    uint32_t map_size = 16 + (MEMORY_MAP_MAX + 1) * 24;
    uint32_t total = 8 + map_size + 8;
    memset(big, 0, sizeof(big));
    memcpy(big, &total, 4);
    uint32_t map_header[4] = {MB2_TAG_MEMORY_MAP, map_size, 24, 0};
    memcpy(big + 8, map_header, sizeof(map_header));
    for (size_t i = 0; i < MEMORY_MAP_MAX + 1; i++) {
        memcpy(big + 24 + i * 24, &many[i].base, 8);
        memcpy(big + 24 + i * 24 + 8, &many[i].length, 8);
        memcpy(big + 24 + i * 24 + 16, &many[i].type, 4);
    }
    uint32_t end[2] = {MB2_TAG_END, 8};
    memcpy(big + 8 + map_size, end, 8);
    info = malloc(total);
    memcpy(info, big, total);
    check_parse("more_entries_than_kept", info,
                "the memory map has more entries than the kernel keeps", MEMORY_MAP_MAX, &parsed);
    free(info);

    /* Strings without their final zero are not used. */
    start(&b);
    add_payload_tag(&b, MB2_TAG_BOOTLOADER_NAME, "GRUB", 4);
    add_payload_tag(&b, MB2_TAG_COMMAND_LINE, "", 1);
    info = finish(&b, 0);
    check_parse("bootloader_name_without_its_zero", info, "the bootloader name has no final zero",
                0, &parsed);
    check("an_unterminated_name_is_not_used", parsed.bootloader_name == NULL, "used");
    check_string("an_empty_command_line_is_one", parsed.command_line, "");
    free(info);

    /* Lists that do not hold together: what came before the break is kept. */
    start(&b);
    add_payload_tag(&b, MB2_TAG_COMMAND_LINE, "quiet", 6);
    add_memory_map(&b, 24, 0, qemu_map, QEMU_ENTRIES);
    info = finish(&b, 40);      /* ends inside the memory map tag, at 24 */
    check_parse("truncated_inside_the_memory_map", info, "a tag runs past the total size", 0,
                &parsed);
    check_string("what_came_before_is_kept", parsed.command_line, "quiet");
    check("no_memory_map_from_a_cut_tag", !parsed.memory_map_found, "found");
    free(info);

    start(&b);
    add_payload_tag(&b, MB2_TAG_COMMAND_LINE, "quiet", 6);
    uint8_t *no_end = finish(&b, 0);
    uint32_t shorter = 8 + 16;  /* the end tag left out of the total */
    memcpy(no_end, &shorter, 4);
    info = malloc(shorter);
    memcpy(info, no_end, shorter);
    free(no_end);
    check_parse("no_end_tag", info, "the tag list ends without an end tag", 0, &parsed);
    free(info);

    start(&b);
    add_tag(&b, MB2_TAG_COMMAND_LINE, 0, -1);
    b.size += 8;
    info = finish(&b, 0);
    check_parse("tag_of_size_0", info, "a tag is smaller than its own header", 0, &parsed);
    free(info);

    uint32_t tiny[2] = {4, 0};
    check_parse("total_size_smaller_than_the_header", (uint8_t *)tiny,
                "the total size cannot be one", 0, &parsed);
    check_parse("no_information_at_all", NULL, "there is no boot information", 0, &parsed);
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
    test_parse();
    return check_summary();
}
