/* paging.h: reading and changing the page tables the CPU uses now (CR3): 4-level
   paging, which maps a 48-bit virtual address through four tables of 512 entries. */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "memory/layout.h"
#include "memory/page_walk.h"

#define PAGING_NOT_MAPPED UINT64_MAX

/* The bits of an entry that paging_set_rights changes: what a page may be used for. */
#define PAGING_RIGHTS (PTE_WRITABLE | PTE_NO_EXECUTE)

/* Where the kernel reads and writes physical memory (a page table, the boot
   information): at the same address for now. When the mapping changes (chapter 09 maps
   all memory at an offset), this function changes, and none of its callers. */
void *phys_to_virt(uint64_t physical);

/* Write one page-table entry. Every change to an entry goes through here. The CPU may
   still use the old entry from its TLB: the caller flushes it (invlpg, or a CR3 load). */
void pte_set(uint64_t *entry, uint64_t value);

/* The page table at physical address physical, to read, or NULL if the kernel cannot
   read it there: outside the identity map, or in page 0 (not present, so that a
   corrupted entry pointing there cannot fault a walk made inside a fault handler). */
const uint64_t *paging_table_at(uint64_t physical);

/* The walk of virtual_address through the active tables, entry by entry (a table that
   paging_table_at cannot read ends it as unreadable). */
void paging_walk(uintptr_t virtual_address, struct page_walk *walk);

/* The physical address that virtual_address maps to, or PAGING_NOT_MAPPED if a table
   on the way has no present entry for it (or it is not canonical). */
uint64_t paging_translate(uintptr_t virtual_address);

/* Make the 4 KiB page holding virtual_address not present, so that any access to it
   faults. It must be mapped by a level 1 entry (boot.asm maps the first 2 MiB that
   way); returns false if it is not. Only the present bit is cleared: the CPU ignores
   the rest of the entry, which still shows what was mapped there. */
bool paging_unmap_page(uintptr_t virtual_address);

/* Give the page holding virtual_address (4 KiB or 2 MiB, whichever maps it) these
   rights: PTE_WRITABLE or not, PTE_NO_EXECUTE or not (other bits of rights are
   ignored). Only the entry that maps the page changes, not the tables above it.
   Returns false if the page is not mapped. The caller flushes the TLB. */
bool paging_set_rights(uintptr_t virtual_address, uint64_t rights);

#endif
