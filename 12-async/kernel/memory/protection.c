/* protection.c: W^X for the kernel's own mappings, and CR0.WP. The rights of each
   segment come from where linker.ld put it; boot.asm mapped everything writable and
   executable, because it had to run before any of this. */
#include "memory/protection.h"

#include <stdbool.h>

#include "cpu/stacks.h"
#include "cpu/x86.h"
#include "debug/panic.h"
#include "lib/format.h"
#include "memory/heap.h"
#include "memory/layout.h"
#include "memory/offset_map.h"
#include "memory/paging.h"
#include "memory/virtual_address.h"

/* The rights of a page, as the bits paging_set_rights takes. */
#define RIGHTS_CODE      0                                 /* R X: read and execute */
#define RIGHTS_READ_ONLY PTE_NO_EXECUTE                    /* R NX: read only */
#define RIGHTS_DATA      (PTE_WRITABLE | PTE_NO_EXECUTE)   /* RW NX: read and write */

#define LOW_MEMORY_END   0x100000   /* 1 MiB: the BIOS's part, where linker.ld starts */

/* The segments' boundaries, page-aligned (linker.ld). */
extern const uint8_t kernel_text_start[], kernel_text_end[];
extern const uint8_t kernel_rodata_start[], kernel_rodata_end[];
extern const uint8_t kernel_stacks_start[], kernel_stacks_end[];
extern const uint8_t kernel_data_start[], kernel_data_end[];

static const struct segment {
    const char *name;
    const uint8_t *start;
    const uint8_t *end;
    uint64_t rights;
} segments[] = {
    {"kernel code", kernel_text_start, kernel_text_end, RIGHTS_CODE},
    {"kernel read-only data", kernel_rodata_start, kernel_rodata_end, RIGHTS_READ_ONLY},
    {"kernel stacks", kernel_stacks_start, kernel_stacks_end, RIGHTS_DATA},
    {"kernel data and .bss", kernel_data_start, kernel_data_end, RIGHTS_DATA},
};

#define SEGMENT_COUNT (sizeof(segments) / sizeof(segments[0]))

static const struct segment *segment_containing(uintptr_t address)
{
    for (size_t i = 0; i < SEGMENT_COUNT; i++) {
        if (address >= (uintptr_t)segments[i].start && address < (uintptr_t)segments[i].end) {
            return &segments[i];
        }
    }
    return NULL;
}

/* The rights of the page at address: its segment's, and outside the kernel (the BIOS
   area, the VGA buffer, free memory) data's: nothing there is code. */
static uint64_t rights_of(uintptr_t address)
{
    const struct segment *segment = segment_containing(address);
    return segment ? segment->rights : RIGHTS_DATA;
}

void protection_init(void)
{
    /* Without NXE, bit 63 of an entry is reserved: the first access through a page that
       has it set would fault with the reserved bit, and so would the fault's own push. */
    if (!(rdmsr(MSR_EFER) & EFER_NO_EXECUTE)) {
        panic("EFER.NXE is off: boot.asm did not enable no-execute pages");
    }
    /* The first 2 MiB, page by page (stacks_init unmaps the guard pages later), ... */
    for (uintptr_t page = 0; page < BOOT_SMALL_PAGES_END; page += PAGE_SIZE) {
        paging_set_rights(page, rights_of(page));
    }
    /* ... and the rest of the identity map, 2 MiB at a time. */
    for (uintptr_t page = BOOT_SMALL_PAGES_END; page < BOOT_IDENTITY_MAP_END;
         page += va_entry_span(2)) {
        paging_set_rights(page, RIGHTS_DATA);
    }
    /* Nothing the kernel uses lives in page 0 (the real-mode interrupt table, which it
       never reads): a NULL pointer, and a small offset from one, now faults. */
    if (!paging_unmap_page(0)) {
        panic("page 0 is not a 4 KiB page");
    }
    /* Until now the CPU let ring 0 write through read-only entries. */
    write_cr0(read_cr0() | CR0_WRITE_PROTECT);
    /* The TLB may still hold the old translations, writable and executable, of pages
       used so far: one CR3 load drops them all, where invlpg would take one per page. */
    write_cr3(read_cr3());
}

void protection_describe_address(char *buffer, size_t size, uintptr_t address)
{
    const struct kernel_stack *stack;
    const struct segment *segment;
    if (!va_is_canonical(address)) {
        format_buffer(buffer, size, "a non-canonical address");
    } else if (address < PAGE_SIZE) {
        format_buffer(buffer, size, "page 0 (NULL)");
    } else if ((stack = stack_guard_containing(address))) {
        format_buffer(buffer, size, "the guard page of the %s", stack->name);
    } else if ((stack = stack_containing(address))) {
        format_buffer(buffer, size, "the %s", stack->name);
    } else if ((segment = segment_containing(address))) {
        format_buffer(buffer, size, "%s", segment->name);
    } else if (address < LOW_MEMORY_END) {
        format_buffer(buffer, size, "low memory (BIOS, VGA text)");
    } else if (address < BOOT_IDENTITY_MAP_END) {
        format_buffer(buffer, size, "memory above the kernel");
    } else if (address >= PHYS_OFFSET && address - PHYS_OFFSET < offset_map_end()) {
        format_buffer(buffer, size, "the offset map of physical memory");
    } else if (address >= PHYS_OFFSET && address < PHYS_OFFSET + PHYS_OFFSET_MAX) {
        format_buffer(buffer, size, "the offset map's space, past the end of RAM");
    } else if (address >= HEAP_START && address - HEAP_START < heap_size()) {
        format_buffer(buffer, size, "the heap");
    } else if (address >= HEAP_START && address - HEAP_START < HEAP_LIMIT) {
        format_buffer(buffer, size, "the heap's room to grow (not mapped yet)");
    } else if (address >= HEAP_START && address < SCRATCH_START) {
        format_buffer(buffer, size, "the heap's space, past its limit");
    } else if (address >= SCRATCH_START) {
        format_buffer(buffer, size, "the scratch window");
    } else {
        format_buffer(buffer, size, "unmapped space past the identity map");
    }
}
