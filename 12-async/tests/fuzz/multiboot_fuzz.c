/* multiboot_fuzz.c: a libFuzzer target for the boot information's walk and for the
   memory map's normalisation. Each input is boot information of exactly its own size
   (its total_size field is set to it, as GRUB's is to its block), in a heap block of
   that size, so that AddressSanitizer catches any read past it.

   multiboot_parse must not read outside it, and what it returns must hold together:
   strings end inside the block, no more entries than kept, a success only with an end
   tag. The map it read then goes through memory_map_usable, whose ranges must be
   sorted, disjoint, page-aligned, inside usable entries and outside every other entry
   and the reserved ranges.

   The same bytes are also read as a memory map of their own, 5 bytes an entry (base
   and length in 4 KiB and 256-byte units, 16 bits each, and a type), the first two
   entries standing for reserved ranges: entries that overlap, touch and straddle are
   then common, where random boot information seldom reaches a map at all. Any
   violation aborts, which libFuzzer reports. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory/layout.h"
#include "memory/memory_map.h"
#include "memory/multiboot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEADER_SIZE 8

static bool inside(const uint8_t *block, size_t size, const char *text)
{
    const uint8_t *p = (const uint8_t *)text;
    return p >= block + HEADER_SIZE && p < block + size &&
           memchr(p, '\0', (size_t)(block + size - p)) != NULL;
}

/* Whether [start, end) and [other_start, other_end) share a byte (an empty range
   shares none). */
static bool overlaps(uint64_t start, uint64_t end, uint64_t other_start, uint64_t other_end)
{
    return other_start < other_end && start < other_end && other_start < end;
}

static uint64_t end_of(const struct memory_map_entry *entry)
{
    return entry->length > UINT64_MAX - entry->base ? UINT64_MAX : entry->base + entry->length;
}

#define ENTRY_BYTES 5

/* The usable ranges of map[0..map_count), against the map itself and reserved[0..2). */
static void check_usable(const struct memory_map_entry *map, size_t map_count,
                         const struct memory_range *reserved)
{
    struct memory_range out[MEMORY_MAP_MAX];
    size_t count = memory_map_usable(map, map_count, reserved, 2, out, MEMORY_MAP_MAX);
    if (count > MEMORY_MAP_MAX) {
        abort();
    }
    for (size_t i = 0; i < count; i++) {
        if (out[i].start >= out[i].end || out[i].start % PAGE_SIZE || out[i].end % PAGE_SIZE ||
            (i > 0 && out[i - 1].end >= out[i].start)) {
            abort();    /* empty, unaligned, unsorted, overlapping or not merged */
        }
        bool in_usable = false;
        for (size_t j = 0; j < map_count; j++) {
            const struct memory_map_entry *entry = &map[j];
            if (entry->length == 0) {
                continue;
            }
            if (entry->type != MEMORY_MAP_AVAILABLE &&
                overlaps(out[i].start, out[i].end, entry->base, end_of(entry))) {
                abort();    /* usable memory that another entry reserves */
            }
            in_usable = in_usable || (entry->type == MEMORY_MAP_AVAILABLE &&
                                      entry->base <= out[i].start && out[i].start < end_of(entry));
        }
        for (size_t j = 0; j < 2; j++) {
            if (overlaps(out[i].start, out[i].end, reserved[j].start, reserved[j].end)) {
                abort();
            }
        }
        if (!in_usable) {
            abort();        /* memory that no usable entry gave */
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *block = malloc(size ? size : 1);
    memcpy(block, data, size);
    if (size >= 4) {
        uint32_t total = (uint32_t)size;
        memcpy(block, &total, sizeof(total));
    }
    struct multiboot_info_parsed parsed;
    bool ok = multiboot_parse(size >= HEADER_SIZE ? block : NULL, 0x9000, &parsed);
    if (ok != (parsed.problem == NULL) || parsed.memory_map_count > MEMORY_MAP_MAX ||
        (parsed.memory_map_count > 0 && !parsed.memory_map_found)) {
        abort();
    }
    if ((parsed.command_line && !inside(block, size, parsed.command_line)) ||
        (parsed.bootloader_name && !inside(block, size, parsed.bootloader_name))) {
        abort();
    }
    if (parsed.memory_map_found && multiboot_find_tag(block, MB2_TAG_MEMORY_MAP) == NULL) {
        abort();            /* the two walks disagree */
    }
    static const struct memory_range kernel[] = {{0, 0x100000}, {0x100000, 0x180123}};
    check_usable(parsed.memory_map, parsed.memory_map_count, kernel);
    free(block);

    struct memory_map_entry map[MEMORY_MAP_MAX + 8];
    size_t count = 0;
    for (size_t i = 0; i + ENTRY_BYTES <= size && count < MEMORY_MAP_MAX + 8; i += ENTRY_BYTES) {
        map[count++] = (struct memory_map_entry){
            .base = (uint64_t)(data[i] | data[i + 1] << 8) << 12,
            .length = (uint64_t)(data[i + 2] | data[i + 3] << 8) << 8,
            .type = data[i + 4] % 6,
        };
    }
    if (count >= 2) {
        struct memory_range reserved[2] = {
            {map[0].base, map[0].base + map[0].length}, {map[1].base, map[1].base + map[1].length},
        };
        check_usable(map + 2, count - 2, reserved);
    }
    return 0;
}
