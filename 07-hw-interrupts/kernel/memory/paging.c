/* paging.c: walking the active page tables. The boot tables map the first 1 GiB one to
   one, so a table's physical address is also where the kernel can read it. */
#include "memory/paging.h"

#include <stddef.h>

#include "cpu/x86.h"

#define PTE_PRESENT      (1ull << 0)
#define PTE_HUGE         (1ull << 7)    /* in a level 3 or 2 entry: maps 1 GiB or 2 MiB */
#define PTE_ADDRESS_MASK 0x000FFFFFFFFFF000ull
#define ENTRIES_PER_TABLE 512
#define LEVELS           4
#define PAGE_SHIFT       12
#define INDEX_BITS       9              /* 512 entries per table */
#define CANONICAL_BITS   48

/* The entry for address in the table of the given level (4 = the top). */
static uint64_t *entry_in(uint64_t *table, uintptr_t address, int level)
{
    size_t index = (address >> (PAGE_SHIFT + INDEX_BITS * (level - 1))) & (ENTRIES_PER_TABLE - 1);
    return &table[index];
}

static bool canonical(uintptr_t address)
{
    /* Bits 63-47 are all copies of bit 47. */
    int64_t high = (int64_t)address >> (CANONICAL_BITS - 1);
    return high == 0 || high == -1;
}

/* The entry that maps address (the last one on its walk), and its level; NULL if the
   walk meets an entry that is not present. */
static uint64_t *walk(uintptr_t address, int *level_out)
{
    if (!canonical(address)) {
        return NULL;
    }
    uint64_t *table = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDRESS_MASK);
    for (int level = LEVELS; level >= 1; level--) {
        uint64_t *entry = entry_in(table, address, level);
        if (!(*entry & PTE_PRESENT)) {
            return NULL;
        }
        if (level == 1 || (*entry & PTE_HUGE)) {
            *level_out = level;
            return entry;
        }
        table = (uint64_t *)(uintptr_t)(*entry & PTE_ADDRESS_MASK);
    }
    return NULL;
}

uint64_t paging_translate(uintptr_t virtual_address)
{
    int level;
    uint64_t *entry = walk(virtual_address, &level);
    if (!entry) {
        return PAGING_NOT_MAPPED;
    }
    uint64_t page_size_mask = (1ull << (PAGE_SHIFT + INDEX_BITS * (level - 1))) - 1;
    return (*entry & PTE_ADDRESS_MASK & ~page_size_mask) | (virtual_address & page_size_mask);
}

bool paging_unmap_page(uintptr_t virtual_address)
{
    int level;
    uint64_t *entry = walk(virtual_address, &level);
    if (!entry || level != 1) {
        return false;
    }
    *entry &= ~PTE_PRESENT;
    invlpg(virtual_address);
    return true;
}
