/* paging.c: walking the active page tables, and changing their entries. */
#include "memory/paging.h"

#include <stddef.h>

#include "cpu/x86.h"
#include "memory/layout.h"

void *phys_to_virt(uint64_t physical)
{
    return (void *)(uintptr_t)physical;     /* boot.asm maps the first 1 GiB one to one */
}

/* Every write of a page-table entry goes through here, so that one place says how it
   is done (and later checks it). volatile: the CPU's page walker reads the entry, not
   the compiler's idea of it. The caller drops the old translation from the TLB. */
void pte_set(uint64_t *entry, uint64_t value)
{
    *(volatile uint64_t *)entry = value;
}

const uint64_t *paging_table_at(uint64_t physical)
{
    if (physical < PAGE_SIZE || physical >= BOOT_IDENTITY_MAP_END) {
        return NULL;
    }
    return phys_to_virt(physical);
}

void paging_walk(uintptr_t virtual_address, struct page_walk *walk)
{
    page_walk(read_cr3(), virtual_address, paging_table_at, walk);
}

/* The entry that maps address (the last one on its walk), and its level; NULL if the
   walk meets an entry that is not present. */
static uint64_t *mapping_entry(uintptr_t address, int *level_out)
{
    struct page_walk walk;
    paging_walk(address, &walk);
    if (walk.end != PAGE_WALK_MAPPED) {
        return NULL;
    }
    const struct page_walk_step *last = &walk.step[walk.steps - 1];
    *level_out = last->level;
    return (uint64_t *)phys_to_virt(last->table) + last->index;
}

uint64_t paging_translate(uintptr_t virtual_address)
{
    struct page_walk walk;
    paging_walk(virtual_address, &walk);
    return walk.end == PAGE_WALK_MAPPED ? walk.physical : PAGING_NOT_MAPPED;
}

bool paging_unmap_page(uintptr_t virtual_address)
{
    int level;
    uint64_t *entry = mapping_entry(virtual_address, &level);
    if (!entry || level != 1) {
        return false;
    }
    pte_set(entry, *entry & ~PTE_PRESENT);
    invlpg(virtual_address);
    return true;
}

bool paging_set_rights(uintptr_t virtual_address, uint64_t rights)
{
    int level;
    uint64_t *entry = mapping_entry(virtual_address, &level);
    if (!entry) {
        return false;
    }
    pte_set(entry, (*entry & ~PAGING_RIGHTS) | (rights & PAGING_RIGHTS));
    return true;
}
