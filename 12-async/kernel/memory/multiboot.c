/* multiboot.c: walking the tags of the Multiboot2 boot information. */
#include "memory/multiboot.h"

#include <stddef.h>

#define INFO_HEADER_SIZE 8      /* total_size, reserved */
#define TAG_ALIGN        8
#define INFO_SIZE_MAX    (1024 * 1024)  /* GRUB's is a few KiB: more is not one */

/* The start of the boot information: its size in bytes, the header included. */
struct multiboot_info {
    uint32_t total_size;
    uint32_t reserved;
};

/* The tag at offset in the information at start (total bytes in all), or NULL: at
   the end of the list (*problem NULL), or where it does not hold together (*problem
   says why). Checked before anything in the tag is read. */
static const struct multiboot_tag *tag_at(const uint8_t *start, uint32_t total, size_t offset,
                                          const char **problem)
{
    *problem = NULL;
    if (offset + sizeof(struct multiboot_tag) > total) {
        *problem = "the tag list ends without an end tag";
        return NULL;
    }
    const struct multiboot_tag *tag = (const struct multiboot_tag *)(start + offset);
    if (tag->size < sizeof(struct multiboot_tag) || tag->size > total - offset) {
        *problem = tag->size < sizeof(struct multiboot_tag)
                       ? "a tag is smaller than its own header"
                       : "a tag runs past the total size";
        return NULL;
    }
    return tag->type == MB2_TAG_END ? NULL : tag;
}

/* Where the tag after the one at offset starts: its size, rounded up to 8. */
static size_t next_offset(size_t offset, const struct multiboot_tag *tag)
{
    return offset + ((tag->size + TAG_ALIGN - 1) & ~(size_t)(TAG_ALIGN - 1));
}

/* The total size of the information at info, or 0 if it cannot be one. */
static uint32_t total_size(const void *info)
{
    if (info == NULL) {
        return 0;
    }
    uint32_t total = ((const struct multiboot_info *)info)->total_size;
    return total >= INFO_HEADER_SIZE && total <= INFO_SIZE_MAX ? total : 0;
}

const struct multiboot_tag *multiboot_find_tag(const void *info, uint32_t type)
{
    uint32_t total = total_size(info);
    const char *problem;
    const struct multiboot_tag *tag;
    for (size_t offset = INFO_HEADER_SIZE;
         total && (tag = tag_at(info, total, offset, &problem)); offset = next_offset(offset, tag)) {
        if (tag->type == type) {
            return tag;
        }
    }
    return NULL;
}

/* A little-endian number of size bytes at bytes, read byte by byte: an entry need not
   be aligned for a 64-bit load (entry_size is the bootloader's to choose). */
static uint64_t read_le(const uint8_t *bytes, size_t size)
{
    uint64_t value = 0;
    for (size_t i = size; i-- > 0;) {
        value = value << 8 | bytes[i];
    }
    return value;
}

/* The tag's string (a command line, a name): what follows its header, which must end
   with a zero inside the tag. NULL if it does not. */
static const char *tag_string(const struct multiboot_tag *tag)
{
    const char *text = (const char *)(tag + 1);
    size_t length = tag->size - sizeof(*tag);
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '\0') {
            return text;
        }
    }
    return NULL;
}

/* The entries of a memory map tag into parsed; returns a problem, or NULL. */
static const char *read_memory_map(const struct multiboot_tag *tag,
                                   struct multiboot_info_parsed *parsed)
{
    if (tag->size < sizeof(struct multiboot_memory_map_tag)) {
        return "the memory map tag is too small for its header";
    }
    const struct multiboot_memory_map_tag *map = (const void *)tag;
    if (map->entry_size < MB2_MEMORY_ENTRY_SIZE || map->entry_size % TAG_ALIGN != 0) {
        return "the memory map's entry size is not a multiple of 8 of at least 24";
    }
    /* A later entry_version adds fields after the ones read here (3.6.8): still usable. */
    parsed->memory_map_found = true;
    size_t bytes = tag->size - sizeof(*map);
    const uint8_t *entry = (const uint8_t *)(map + 1);
    for (size_t offset = 0; offset + map->entry_size <= bytes; offset += map->entry_size) {
        if (parsed->memory_map_count == MEMORY_MAP_MAX) {
            return "the memory map has more entries than the kernel keeps";
        }
        parsed->memory_map[parsed->memory_map_count++] = (struct memory_map_entry){
            .base = read_le(entry + offset, 8),
            .length = read_le(entry + offset + 8, 8),
            .type = (uint32_t)read_le(entry + offset + 16, 4),
        };
    }
    if (bytes % map->entry_size != 0) {
        return "the memory map tag ends inside an entry";
    }
    return NULL;
}

bool multiboot_parse(const void *info, uint64_t physical, struct multiboot_info_parsed *parsed)
{
    *parsed = (struct multiboot_info_parsed){.physical = physical};
    uint32_t total = total_size(info);
    if (!total) {
        parsed->problem = info ? "the total size cannot be one" : "there is no boot information";
        return false;
    }
    parsed->size = total;
    const char *problem = NULL;
    const struct multiboot_tag *tag;
    for (size_t offset = INFO_HEADER_SIZE; (tag = tag_at(info, total, offset, &problem));
         offset = next_offset(offset, tag)) {
        const char *tag_problem = NULL;
        if (tag->type == MB2_TAG_COMMAND_LINE && !parsed->command_line) {
            parsed->command_line = tag_string(tag);
            tag_problem = parsed->command_line ? NULL : "the command line has no final zero";
        } else if (tag->type == MB2_TAG_BOOTLOADER_NAME && !parsed->bootloader_name) {
            parsed->bootloader_name = tag_string(tag);
            tag_problem = parsed->bootloader_name ? NULL : "the bootloader name has no final zero";
        } else if (tag->type == MB2_TAG_MEMORY_MAP && !parsed->memory_map_found) {
            tag_problem = read_memory_map(tag, parsed);
        }
        if (tag_problem && !parsed->problem) {
            parsed->problem = tag_problem;
        }
    }
    if (problem && !parsed->problem) {
        parsed->problem = problem;
    }
    return parsed->problem == NULL;
}

struct multiboot_machine multiboot_machine(const void *info)
{
    struct multiboot_machine machine = {
        .uefi = multiboot_find_tag(info, MB2_TAG_EFI64_SYSTEM_TABLE) != NULL ||
                multiboot_find_tag(info, MB2_TAG_EFI32_SYSTEM_TABLE) != NULL,
    };
    const struct multiboot_tag *tag = multiboot_find_tag(info, MB2_TAG_FRAMEBUFFER);
    if (tag && tag->size >= sizeof(struct multiboot_framebuffer_tag)) {
        const struct multiboot_framebuffer_tag *framebuffer = (const void *)tag;
        machine.text_screen = framebuffer->framebuffer_type == MB2_FRAMEBUFFER_EGA_TEXT;
    } else {
        machine.text_screen = !machine.uefi;
    }
    return machine;
}
