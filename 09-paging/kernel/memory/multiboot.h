/* multiboot.h: the boot information a Multiboot2 bootloader leaves in memory for the
   kernel (Multiboot2 specification, 3.6): a total size, then a list of tags, each with
   a type and a size, ending with a tag of type 0. This chapter asks it which firmware
   started the machine and whether there is a VGA text screen; chapter 09 reads the
   memory map from it. The walk trusts no size it reads, so it is tested on the host. */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

#include <stdbool.h>
#include <stdint.h>

#define MB2_TAG_END                0
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

#endif
