/* offset_map.c: the offset map of all physical memory. Why this way (and not
   recursive tables or temporary mappings): one addition turns any physical address
   into a pointer, at the cost of a few tables (a 2 MiB page's entry maps 512 frames;
   for memory up to 4 GiB and 2 MiB pages, five tables: one p3, four p2; QEMU's -m 4G
   ends at 5 GiB, past its PCI hole, so six), and the upper half has room for 64 TiB. */
#include "memory/offset_map.h"

#include "cpu/x86.h"
#include "debug/panic.h"
#include "memory/layout.h"
#include "memory/paging.h"
#include "memory/virtual_address.h"

/* The rights of the map: data, never code (W^X holds there too). */
#define OFFSET_MAP_FLAGS (PTE_WRITABLE | PTE_NO_EXECUTE)

static uint64_t page_size;
static uint64_t mapped_end;

uint64_t offset_map_init(uint64_t end)
{
    page_size = (cpuid(CPUID_EXTENDED_INFO).edx & CPUID_EDX_1GIB_PAGES) ? va_entry_span(3)
                                                                       : va_entry_span(2);
    if (end > PHYS_OFFSET_MAX) {
        panic("physical memory ends at 0x%lx, past what the offset map holds (0x%lx)",
              (unsigned long)end, (unsigned long)PHYS_OFFSET_MAX);
    }
    end = (end + page_size - 1) & ~(page_size - 1);
    for (uint64_t physical = 0; physical < end; physical += page_size) {
        enum paging_result result = paging_map_huge(PHYS_OFFSET + physical, physical, page_size,
                                                    OFFSET_MAP_FLAGS);
        if (result != PAGING_OK) {
            panic("cannot map physical 0x%lx at 0x%lx: %s", (unsigned long)physical,
                  (unsigned long)(PHYS_OFFSET + physical), paging_result_name(result));
        }
    }
    mapped_end = end;
    paging_use_offset_map(end);
    return page_size;
}

uint64_t offset_map_page_size(void)
{
    return page_size;
}

uint64_t offset_map_end(void)
{
    return mapped_end;
}
