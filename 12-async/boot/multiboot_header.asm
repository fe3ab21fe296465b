; multiboot_header.asm: the header that tells GRUB this file is a multiboot2 kernel.
; GRUB scans the first 32 KiB of the file for it; the linker script puts it first.

%define MB2_HEADER_MAGIC 0xE85250D6
%define MB2_ARCH_I386    0              ; enter the kernel in 32-bit protected mode
%define MB2_TAG_END      0

section .multiboot2
align 8
header_start:
    dd MB2_HEADER_MAGIC
    dd MB2_ARCH_I386
    dd header_end - header_start
    ; The four fields must add up to zero modulo 2^32.
    dd 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (header_end - header_start))

    ; The list of tags ends with a tag of type 0 and size 8. We ask for nothing else.
    dw MB2_TAG_END
    dw 0
    dd 8
header_end:
