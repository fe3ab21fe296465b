/* gdt.h: the global descriptor table. In 64-bit mode segmentation is mostly switched
   off, but the CPU still needs a code segment that says "64-bit", a data segment for
   SS, and a descriptor that points at the TSS (which holds the IST stacks). */
#ifndef GDT_H
#define GDT_H

#include <stddef.h>
#include <stdint.h>

/* Selectors: a descriptor's byte offset in the table (the low 3 bits, table indicator
   and requested privilege level, are 0: GDT, ring 0). gdt.c checks them against the
   table's layout. */
enum gdt_selector {
    GDT_KERNEL_CODE = 0x08,
    GDT_KERNEL_DATA = 0x10,
    GDT_TSS = 0x18,
};

/* One 8-byte code or data segment descriptor (Intel SDM vol. 3A, 3.4.5). */
struct segment_descriptor {
    uint16_t limit_low;
    uint16_t base_low;
    uint8_t base_middle;
    uint8_t access;             /* present, privilege level, type */
    uint8_t limit_high_flags;   /* limit bits 16-19, then the flags G, D/B, L, AVL */
    uint8_t base_high;
};

_Static_assert(sizeof(struct segment_descriptor) == 8, "a segment descriptor is 8 bytes");

/* Access byte and flags, named (SDM 3.4.5, 3.5). */
#define SEGMENT_ACCESSED     (1u << 0)  /* preset: the CPU would otherwise write it */
#define SEGMENT_READ_WRITE   (1u << 1)  /* code: readable; data: writable */
#define SEGMENT_EXECUTABLE   (1u << 3)
#define SEGMENT_CODE_OR_DATA (1u << 4)  /* 0 for system descriptors such as the TSS */
#define SEGMENT_DPL_SHIFT    5
#define SEGMENT_PRESENT      (1u << 7)
#define SEGMENT_LONG_MODE    (1u << 5)  /* in limit_high_flags: 64-bit code */
#define SYSTEM_TYPE_TSS      0x9        /* an available 64-bit TSS */

/* A code or data descriptor with base 0 and limit 0 (long mode ignores both). */
struct segment_descriptor gdt_segment(uint8_t access, uint8_t flags);

/* Load the GDT at table (size bytes), then reload every segment register from it: CS
   with code_selector, SS, DS and ES with data_selector. The old selectors would
   otherwise stay, pointing into whatever table was there before. */
void gdt_load(const void *table, size_t size, uint16_t code_selector, uint16_t data_selector);

/* Build the kernel's GDT (null, kernel code, kernel data, TSS), load it and the task
   register. The TSS must be filled first (tss_init). */
void gdt_init(void);

#endif
