/* multiboot.h: the boot information a Multiboot2 bootloader leaves in memory for the
   kernel (Multiboot2 specification, 3.6): a total size, then a list of tags, each with
   a type and a size, ending with a tag of type 0. The kernel asks it which firmware
   started the machine, whether there is a VGA text screen, the bootloader's name, the
   command line and the memory map. The walk trusts no size it reads, so it is tested
   on the host and fuzzed. */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory/memory_map.h"

#define MB2_TAG_END                0
#define MB2_TAG_COMMAND_LINE       1
#define MB2_TAG_BOOTLOADER_NAME    2
#define MB2_TAG_MEMORY_MAP         6
#define MB2_TAG_FRAMEBUFFER        8
#define MB2_TAG_EFI32_SYSTEM_TABLE 11   /* the machine was started by 32-bit UEFI */
#define MB2_TAG_EFI64_SYSTEM_TABLE 12   /* ... by 64-bit UEFI */

#define MB2_FRAMEBUFFER_EGA_TEXT   2    /* the framebuffer tag's type for a text screen */

/* Every tag starts like this; its size counts these 8 bytes, and the next tag starts
   at the next multiple of 8. */
struct multiboot_tag {
    uint32_t type;
    uint32_t size;
};

/* The framebuffer tag (type 8), the part of it this chapter reads. */
struct multiboot_framebuffer_tag {
    struct multiboot_tag tag;
    uint64_t address;
    uint32_t pitch;
    uint32_t width;
    uint32_t height;
    uint8_t bits_per_pixel;
    uint8_t framebuffer_type;       /* 0 indexed colour, 1 RGB, 2 EGA text */
    uint16_t reserved;
};

/* The first tag of the given type in the boot information at info, or NULL if there is
   none, or if the list does not hold together (a size too small for a tag, or one that
   runs past the total size) before it is found. */
const struct multiboot_tag *multiboot_find_tag(const void *info, uint32_t type);

/* What the boot information says about the machine's start and its screen. */
struct multiboot_machine {
    bool uefi;          /* an EFI system table tag: UEFI started the machine */
    bool text_screen;   /* a VGA text screen at 0xB8000: a framebuffer tag of EGA text
                           type, or, with none, a BIOS (which leaves text mode on) */
};

struct multiboot_machine multiboot_machine(const void *info);

/* The memory map tag (type 6): entry_size bytes per entry, of which this version reads
   the first MB2_MEMORY_ENTRY_SIZE (base, length, type, reserved: 3.6.8). */
struct multiboot_memory_map_tag {
    struct multiboot_tag tag;
    uint32_t entry_size;
    uint32_t entry_version;
    /* the entries follow */
};

#define MB2_MEMORY_ENTRY_SIZE    24     /* the smallest entry_size that holds an entry */
#define MB2_MEMORY_ENTRY_VERSION 0      /* later versions only add fields at the end */

/* What the kernel takes from the boot information. The strings point into it, so the
   information's own bytes, [physical, physical + size), stay reserved. */
struct multiboot_info_parsed {
    uint64_t physical;              /* where it is, and its total size */
    uint32_t size;
    const char *bootloader_name;    /* NULL: no tag, or one without its final zero */
    const char *command_line;
    struct memory_map_entry memory_map[MEMORY_MAP_MAX];
    size_t memory_map_count;
    bool memory_map_found;
    /* NULL, or the first thing found wrong, in words: a tag list that does not hold
       together, a memory map tag whose entry size cannot be, and so on. What came
       before it is still used; nothing is ever read past the total size. */
    const char *problem;
};

/* Read the boot information at info (which the kernel reads at that address; it lies
   at physical address physical) into *parsed. Returns false if the walk found a
   problem (parsed->problem says which), true if the tag list held together up to its
   end tag. */
bool multiboot_parse(const void *info, uint64_t physical, struct multiboot_info_parsed *parsed);

#endif
