/* page_table_dump.c: kernel_main's view of its own page tables. */
#include "memory/page_table_dump.h"

#include <stdbool.h>

#include "cpu/x86.h"
#include "lib/format.h"
#include "lib/string.h"
#include "memory/layout.h"
#include "memory/page_walk.h"
#include "memory/paging.h"
#include "memory/protection.h"
#include "memory/virtual_address.h"

#define INDEX_COLUMN  16    /* indent and "p1[261..267]", padded to this width */
#define REGION_SIZE   64
#define LINE_SIZE     96
/* The bits that make two entries alike: all but the address and the two the CPU sets
   as it goes (accessed, dirty), which would split runs at random. */
#define ALIKE_MASK    (~PTE_ADDRESS_MASK & ~(PTE_ACCESSED | PTE_DIRTY))

/* What lies at the start of what entry `index` of a level-`level` table maps;
   indices[] holds the indices that lead to the table (indices[0] in p4, ...). */
static void region_of(char *region, unsigned *indices, int level, unsigned index)
{
    indices[PAGE_TABLE_LEVELS - level] = index;
    protection_describe_address(region, REGION_SIZE, va_from_indices(indices, level));
}

/* Whether entry `next` continues the run that `first` starts, `count` entries on:
   both not present, or both pages with the same bits and the next address. */
static bool continues_run(uint64_t first, uint64_t next, unsigned count, int level)
{
    if (next == 0 || (first & ALIKE_MASK) != (next & ALIKE_MASK)) {
        return false;
    }
    if (!(first & PTE_PRESENT)) {
        return true;
    }
    return (next & PTE_ADDRESS_MASK) == (first & PTE_ADDRESS_MASK) + count * va_entry_span(level);
}

static void dump_table(report_printer print, uint64_t physical, int level, unsigned *indices)
{
    int indent = PAGE_TABLE_LEVELS - level;
    const uint64_t *table = paging_table_at(physical);
    if (!table) {
        print("%*s(the table at 0x%lx is outside the memory the kernel can read)\n", indent,
              "", (unsigned long)physical);
        return;
    }
    for (unsigned i = 0; i < PAGE_TABLE_ENTRIES;) {
        uint64_t entry = table[i];
        if (entry == 0) {
            i++;
            continue;
        }
        char index[24];
        if ((entry & PTE_PRESENT) && !page_entry_maps_a_page(entry, level)) {
            format_buffer(index, sizeof(index), "p%d[%u]", level, i);
            char kind[32];
            format_buffer(kind, sizeof(kind), "table p%d at 0x%lx", level - 1,
                          (unsigned long)(entry & PTE_ADDRESS_MASK));
            print("%*s%-*s %-22s %s\n", indent, "", INDEX_COLUMN - indent, index, kind,
                  page_entry_rights(entry));
            indices[PAGE_TABLE_LEVELS - level] = i;     /* the way to the table below */
            dump_table(print, entry & PTE_ADDRESS_MASK, level - 1, indices);
            i++;
            continue;
        }
        /* A run: the entries from i that continue it, within one region. */
        char region[REGION_SIZE], next_region[REGION_SIZE];
        region_of(region, indices, level, i);
        unsigned end = i + 1;
        while (end < PAGE_TABLE_ENTRIES && continues_run(entry, table[end], end - i, level)) {
            region_of(next_region, indices, level, end);
            if (strlen(region) != strlen(next_region) ||
                memcmp(region, next_region, strlen(region)) != 0) {
                break;
            }
            end++;
        }
        if (end - i == 1) {
            format_buffer(index, sizeof(index), "p%d[%u]", level, i);
        } else {
            format_buffer(index, sizeof(index), "p%d[%u..%u]", level, i, end - 1);
        }
        if (!(entry & PTE_PRESENT)) {
            print("%*s%-*s not present: %s\n", indent, "", INDEX_COLUMN - indent, index,
                  region);
        } else {
            char kind[32];
            format_buffer(kind, sizeof(kind), "%s page%s 0x%lx%s", page_size_name(level),
                          end - i == 1 ? "" : "s",
                          (unsigned long)(entry & PTE_ADDRESS_MASK & ~(va_entry_span(level) - 1)),
                          end - i == 1 ? "" : "..");
            print("%*s%-*s %-22s %-6s%s\n", indent, "", INDEX_COLUMN - indent, index, kind,
                  page_entry_rights(entry), region);
        }
        i = end;
    }
}

void page_table_dump(report_printer print)
{
    unsigned indices[PAGE_TABLE_LEVELS] = {0};
    dump_table(print, read_cr3() & PTE_ADDRESS_MASK, PAGE_TABLE_LEVELS, indices);
}

void page_table_walk(report_printer print, uintptr_t address, const char *name)
{
    struct page_walk walk;
    paging_walk(address, &walk);
    print("%s 0x%lx = p4[%u] p3[%u] p2[%u] p1[%u] + 0x%lx, walked by hand:\n", name,
          (unsigned long)address, va_index(address, 4), va_index(address, 3),
          va_index(address, 2), va_index(address, 1), (unsigned long)va_offset(address, 1));
    for (int i = 0; i < walk.steps; i++) {
        char step[LINE_SIZE];
        page_walk_describe_step(step, sizeof(step), &walk.step[i]);
        if (i == walk.steps - 1 && walk.end == PAGE_WALK_MAPPED) {
            print("  %s -> 0x%lx\n", step, (unsigned long)walk.physical);
        } else {
            print("  %s\n", step);
        }
    }
}
