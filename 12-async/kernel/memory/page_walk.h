/* page_walk.h: the walk of one virtual address through the four levels of page tables,
   recorded entry by entry as the CPU makes it (Intel SDM vol. 3A, 4.5), with what the
   entries allow, and which of them refused an access that page-faulted (SDM 4.7).
   Pure: the caller says how to read a table, so the host tests walk tables of their
   own. kernel/memory/paging.c walks the live tables with it. */
#ifndef PAGE_WALK_H
#define PAGE_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory/virtual_address.h"

/* The page-fault error code: what the access was, and why it faulted (SDM 4.7). */
#define PAGE_FAULT_PRESENT     (1u << 0)   /* 0: a page not present; 1: a protection violation */
#define PAGE_FAULT_WRITE       (1u << 1)   /* 0: a read */
#define PAGE_FAULT_USER        (1u << 2)   /* from ring 3 */
#define PAGE_FAULT_RESERVED    (1u << 3)   /* an entry had a reserved bit set */
#define PAGE_FAULT_INSTRUCTION (1u << 4)   /* an instruction fetch */

/* One entry read on the way: which table (its level and physical address), which of
   its entries, and the entry's value. */
struct page_walk_step {
    int level;              /* 4 = p4 ... 1 = p1 */
    unsigned index;
    uint64_t table;         /* physical address of the table */
    uint64_t entry;
};

enum page_walk_end {
    PAGE_WALK_MAPPED,           /* the last entry maps a page */
    PAGE_WALK_NOT_PRESENT,      /* the last entry read is not present */
    PAGE_WALK_NOT_CANONICAL,    /* no entry read: the CPU translates no such address */
    PAGE_WALK_UNREADABLE,       /* the next table lies where read_table cannot read */
};

struct page_walk {
    uint64_t address;
    enum page_walk_end end;
    int steps;                  /* entries read, 0 to 4: step[0] is the p4 entry */
    struct page_walk_step step[PAGE_TABLE_LEVELS];
    /* If end is PAGE_WALK_MAPPED: */
    uint64_t page_size;         /* 4 KiB, 2 MiB or 1 GiB */
    uint64_t physical;          /* what address translates to */
    bool writable;              /* every entry on the walk allows writes */
    bool executable;            /* no entry forbids instruction fetches */
    bool user;                  /* every entry allows ring 3 */
};

/* Where the walk finds the table at a physical address: a pointer to its 512 entries,
   or NULL if it cannot be read. */
typedef const uint64_t *(*page_table_reader)(uint64_t physical);

/* Walk address from the level 4 table whose physical address is in cr3 (its low 12
   bits, flags, are ignored), reading tables through read_table. */
void page_walk(uint64_t cr3, uint64_t address, page_table_reader read_table,
               struct page_walk *walk);

/* Which step of walk refused the access that error_code describes (a page fault at
   walk->address, in ring 0 with CR0.WP set unless the user bit says ring 3): the entry
   that was not present, or for a protection violation the first one without the
   right (writable for a write, no no-execute for a fetch, user for ring 3). -1 if no
   step can be named: a reserved bit (the CPU does not say which), or entries that allow
   the access (the TLB held an older, stricter translation). */
int page_walk_refusal(const struct page_walk *walk, uint64_t error_code);

/* Whether entry, read in a level-`level` table, maps a page itself (a present level 1
   entry, or a level 3 or 2 entry with PTE_HUGE) rather than pointing to a table. */
bool page_entry_maps_a_page(uint64_t entry, int level);

/* "4 KiB", "2 MiB" or "1 GiB": the size of a page that a level-`level` entry maps. */
const char *page_size_name(int level);

/* What the access in error_code was: "a read of", "a write to", "an instruction fetch
   from". */
const char *page_fault_access(uint64_t error_code);

/* The rights one entry gives, "R X", "RW X", "R NX" or "RW NX", with " user" if ring 3
   may use it; "" for an entry that is not present. */
const char *page_entry_rights(uint64_t entry);

/* One step as a line of text (always terminated):
     "p1[256] 0x0000000000100021  R X    4 KiB page at 0x100000"
     "p2[0]   0x000000000011b023  RW X   table p1 at 0x11b000"
     "p1[0]   0x8000000000000002         not present" */
void page_walk_describe_step(char *buffer, size_t size, const struct page_walk_step *step);

#endif
