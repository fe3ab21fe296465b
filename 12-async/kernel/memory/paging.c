/* paging.c: walking the active page tables, and changing their entries. */
#include "memory/paging.h"

#include <stddef.h>

#include "cpu/x86.h"
#include "lib/string.h"
#include "memory/frame.h"
#include "memory/layout.h"
#include "memory/virtual_address.h"

/* boot.asm maps the first 1 GiB one to one; offset_map.c maps it all at PHYS_OFFSET. */
static uint64_t physical_offset = 0;
static uint64_t physical_end = BOOT_IDENTITY_MAP_END;

void *phys_to_virt(uint64_t physical)
{
    return (void *)(uintptr_t)(physical + physical_offset);
}

void paging_use_offset_map(uint64_t end)
{
    physical_offset = PHYS_OFFSET;
    physical_end = end;
}

uint64_t paging_physical_end(void)
{
    return physical_end;
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
    if (physical < PAGE_SIZE || physical >= physical_end) {
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

/* The level-`level` table holding the entry for page, found or made on the way down
   from p4; its entries through phys_to_virt, or NULL with *result saying why. */
static uint64_t *table_for(uintptr_t page, int level, uint64_t flags,
                           enum paging_result *result)
{
    uint64_t *table = (uint64_t *)paging_table_at(read_cr3() & PTE_ADDRESS_MASK);
    for (int l = PAGE_TABLE_LEVELS; l > level; l--) {
        if (!table) {
            *result = PAGING_TABLE_UNREACHABLE;
            return NULL;
        }
        uint64_t *entry = &table[va_index(page, l)];
        if ((*entry & PTE_PRESENT) && page_entry_maps_a_page(*entry, l)) {
            *result = PAGING_INSIDE_HUGE_PAGE;
            return NULL;
        }
        if (!(*entry & PTE_PRESENT)) {
            uint64_t frame = frame_alloc();
            if (frame == FRAME_NONE) {
                *result = PAGING_NO_FRAME;
                return NULL;
            }
            uint64_t *fresh = (uint64_t *)paging_table_at(frame);
            if (!fresh) {
                frame_free(frame);
                *result = PAGING_TABLE_UNREACHABLE;
                return NULL;
            }
            memset(fresh, 0, PAGE_SIZE);    /* every entry not present */
            /* Present and writable; user if the page is: the leaf says what is allowed. */
            pte_set(entry, frame | PTE_PRESENT | PTE_WRITABLE | (flags & PTE_USER));
        }
        table = (uint64_t *)paging_table_at(*entry & PTE_ADDRESS_MASK);
    }
    if (!table) {
        *result = PAGING_TABLE_UNREACHABLE;
    }
    return table;
}

/* Map a page of the size a level-`level` entry maps. */
static enum paging_result map_at(uintptr_t page, uint64_t frame, int level, uint64_t flags)
{
    uint64_t size = va_entry_span(level);
    if (!va_is_canonical(page)) {
        return PAGING_NOT_CANONICAL;
    }
    if (page % size != 0 || frame % size != 0 || (frame & ~PTE_ADDRESS_MASK) != 0) {
        return PAGING_NOT_ALIGNED;
    }
    if (flags & ~PAGING_MAP_FLAGS) {
        return PAGING_BAD_FLAGS;
    }
    enum paging_result result = PAGING_OK;
    uint64_t *table = table_for(page, level, flags, &result);
    if (!table) {
        return result;
    }
    uint64_t *entry = &table[va_index(page, level)];
    if (*entry & PTE_PRESENT) {
        return PAGING_ALREADY_MAPPED;   /* by a page, or (for a huge one) by a table */
    }
    pte_set(entry, frame | flags | PTE_PRESENT | (level > 1 ? PTE_HUGE : 0));
    /* The entry was not present, and the CPU caches no such entry; but it may cache
       the tables above (paging-structure caches, SDM 4.10.3): invlpg drops those too. */
    invlpg(page);
    return PAGING_OK;
}

enum paging_result paging_map(uintptr_t page, uint64_t frame, uint64_t flags)
{
    return map_at(page, frame, 1, flags);
}

enum paging_result paging_map_huge(uintptr_t page, uint64_t frame, uint64_t page_size,
                                   uint64_t flags)
{
    if (page_size != va_entry_span(2) && page_size != va_entry_span(3)) {
        return PAGING_NOT_ALIGNED;
    }
    return map_at(page, frame, page_size == va_entry_span(2) ? 2 : 3, flags);
}

enum paging_result paging_unmap(uintptr_t page, uint64_t *frame)
{
    if (!va_is_canonical(page)) {
        return PAGING_NOT_CANONICAL;
    }
    if (page % PAGE_SIZE != 0) {
        return PAGING_NOT_ALIGNED;
    }
    int level;
    uint64_t *entry = mapping_entry(page, &level);
    if (!entry) {
        return PAGING_NOTHING_MAPPED;
    }
    if (level != 1) {
        return PAGING_INSIDE_HUGE_PAGE;
    }
    *frame = *entry & PTE_ADDRESS_MASK;
    pte_set(entry, 0);
    invlpg(page);       /* or the CPU goes on using the old translation */
    return PAGING_OK;
}

const char *paging_result_name(enum paging_result result)
{
    switch (result) {
    case PAGING_OK:                return "ok";
    case PAGING_ALREADY_MAPPED:    return "already mapped";
    case PAGING_INSIDE_HUGE_PAGE:  return "inside a huge page";
    case PAGING_NO_FRAME:          return "no frame for a page table";
    case PAGING_NOT_ALIGNED:       return "not aligned";
    case PAGING_NOT_CANONICAL:     return "not canonical";
    case PAGING_BAD_FLAGS:         return "flags paging_map does not take";
    case PAGING_TABLE_UNREACHABLE: return "a page table outside the memory the kernel reaches";
    case PAGING_NOTHING_MAPPED:    return "nothing mapped there";
    }
    return "?";
}
