/* memory_map.h: the firmware's memory map (from the Multiboot2 boot information) turned
   into what a frame allocator can trust: usable RAM only, as sorted, disjoint,
   page-aligned ranges, with what the kernel already uses taken out. Pure: host-tested. */
#ifndef MEMORY_MAP_H
#define MEMORY_MAP_H

#include <stddef.h>
#include <stdint.h>

/* The type of a map entry, as Multiboot2 (3.6.8) passes on the BIOS's E820 types. */
#define MEMORY_MAP_AVAILABLE        1   /* RAM that the kernel may use */
#define MEMORY_MAP_RESERVED         2
#define MEMORY_MAP_ACPI_RECLAIMABLE 3   /* ACPI tables: RAM again once they are read */
#define MEMORY_MAP_NVS              4   /* kept across sleep: never ours */
#define MEMORY_MAP_BAD              5   /* defective RAM */

#define MEMORY_MAP_MAX 64   /* entries, and ranges, kept: QEMU gives 6 or 7, PCs a few dozen */

/* One entry as the firmware gives it: any order, any alignment, maybe overlapping. */
struct memory_map_entry {
    uint64_t base;
    uint64_t length;
    uint32_t type;
};

/* A range of physical addresses, [start, end). */
struct memory_range {
    uint64_t start;
    uint64_t end;
};

/* The usable memory in entries[0..count): the ranges of type MEMORY_MAP_AVAILABLE,
   less every byte that another entry (of any other type) or one of reserved[0..
   reserved_count) covers (a reserved range wins over a usable one), then shrunk
   inward to whole pages; empty ranges dropped, neighbours merged, sorted by address.
   Writes at most max ranges to out and returns how many; when there would be more,
   the highest are left out (memory left unused, never memory used twice). */
size_t memory_map_usable(const struct memory_map_entry *entries, size_t count,
                         const struct memory_range *reserved, size_t reserved_count,
                         struct memory_range *out, size_t max);

/* The bytes in ranges[0..count). */
uint64_t memory_map_total(const struct memory_range *ranges, size_t count);

/* The end of the highest entry that is RAM (usable, ACPI reclaimable or ACPI NVS; 0
   if there is none): how far physical memory goes, for mapping all of it. Reserved
   entries are left out: they are device memory and firmware, and QEMU's map has one
   at 1012 GiB-1 TiB (the HyperTransport hole) that would cost 1024 p2 tables to map.
   An entry that runs past 2^64 ends at 2^64 - 1. */
uint64_t memory_map_ram_end(const struct memory_map_entry *entries, size_t count);

/* A word for an entry's type: "usable", "reserved", "ACPI reclaimable", "ACPI NVS",
   "bad RAM", or "type N?" for one the specification does not name. */
const char *memory_map_type_name(uint32_t type, char *buffer, size_t size);

#endif
