/* offset_map.h: all physical memory mapped at PHYS_OFFSET, so that the kernel reaches
   any frame (a page table, a frame it allocated) at PHYS_OFFSET + its address. */
#ifndef OFFSET_MAP_H
#define OFFSET_MAP_H

#include <stdint.h>

/* Map physical addresses [0, end) (end rounded up to the page size used) at
   PHYS_OFFSET, writable and not executable, with 1 GiB pages if the CPU has them
   (CPUID pdpe1gb), else 2 MiB pages, taking frames for the tables from frame_alloc.
   Then switch phys_to_virt to it. Panics if it cannot: without it the kernel cannot
   reach memory above the first 1 GiB. Returns the page size used. */
uint64_t offset_map_init(uint64_t end);

/* The page size offset_map_init used: 2 MiB or 1 GiB (0 before). */
uint64_t offset_map_page_size(void);

/* The end of what it maps (0 before). */
uint64_t offset_map_end(void);

#endif
