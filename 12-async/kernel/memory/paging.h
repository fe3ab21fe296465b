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
   information, a frame): at the same address until paging_use_offset_map, at
   PHYS_OFFSET + physical after it. Only the first 1 GiB, then up to the end that
   paging_use_offset_map was given, is there. */
void *phys_to_virt(uint64_t physical);

/* Switch phys_to_virt to the offset map, which offset_map_init has built: all physical
   memory below end at PHYS_OFFSET + its address. */
void paging_use_offset_map(uint64_t end);

/* How far phys_to_virt reaches: BOOT_IDENTITY_MAP_END, then the offset map's end. */
uint64_t paging_physical_end(void);

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
   on the way has no present entry for it (or it is not canonical). Pages of 4 KiB,
   2 MiB and 1 GiB: the walk stops at the entry that maps the page (page_walk.c). */
uint64_t paging_translate(uintptr_t virtual_address);

/* What paging_map and paging_unmap did, or why they did nothing. */
enum paging_result {
    PAGING_OK,
    PAGING_ALREADY_MAPPED,      /* a present entry maps the page already */
    PAGING_INSIDE_HUGE_PAGE,    /* a 2 MiB or 1 GiB page covers it */
    PAGING_NO_FRAME,            /* a table was needed and frame_alloc had none */
    PAGING_NOT_ALIGNED,         /* the page or the frame is not on a page boundary */
    PAGING_NOT_CANONICAL,       /* the CPU translates no such address */
    PAGING_BAD_FLAGS,           /* flags other than PAGING_MAP_FLAGS */
    PAGING_TABLE_UNREACHABLE,   /* a table lies where phys_to_virt does not reach */
    PAGING_NOTHING_MAPPED,      /* paging_unmap: the page is not mapped */
};

/* The flags that paging_map takes (it adds PTE_PRESENT itself). */
#define PAGING_MAP_FLAGS (PTE_WRITABLE | PTE_USER | PTE_WRITE_THROUGH | PTE_NO_CACHE | \
                          PTE_GLOBAL | PTE_NO_EXECUTE)

/* Map the 4 KiB page at virtual address page to the frame at physical address frame
   with flags (PAGING_MAP_FLAGS: PTE_WRITABLE, PTE_NO_EXECUTE, ...), in the active
   tables. A missing table on the way is made from a zeroed frame_alloc frame, its
   entry present and writable (the page's own entry restricts). Refuses a page that is
   mapped already or lies inside a huge page; never panics. Flushes the page's TLB
   entry. A table made before a refusal or PAGING_NO_FRAME stays, empty. */
enum paging_result paging_map(uintptr_t page, uint64_t frame, uint64_t flags);

/* paging_map for a huge page: page_size is va_entry_span(2) (2 MiB) or
   va_entry_span(3) (1 GiB, only on a CPU with pdpe1gb), page and frame aligned to it.
   The offset map is built with it. */
enum paging_result paging_map_huge(uintptr_t page, uint64_t frame, uint64_t page_size,
                                   uint64_t flags);

/* Remove the 4 KiB page at virtual address page: clear its entry, invlpg, and put the
   frame it mapped in *frame (not freed: that is the caller's to decide). Tables left
   empty stay. PAGING_NOTHING_MAPPED if no present entry maps it, PAGING_INSIDE_HUGE_PAGE
   if a huge page does. */
enum paging_result paging_unmap(uintptr_t page, uint64_t *frame);

/* "ok", "already mapped", "inside a huge page", ... for messages. */
const char *paging_result_name(enum paging_result result);

/* Make the 4 KiB page holding virtual_address not present, so that any access to it
   faults. It must be mapped by a level 1 entry (boot.asm maps the first 2 MiB that
   way); returns false if it is not. Only the present bit is cleared: the CPU ignores
   the rest of the entry, which still shows what was mapped there (a guard page; to
   remove a mapping and get its frame back, paging_unmap). */
bool paging_unmap_page(uintptr_t virtual_address);

/* Give the page holding virtual_address (4 KiB or 2 MiB, whichever maps it) these
   rights: PTE_WRITABLE or not, PTE_NO_EXECUTE or not (other bits of rights are
   ignored). Only the entry that maps the page changes, not the tables above it.
   Returns false if the page is not mapped. The caller flushes the TLB. */
bool paging_set_rights(uintptr_t virtual_address, uint64_t rights);

#endif
