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

const struct multiboot_tag *multiboot_find_tag(const void *info, uint32_t type)
{
    if (info == NULL) {
        return NULL;
    }
    const uint8_t *start = info;
    uint32_t total = ((const struct multiboot_info *)info)->total_size;
    if (total > INFO_SIZE_MAX) {
        return NULL;
    }
    size_t offset = INFO_HEADER_SIZE;
    while (offset + sizeof(struct multiboot_tag) <= total) {
        const struct multiboot_tag *tag = (const struct multiboot_tag *)(start + offset);
        if (tag->size < sizeof(struct multiboot_tag) || tag->size > total - offset) {
            return NULL;    /* a size that cannot be: the list does not hold together */
        }
        if (tag->type == type) {
            return tag;
        }
        if (tag->type == MB2_TAG_END) {
            return NULL;
        }
        offset += (tag->size + TAG_ALIGN - 1) & ~(size_t)(TAG_ALIGN - 1);
    }
    return NULL;
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
