/* paging.h: reading and changing the page tables the CPU uses now (CR3): 4-level
   paging, which maps a 48-bit virtual address through four tables of 512 entries. */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stdint.h>

#define PAGING_NOT_MAPPED UINT64_MAX

/* Where the kernel reads and writes physical memory (a page table, the boot
   information): at the same address for now. When the mapping changes (chapter 09 maps
   all memory at an offset), this function changes, and none of its callers. */
void *phys_to_virt(uint64_t physical);

/* The physical address that virtual_address maps to, or PAGING_NOT_MAPPED if a table
   on the way has no present entry for it (or it is not canonical). */
uint64_t paging_translate(uintptr_t virtual_address);

/* Make the 4 KiB page holding virtual_address not present, so that any access to it
   faults. It must be mapped by a level 1 entry (boot.asm maps the first 2 MiB that
   way); returns false if it is not. */
bool paging_unmap_page(uintptr_t virtual_address);

#endif
