/* memory_map_test.c: memory_map_usable on crafted maps, on the host: QEMU's map,
   entries unsorted, overlapping, tiny, empty or unaligned, reserved ranges that
   straddle usable ones (the kernel image), memory above 4 GiB, and no usable memory. */
#include <stdio.h>

#include "check.h"
#include "memory/layout.h"
#include "memory/memory_map.h"

#define KIB 1024ull
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static struct memory_range out[MEMORY_MAP_MAX];

/* Pass if the ranges are exactly expected[0..expected_count). */
static void check_ranges(const char *name, size_t count, const struct memory_range *expected,
                         size_t expected_count)
{
    char detail[1024];
    int length = snprintf(detail, sizeof(detail), "got %zu ranges:", count);
    int same = count == expected_count;
    for (size_t i = 0; i < count && length < (int)sizeof(detail) - 48; i++) {
        length += snprintf(detail + length, sizeof(detail) - length, " [%#llx, %#llx)",
                           (unsigned long long)out[i].start, (unsigned long long)out[i].end);
        same = same && i < expected_count && out[i].start == expected[i].start &&
               out[i].end == expected[i].end;
    }
    check(name, same, detail);
}

#define USABLE(...) memory_map_usable(__VA_ARGS__, out, MEMORY_MAP_MAX)

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* QEMU's pc machine with 128 MiB under SeaBIOS, as GRUB passes it on. */
    static const struct memory_map_entry qemu[] = {
        {0, 0x9FC00, 1}, {0x9FC00, 0x400, 2}, {0xF0000, 0x10000, 2},
        {0x100000, 0x7EE0000, 1}, {0x7FE0000, 0x20000, 2}, {0xFFFC0000, 0x40000, 2},
    };
    static const struct memory_range qemu_usable[] = {{0, 0x9F000}, {0x100000, 0x7FE0000}};
    check_ranges("qemu_128m", USABLE(qemu, COUNT(qemu), NULL, 0), qemu_usable, 2);
    check_number("qemu_128m_total", memory_map_total(out, 2), 0x9F000 + 0x7EE0000);
    check_number("qemu_128m_ram_ends_below_the_bios_rom", memory_map_ram_end(qemu, COUNT(qemu)),
                 0x7FE0000);
    static const struct memory_map_entry acpi[] = {{0x100000, 0x1000, 1}, {0x200000, 0x1000, 4},
                                                   {0x300000, 0x1000, 2}};
    check_number("acpi_nvs_is_ram_reserved_is_not", memory_map_ram_end(acpi, COUNT(acpi)),
                 0x201000);

    /* The reserved ranges the kernel takes out: the first MiB, its image (1 MiB to
       1.5 MiB, straddling nothing here), the boot information inside the image's
       range's neighbour. */
    static const struct memory_range kernel[] = {
        {0, MIB}, {MIB, MIB + 0x6F123}, {0x2000000, 0x2000000 + 0x3B0},
    };
    static const struct memory_range with_kernel[] = {
        {MIB + 0x70000, 0x2000000}, {0x2001000, 0x7FE0000},
    };
    check_ranges("first_mib_kernel_and_boot_information_taken_out",
                 USABLE(qemu, COUNT(qemu), kernel, COUNT(kernel)), with_kernel, 2);

    /* Unsorted and overlapping: usable entries merge, a reserved entry wins wherever
       it overlaps a usable one, whatever the order. */
    static const struct memory_map_entry messy[] = {
        {0x400000, 0x200000, 1},     /* 4-6 MiB */
        {0x100000, 0x400000, 1},     /* 1-5 MiB: overlaps the first */
        {0x300000, 0x1000, 2},       /* a reserved page inside both */
        {0x800000, 0x100000, 1},     /* 8-9 MiB, apart */
        {0x880000, 0x100000, 4},     /* NVS over the top half of it and beyond */
    };
    static const struct memory_range messy_usable[] = {
        {0x100000, 0x300000}, {0x301000, 0x600000}, {0x800000, 0x880000},
    };
    check_ranges("unsorted_overlapping_reserved_wins", USABLE(messy, COUNT(messy), NULL, 0),
                 messy_usable, 3);

    /* Neighbours that touch become one range, in whatever order they come. */
    static const struct memory_map_entry touching[] = {
        {0x300000, 0x100000, 1}, {0x100000, 0x100000, 1}, {0x200000, 0x100000, 1},
    };
    static const struct memory_range merged[] = {{0x100000, 0x400000}};
    check_ranges("touching_entries_merge", USABLE(touching, COUNT(touching), NULL, 0), merged, 1);

    /* Zero-length and tiny entries vanish; unaligned ones shrink inward to whole pages. */
    static const struct memory_map_entry small[] = {
        {0x200000, 0, 1},            /* empty */
        {0x300000, 0x800, 1},        /* half a page */
        {0x400800, 0x1000, 1},       /* a page's worth, but across two pages: none whole */
        {0x500123, 0x3000, 1},       /* 0x500123-0x503123: pages 0x501000-0x503000 */
        {0x600000, 0, 2},            /* an empty reserved entry takes nothing */
        {0x600000, 0x2000, 1},
    };
    static const struct memory_range small_usable[] = {{0x501000, 0x503000}, {0x600000, 0x602000}};
    check_ranges("tiny_empty_and_unaligned_entries", USABLE(small, COUNT(small), NULL, 0),
                 small_usable, 2);

    /* A reserved range that straddles two usable ones, and one that splits a range. */
    static const struct memory_map_entry two[] = {{0x100000, 0x100000, 1}, {0x300000, 0x100000, 1}};
    static const struct memory_range straddle[] = {{0x180000, 0x380000}, {0x3A0800, 0x3A1000}};
    static const struct memory_range straddled[] = {
        {0x100000, 0x180000}, {0x380000, 0x3A0000}, {0x3A1000, 0x400000},
    };
    check_ranges("reserved_range_straddling_two_ranges_and_splitting_one",
                 USABLE(two, COUNT(two), straddle, COUNT(straddle)), straddled, 3);

    /* Memory above 4 GiB (QEMU with 4 GiB: 3 GiB low, 1 GiB from 4 GiB). */
    static const struct memory_map_entry big[] = {
        {0xFFFC0000, 0x40000, 2}, {0x100000000ull, 0x40000000, 1}, {0x100000, 0xBFEE0000, 1},
        {0, 0x9FC00, 1},
    };
    static const struct memory_range big_usable[] = {
        {0, 0x9F000}, {0x100000, 0xBFFE0000}, {0x100000000ull, 0x140000000ull},
    };
    check_ranges("memory_above_4_gib", USABLE(big, COUNT(big), NULL, 0), big_usable, 3);
    check_number("ram_end_above_4_gib", memory_map_ram_end(big, COUNT(big)), 0x140000000ull);

    /* An entry whose end does not fit in 64 bits stops at the top, and is still cut
       to whole pages. */
    static const struct memory_map_entry top[] = {{0xFFFFFFFFFFFF0000ull, 0x20000, 1}};
    static const struct memory_range top_usable[] = {{0xFFFFFFFFFFFF0000ull, 0xFFFFFFFFFFFFF000ull}};
    check_ranges("entry_past_2_to_the_64_is_clamped", USABLE(top, COUNT(top), NULL, 0),
                 top_usable, 1);

    /* Nothing usable: a map of reserved entries, an empty map, and usable memory that
       the reserved ranges cover entirely. */
    static const struct memory_map_entry none[] = {{0, 0x100000, 2}, {0x100000, 0x100000, 3}};
    check_ranges("no_usable_entries", USABLE(none, COUNT(none), NULL, 0), NULL, 0);
    check_ranges("empty_map", USABLE(none, 0, NULL, 0), NULL, 0);
    static const struct memory_range everything[] = {{0, 128 * MIB}};
    check_ranges("usable_memory_all_reserved",
                 USABLE(qemu, 4, everything, COUNT(everything)), NULL, 0);
    check_number("empty_map_ends_at_0", memory_map_ram_end(none, 0), 0);

    /* More ranges than there is room for: the lowest are kept, never a reserved byte. */
    struct memory_map_entry many[MEMORY_MAP_MAX + 8];
    for (size_t i = 0; i < COUNT(many); i++) {
        many[i] = (struct memory_map_entry){(COUNT(many) - i) * 2 * MIB, MIB, 1};
    }
    size_t kept = memory_map_usable(many, COUNT(many), NULL, 0, out, 4);
    static const struct memory_range lowest[] = {
        {2 * MIB, 3 * MIB}, {4 * MIB, 5 * MIB}, {6 * MIB, 7 * MIB}, {8 * MIB, 9 * MIB},
    };
    check_ranges("a_full_array_keeps_the_lowest_ranges", kept, lowest, 4);
    static const struct memory_range splits[] = {{0x280000, 0x281000}, {0x480000, 0x481000},
                                                 {0x680000, 0x681000}, {0x880000, 0x881000}};
    kept = memory_map_usable(many, COUNT(many), splits, COUNT(splits), out, 4);
    static const struct memory_range split_full[] = {
        {2 * MIB, 0x280000}, {0x281000, 3 * MIB}, {4 * MIB, 0x480000}, {0x481000, 5 * MIB},
    };
    check_ranges("splitting_a_full_array_gives_up_the_top", kept, split_full, 4);
    static const struct memory_range last_split[] = {{0x880000, 0x881000}};
    kept = memory_map_usable(many, COUNT(many), last_split, 1, out, 4);
    static const struct memory_range last_full[] = {
        {2 * MIB, 3 * MIB}, {4 * MIB, 5 * MIB}, {6 * MIB, 7 * MIB}, {8 * MIB, 0x880000},
    };
    check_ranges("splitting_the_highest_of_a_full_array_keeps_its_lower_part", kept,
                 last_full, 4);

    char buffer[16];
    check_string("type_names", memory_map_type_name(3, buffer, sizeof(buffer)), "ACPI reclaimable");
    check_string("unknown_type", memory_map_type_name(17, buffer, sizeof(buffer)), "type 17?");
    return check_summary();
}
