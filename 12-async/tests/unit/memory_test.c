/* memory_test.c: what memory_init found: the boot information's name and map, usable
   ranges that hold together, totals that add up, an offset map that reaches all of the
   RAM. It prints the map and totals, which tests/memory_sizes.py reads at each size. */
#include <stdint.h>

#include "devices/serial.h"
#include "lib/string.h"
#include "memory/frame.h"
#include "memory/layout.h"
#include "memory/memory.h"
#include "memory/offset_map.h"
#include "memory/paging.h"
#include "test/test.h"

TEST(boot_information_names_grub_and_has_a_memory_map)
{
    const struct multiboot_info_parsed *info = memory_boot_info();
    TEST_ASSERT(info->problem == NULL);
    TEST_ASSERT(info->memory_map_found && info->memory_map_count >= 2);
    TEST_ASSERT(info->bootloader_name != NULL);
    TEST_ASSERT(memcmp(info->bootloader_name, "GRUB", 4) == 0);
    TEST_ASSERT(info->command_line != NULL);
}

TEST(usable_ranges_are_sorted_aligned_and_outside_the_reserved_ones)
{
    size_t count, reserved_count;
    const struct memory_range *usable = memory_usable(&count);
    const struct memory_reserved *reserved = memory_reserved(&reserved_count);
    TEST_ASSERT(count > 0);
    for (size_t i = 0; i < count; i++) {
        TEST_ASSERT(usable[i].start < usable[i].end);
        TEST_ASSERT(usable[i].start % PAGE_SIZE == 0 && usable[i].end % PAGE_SIZE == 0);
        TEST_ASSERT(i == 0 || usable[i - 1].end < usable[i].start);
        for (size_t j = 0; j < reserved_count; j++) {
            TEST_ASSERT(usable[i].end <= reserved[j].range.start ||
                        usable[i].start >= reserved[j].range.end);
        }
    }
}

TEST(the_totals_add_up)
{
    size_t count;
    const struct memory_range *usable = memory_usable(&count);
    TEST_ASSERT_EQ(frame_total_count(), memory_map_total(usable, count) / PAGE_SIZE);
    TEST_ASSERT_EQ(frame_free_count() + frame_used_count(), frame_total_count());
    memory_print_map(serial_printf);      /* for memory_sizes.py, and for a person */
}

TEST(the_offset_map_reaches_all_ram)
{
    size_t count;
    const struct memory_range *usable = memory_usable(&count);
    const struct multiboot_info_parsed *info = memory_boot_info();
    uint64_t end = memory_map_ram_end(info->memory_map, info->memory_map_count);
    TEST_ASSERT(offset_map_end() >= end);
    TEST_ASSERT(offset_map_end() - end < offset_map_page_size());
    uint64_t last = usable[count - 1].end - PAGE_SIZE;
    TEST_ASSERT_EQ(paging_translate(PHYS_OFFSET + last), last);
}
