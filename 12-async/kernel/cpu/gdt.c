/* gdt.c: the kernel's GDT, built from named fields and loaded once at boot. */
#include "cpu/gdt.h"

#include "cpu/tss.h"
#include "cpu/x86.h"

/* The TSS descriptor is a system descriptor, twice as long in 64-bit mode: its base
   is a full 64-bit address (SDM 7.2.3). */
struct tss_descriptor {
    struct segment_descriptor low;
    uint32_t base_upper;
    uint32_t reserved;
};

static struct {
    struct segment_descriptor null;     /* the CPU never uses entry 0 */
    struct segment_descriptor kernel_code;
    struct segment_descriptor kernel_data;
    struct tss_descriptor tss;
} __attribute__((packed, aligned(8))) gdt;     /* 8: what the SDM advises (3.5.1) */

_Static_assert(offsetof(__typeof__(gdt), kernel_code) == GDT_KERNEL_CODE, "code selector");
_Static_assert(offsetof(__typeof__(gdt), kernel_data) == GDT_KERNEL_DATA, "data selector");
_Static_assert(offsetof(__typeof__(gdt), tss) == GDT_TSS, "TSS selector");

struct segment_descriptor gdt_segment(uint8_t access, uint8_t flags)
{
    return (struct segment_descriptor){.access = access, .limit_high_flags = flags};
}

static struct tss_descriptor tss_descriptor(const struct tss *tss)
{
    uintptr_t base = (uintptr_t)tss;
    uint32_t limit = sizeof(*tss) - 1;
    return (struct tss_descriptor){
        .low = {
            .limit_low = limit & 0xFFFF,
            .base_low = base & 0xFFFF,
            .base_middle = (base >> 16) & 0xFF,
            .access = SEGMENT_PRESENT | SYSTEM_TYPE_TSS,
            .limit_high_flags = (limit >> 16) & 0xF,
            .base_high = (base >> 24) & 0xFF,
        },
        .base_upper = (uint32_t)(base >> 32),
    };
}

void gdt_load(const void *table, size_t size, uint16_t code_selector, uint16_t data_selector)
{
    struct descriptor_table_pointer pointer = {
        .limit = (uint16_t)(size - 1),
        .base = (uintptr_t)table,
    };
    lgdt(&pointer);
    load_code_segment(code_selector);
    load_data_segments(data_selector);
}

void gdt_init(void)
{
    gdt.kernel_code = gdt_segment(SEGMENT_PRESENT | SEGMENT_CODE_OR_DATA | SEGMENT_EXECUTABLE |
                                  SEGMENT_READ_WRITE | SEGMENT_ACCESSED, SEGMENT_LONG_MODE);
    gdt.kernel_data = gdt_segment(SEGMENT_PRESENT | SEGMENT_CODE_OR_DATA | SEGMENT_READ_WRITE |
                                  SEGMENT_ACCESSED, 0);
    gdt.tss = tss_descriptor(tss_address());
    gdt_load(&gdt, sizeof(gdt), GDT_KERNEL_CODE, GDT_KERNEL_DATA);
    ltr(GDT_TSS);   /* the CPU marks the TSS descriptor busy: a write into the table */
}
