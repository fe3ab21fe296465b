/* memory_map.c: from the firmware's memory map to the usable ranges, by interval
   arithmetic on a small sorted array. */
#include "memory/memory_map.h"

#include <stdbool.h>

#include "lib/format.h"
#include "memory/layout.h"

#define PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

/* base + length, or the top of the address space if that does not fit in 64 bits. */
static uint64_t entry_end(const struct memory_map_entry *entry)
{
    return entry->length > UINT64_MAX - entry->base ? UINT64_MAX : entry->base + entry->length;
}

/* Insert range at position i of ranges[0..*count), if there is room. */
static bool insert(struct memory_range *ranges, size_t *count, size_t max, size_t i,
                   struct memory_range range)
{
    if (*count == max) {
        return false;
    }
    for (size_t j = *count; j > i; j--) {
        ranges[j] = ranges[j - 1];
    }
    ranges[i] = range;
    (*count)++;
    return true;
}

static void remove_at(struct memory_range *ranges, size_t *count, size_t i)
{
    for (size_t j = i; j + 1 < *count; j++) {
        ranges[j] = ranges[j + 1];
    }
    (*count)--;
}

/* Add [start, end) to the sorted, disjoint ranges, merging it with those it overlaps
   or touches. Full: the range is left out if it would be the highest, or else the
   highest range is dropped to make room, so that what is kept is the lowest memory. */
static void add_range(struct memory_range *ranges, size_t *count, size_t max,
                      uint64_t start, uint64_t end)
{
    size_t i = 0;
    while (i < *count && ranges[i].end < start) {
        i++;
    }
    if (i < *count && ranges[i].start <= end) {     /* overlaps or touches ranges[i] */
        ranges[i].start = ranges[i].start < start ? ranges[i].start : start;
        ranges[i].end = ranges[i].end > end ? ranges[i].end : end;
        while (i + 1 < *count && ranges[i + 1].start <= ranges[i].end) {
            ranges[i].end = ranges[i + 1].end > ranges[i].end ? ranges[i + 1].end : ranges[i].end;
            remove_at(ranges, count, i + 1);
        }
        return;
    }
    if (*count == max) {
        if (i == *count) {
            return;
        }
        (*count)--;
    }
    insert(ranges, count, max, i, (struct memory_range){start, end});
}

/* Take [start, end) out of the sorted, disjoint ranges. A range split in two needs a
   slot more: when there is none, the highest range is given up to make one (so that
   what is kept is the lowest memory, as in add_range; never the hole). */
static void subtract_range(struct memory_range *ranges, size_t *count, size_t max,
                           uint64_t start, uint64_t end)
{
    for (size_t i = 0; i < *count;) {
        struct memory_range *range = &ranges[i];
        if (range->end <= start || range->start >= end) {
            i++;
        } else if (start <= range->start && end >= range->end) {
            remove_at(ranges, count, i);
        } else if (start <= range->start) {
            range->start = end;
            i++;
        } else if (end >= range->end) {
            range->end = start;
            i++;
        } else {
            struct memory_range upper = {end, range->end};
            range->end = start;
            if (*count == max && i + 1 < *count) {
                (*count)--;         /* the highest range makes room */
            }
            insert(ranges, count, max, i + 1, upper);   /* fails only for the highest */
            i += 2;
        }
    }
}

size_t memory_map_usable(const struct memory_map_entry *entries, size_t count,
                         const struct memory_range *reserved, size_t reserved_count,
                         struct memory_range *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (entries[i].type == MEMORY_MAP_AVAILABLE && entries[i].length > 0) {
            add_range(out, &n, max, entries[i].base, entry_end(&entries[i]));
        }
    }
    for (size_t i = 0; i < count; i++) {
        if (entries[i].type != MEMORY_MAP_AVAILABLE && entries[i].length > 0) {
            subtract_range(out, &n, max, entries[i].base, entry_end(&entries[i]));
        }
    }
    for (size_t i = 0; i < reserved_count; i++) {
        if (reserved[i].end > reserved[i].start) {
            subtract_range(out, &n, max, reserved[i].start, reserved[i].end);
        }
    }
    /* Whole pages only: a page that is partly reserved is reserved. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t start = out[i].start > UINT64_MAX - PAGE_MASK ? UINT64_MAX
                                                               : (out[i].start + PAGE_MASK) & ~PAGE_MASK;
        uint64_t end = out[i].end & ~PAGE_MASK;
        if (start < end) {
            out[kept++] = (struct memory_range){start, end};
        }
    }
    return kept;
}

uint64_t memory_map_total(const struct memory_range *ranges, size_t count)
{
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++) {
        total += ranges[i].end - ranges[i].start;
    }
    return total;
}

uint64_t memory_map_ram_end(const struct memory_map_entry *entries, size_t count)
{
    uint64_t end = 0;
    for (size_t i = 0; i < count; i++) {
        bool ram = entries[i].type == MEMORY_MAP_AVAILABLE ||
                   entries[i].type == MEMORY_MAP_ACPI_RECLAIMABLE ||
                   entries[i].type == MEMORY_MAP_NVS;
        if (ram && entries[i].length > 0 && entry_end(&entries[i]) > end) {
            end = entry_end(&entries[i]);
        }
    }
    return end;
}

const char *memory_map_type_name(uint32_t type, char *buffer, size_t size)
{
    switch (type) {
    case MEMORY_MAP_AVAILABLE:        return "usable";
    case MEMORY_MAP_RESERVED:         return "reserved";
    case MEMORY_MAP_ACPI_RECLAIMABLE: return "ACPI reclaimable";
    case MEMORY_MAP_NVS:              return "ACPI NVS";
    case MEMORY_MAP_BAD:              return "bad RAM";
    default:
        format_buffer(buffer, size, "type %u?", (unsigned)type);
        return buffer;
    }
}
