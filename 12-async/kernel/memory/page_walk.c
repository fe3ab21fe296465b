/* page_walk.c: one address's walk through the page tables, recorded step by step. */
#include "memory/page_walk.h"

#include "lib/format.h"
#include "memory/layout.h"

bool page_entry_maps_a_page(uint64_t entry, int level)
{
    return (entry & PTE_PRESENT) &&
           (level == 1 || ((level == 2 || level == 3) && (entry & PTE_HUGE)));
}

const char *page_size_name(int level)
{
    return level == 3 ? "1 GiB" : level == 2 ? "2 MiB" : "4 KiB";
}

void page_walk(uint64_t cr3, uint64_t address, page_table_reader read_table,
               struct page_walk *walk)
{
    *walk = (struct page_walk){.address = address, .writable = true, .executable = true,
                               .user = true};
    if (!va_is_canonical(address)) {
        walk->end = PAGE_WALK_NOT_CANONICAL;
        return;
    }
    uint64_t table = cr3 & PTE_ADDRESS_MASK;
    for (int level = PAGE_TABLE_LEVELS; level >= 1; level--) {
        const uint64_t *entries = read_table(table);
        if (!entries) {
            walk->end = PAGE_WALK_UNREADABLE;
            return;
        }
        unsigned index = va_index(address, level);
        uint64_t entry = entries[index];
        walk->step[walk->steps++] = (struct page_walk_step){level, index, table, entry};
        if (!(entry & PTE_PRESENT)) {
            walk->end = PAGE_WALK_NOT_PRESENT;
            return;
        }
        walk->writable = walk->writable && (entry & PTE_WRITABLE);
        walk->executable = walk->executable && !(entry & PTE_NO_EXECUTE);
        walk->user = walk->user && (entry & PTE_USER);
        if (page_entry_maps_a_page(entry, level)) {
            walk->end = PAGE_WALK_MAPPED;
            walk->page_size = va_entry_span(level);
            /* A huge page's address has its low bits clear too (a 2 MiB page's bits
               20-12 are reserved, and bit 12 is PAT): the page's bits only. */
            walk->physical = (entry & PTE_ADDRESS_MASK & ~(walk->page_size - 1)) |
                             va_offset(address, level);
            return;
        }
        table = entry & PTE_ADDRESS_MASK;
    }
}

int page_walk_refusal(const struct page_walk *walk, uint64_t error_code)
{
    if (!(error_code & PAGE_FAULT_PRESENT)) {
        return walk->end == PAGE_WALK_NOT_PRESENT ? walk->steps - 1 : -1;
    }
    if (error_code & PAGE_FAULT_RESERVED) {
        return -1;
    }
    for (int i = 0; i < walk->steps; i++) {
        uint64_t entry = walk->step[i].entry;
        if (((error_code & PAGE_FAULT_INSTRUCTION) && (entry & PTE_NO_EXECUTE)) ||
            ((error_code & PAGE_FAULT_WRITE) && !(entry & PTE_WRITABLE)) ||
            ((error_code & PAGE_FAULT_USER) && !(entry & PTE_USER))) {
            return i;
        }
    }
    return -1;
}

const char *page_fault_access(uint64_t error_code)
{
    if (error_code & PAGE_FAULT_INSTRUCTION) {
        return "an instruction fetch from";
    }
    return error_code & PAGE_FAULT_WRITE ? "a write to" : "a read of";
}

const char *page_entry_rights(uint64_t entry)
{
    static const char *const rights[2][2][2] = {
        /* [user][writable][no-execute] */
        {{"R X", "R NX"}, {"RW X", "RW NX"}},
        {{"R X user", "R NX user"}, {"RW X user", "RW NX user"}},
    };
    if (!(entry & PTE_PRESENT)) {
        return "";
    }
    return rights[!!(entry & PTE_USER)][!!(entry & PTE_WRITABLE)][!!(entry & PTE_NO_EXECUTE)];
}

void page_walk_describe_step(char *buffer, size_t size, const struct page_walk_step *step)
{
    char index[16];
    format_buffer(index, sizeof(index), "p%d[%u]", step->level, step->index);
    char what[48];
    uint64_t address = step->entry & PTE_ADDRESS_MASK;
    if (!(step->entry & PTE_PRESENT)) {
        format_buffer(what, sizeof(what), "not present");
    } else if (page_entry_maps_a_page(step->entry, step->level)) {
        format_buffer(what, sizeof(what), "%s page at 0x%llx", page_size_name(step->level),
                      (unsigned long long)(address & ~(va_entry_span(step->level) - 1)));
    } else {
        format_buffer(what, sizeof(what), "table p%d at 0x%llx", step->level - 1,
                      (unsigned long long)address);
    }
    format_buffer(buffer, size, "%-7s 0x%016llx  %-6s %s", index,
                  (unsigned long long)step->entry, page_entry_rights(step->entry), what);
}
