/* paging.c: walking the active page tables, and changing their entries. */
#include "memory/paging.h"

#include <stddef.h>

#include "cpu/x86.h"
#include "memory/layout.h"

#define ENTRIES_PER_TABLE 512
#define LEVELS           4
#define INDEX_BITS       9              /* 512 entries per table */
#define CANONICAL_BITS   48

void *phys_to_virt(uint64_t physical)
{
    return (void *)(uintptr_t)physical;     /* boot.asm maps the first 1 GiB one to one */
}

/* Every write of a page-table entry goes through here, so that one place says how it
   is done (and later checks it). volatile: the CPU's page walker reads the entry, not
   the compiler's idea of it. The caller drops the old translation from the TLB. */
static void pte_set(uint64_t *entry, uint64_t value)
{
    *(volatile uint64_t *)entry = value;
}

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
    uint64_t *table = phys_to_virt(read_cr3() & PTE_ADDRESS_MASK);
    for (int level = LEVELS; level >= 1; level--) {
        uint64_t *entry = entry_in(table, address, level);
        if (!(*entry & PTE_PRESENT)) {
            return NULL;
        }
        if (level == 1 || (*entry & PTE_HUGE)) {
            *level_out = level;
            return entry;
        }
        table = phys_to_virt(*entry & PTE_ADDRESS_MASK);
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
    pte_set(entry, *entry & ~PTE_PRESENT);
    invlpg(virtual_address);
    return true;
}
