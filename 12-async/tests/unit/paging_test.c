/* paging_test.c: translating addresses through the live page tables (the identity map,
   the offset map's huge pages, nothing), and paging_map and paging_unmap at work in the
   scratch window: a fresh page written and read back through the offset map, every
   refusal, and an access after unmapping that faults. */
#include <stdint.h>

#include "init.h"
#include "interrupts/exception_info.h"
#include "memory/frame.h"
#include "memory/layout.h"
#include "memory/offset_map.h"
#include "memory/page_walk.h"
#include "memory/paging.h"
#include "memory/virtual_address.h"
#include "test/test.h"

#define TEST_PAGE      (SCRATCH_START + 0x100000)   /* away from kernel_main's page */
#define PATTERN        0x5A17C0DEF00DBEEFull
#define PAGE_FAULT     14
#define NOT_PRESENT_READ 0

TEST(kernel_code_is_mapped_one_to_one)
{
    TEST_ASSERT_EQ(paging_translate((uintptr_t)kernel_main), (uintptr_t)kernel_main);
    TEST_ASSERT_EQ(paging_translate(0xB8000), 0xB8000);         /* the VGA text buffer */
    TEST_ASSERT_EQ(paging_translate(BOOT_IDENTITY_MAP_END - 1), BOOT_IDENTITY_MAP_END - 1);
}

TEST(addresses_past_the_first_gib_are_not_mapped)
{
    TEST_ASSERT_EQ(paging_translate(BOOT_IDENTITY_MAP_END), PAGING_NOT_MAPPED);
    TEST_ASSERT_EQ(paging_translate(0x8000000000000000ull), PAGING_NOT_MAPPED);
    TEST_ASSERT_EQ(paging_translate(HEAP_START + HEAP_LIMIT), PAGING_NOT_MAPPED); /* never */
}

TEST(only_4k_pages_can_be_unmapped)
{
    TEST_ASSERT(!paging_unmap_page(BOOT_IDENTITY_MAP_END));    /* not mapped at all */
    TEST_ASSERT(!paging_unmap_page(BOOT_SMALL_PAGES_END));     /* inside a 2 MiB page */
    TEST_ASSERT_EQ(paging_translate(BOOT_SMALL_PAGES_END), BOOT_SMALL_PAGES_END);
}

TEST(phys_to_virt_is_the_offset_map)
{
    TEST_ASSERT_EQ((uintptr_t)phys_to_virt(0x1000), PHYS_OFFSET + 0x1000);
    TEST_ASSERT_EQ(paging_physical_end(), offset_map_end());
    TEST_ASSERT_EQ(paging_translate(PHYS_OFFSET + 0xB8000), 0xB8000);
    TEST_ASSERT_EQ(paging_translate(PHYS_OFFSET + (uintptr_t)kernel_main), (uintptr_t)kernel_main);
    /* The same byte seen at both addresses. */
    TEST_ASSERT_EQ(*(volatile uint8_t *)phys_to_virt((uintptr_t)kernel_main),
                   *(volatile uint8_t *)kernel_main);
}

TEST(offset_map_ends_where_physical_memory_does)
{
    uint64_t end = offset_map_end();
    TEST_ASSERT(end > 0 && end % offset_map_page_size() == 0);
    TEST_ASSERT_EQ(paging_translate(PHYS_OFFSET + end - 1), end - 1);
    TEST_ASSERT_EQ(paging_translate(PHYS_OFFSET + end), PAGING_NOT_MAPPED);
}

TEST(huge_pages_translate_with_their_offset)
{
    struct page_walk walk;
    paging_walk(BOOT_SMALL_PAGES_END + 0x12345, &walk);     /* boot.asm's 2 MiB pages */
    TEST_ASSERT_EQ(walk.end, PAGE_WALK_MAPPED);
    TEST_ASSERT_EQ(walk.page_size, va_entry_span(2));
    TEST_ASSERT_EQ(walk.steps, 3);
    TEST_ASSERT_EQ(walk.physical, BOOT_SMALL_PAGES_END + 0x12345);
    /* The offset map's pages: 2 MiB, or 1 GiB where the CPU has them (memory_sizes.py
       boots a CPU with pdpe1gb). The walk ends a level early for each size up. */
    uint64_t physical = 3 * va_entry_span(2) + 0x6789A;
    paging_walk(PHYS_OFFSET + physical, &walk);
    TEST_ASSERT_EQ(walk.end, PAGE_WALK_MAPPED);
    TEST_ASSERT_EQ(walk.page_size, offset_map_page_size());
    TEST_ASSERT_EQ(walk.steps, offset_map_page_size() == va_entry_span(3) ? 2 : 3);
    TEST_ASSERT_EQ(walk.physical, physical);
    TEST_ASSERT(walk.writable && !walk.executable);
}

TEST(a_fresh_page_is_written_and_read_back_through_the_offset_map)
{
    uint64_t frame = frame_alloc();
    TEST_ASSERT(frame != FRAME_NONE);
    TEST_ASSERT_EQ(paging_map(TEST_PAGE, frame, PTE_WRITABLE | PTE_NO_EXECUTE), PAGING_OK);
    TEST_ASSERT_EQ(paging_translate(TEST_PAGE + 0x123), frame + 0x123);
    volatile uint64_t *page = (volatile uint64_t *)TEST_PAGE;
    page[0] = PATTERN;
    page[511] = ~PATTERN;
    volatile uint64_t *same = phys_to_virt(frame);
    TEST_ASSERT_EQ(same[0], PATTERN);
    TEST_ASSERT_EQ(same[511], ~PATTERN);
    uint64_t unmapped = 0;
    TEST_ASSERT_EQ(paging_unmap(TEST_PAGE, &unmapped), PAGING_OK);
    TEST_ASSERT_EQ(unmapped, frame);
    TEST_ASSERT_EQ(paging_translate(TEST_PAGE), PAGING_NOT_MAPPED);
    frame_free(frame);
}

/* A table made for paging_map starts empty, whatever its frame held: the frame
   handed out for it is the one just freed, full of ones (every entry present). */
TEST(new_tables_start_empty)
{
    uintptr_t page = SCRATCH_START + 2 * va_entry_span(3);     /* p3[2]: no table yet */
    TEST_ASSERT_EQ(paging_translate(page), PAGING_NOT_MAPPED);
    uint64_t junk = frame_alloc();
    uint64_t *words = phys_to_virt(junk);
    for (int i = 0; i < PAGE_TABLE_ENTRIES; i++) {
        words[i] = ~0ull & ~PTE_NO_EXECUTE;
    }
    frame_free(junk);
    uint64_t frame = frame_alloc();
    frame_free(frame);          /* it was junk again: the stack gives it back first */
    TEST_ASSERT_EQ(frame, junk);
    TEST_ASSERT_EQ(paging_map(page, 0xB8000, PTE_NO_EXECUTE), PAGING_OK);
    TEST_ASSERT_EQ(paging_translate(page), 0xB8000);
    TEST_ASSERT_EQ(paging_translate(page + PAGE_SIZE), PAGING_NOT_MAPPED);
    TEST_ASSERT_EQ(paging_translate(page + va_entry_span(2)), PAGING_NOT_MAPPED);
    TEST_ASSERT_EQ(paging_translate(page + va_entry_span(3) - PAGE_SIZE), PAGING_NOT_MAPPED);
    uint64_t unmapped;
    TEST_ASSERT_EQ(paging_unmap(page, &unmapped), PAGING_OK);
}

TEST(mapping_a_page_twice_is_refused)
{
    uint64_t first = frame_alloc(), second = frame_alloc();
    TEST_ASSERT_EQ(paging_map(TEST_PAGE, first, PTE_NO_EXECUTE), PAGING_OK);
    TEST_ASSERT_EQ(paging_map(TEST_PAGE, second, PTE_NO_EXECUTE), PAGING_ALREADY_MAPPED);
    TEST_ASSERT_EQ(paging_translate(TEST_PAGE), first);     /* unchanged */
    uint64_t unmapped;
    TEST_ASSERT_EQ(paging_unmap(TEST_PAGE, &unmapped), PAGING_OK);
    frame_free(first);
    frame_free(second);
}

TEST(mapping_inside_a_huge_page_or_off_a_boundary_is_refused)
{
    uint64_t frame = frame_alloc();
    TEST_ASSERT_EQ(paging_map(PHYS_OFFSET + 0x200000, frame, 0), PAGING_INSIDE_HUGE_PAGE);
    TEST_ASSERT_EQ(paging_map(BOOT_SMALL_PAGES_END, frame, 0), PAGING_INSIDE_HUGE_PAGE);
    TEST_ASSERT_EQ(paging_map(0x1000, frame, 0), PAGING_ALREADY_MAPPED);   /* a 4 KiB page */
    TEST_ASSERT_EQ(paging_map(TEST_PAGE + 8, frame, 0), PAGING_NOT_ALIGNED);
    TEST_ASSERT_EQ(paging_map(TEST_PAGE, frame + 8, 0), PAGING_NOT_ALIGNED);
    TEST_ASSERT_EQ(paging_map(0x0000800000000000ull, frame, 0), PAGING_NOT_CANONICAL);
    TEST_ASSERT_EQ(paging_map(TEST_PAGE, frame, PTE_HUGE), PAGING_BAD_FLAGS);
    TEST_ASSERT_EQ(paging_map_huge(PHYS_OFFSET, 0, offset_map_page_size(), 0),
                   PAGING_ALREADY_MAPPED);
    TEST_ASSERT_EQ(paging_translate(TEST_PAGE), PAGING_NOT_MAPPED);
    frame_free(frame);
}

TEST(unmapping_what_is_not_a_4k_mapping_is_refused)
{
    uint64_t frame = 0;
    TEST_ASSERT_EQ(paging_unmap(TEST_PAGE, &frame), PAGING_NOTHING_MAPPED);
    TEST_ASSERT_EQ(paging_unmap(HEAP_START + HEAP_LIMIT, &frame), PAGING_NOTHING_MAPPED);
    TEST_ASSERT_EQ(paging_unmap(PHYS_OFFSET, &frame), PAGING_INSIDE_HUGE_PAGE);
    TEST_ASSERT_EQ(paging_unmap(TEST_PAGE + 1, &frame), PAGING_NOT_ALIGNED);
    TEST_ASSERT_EQ(paging_translate(PHYS_OFFSET), 0);       /* still there */
}

static void read_test_page(void *argument)
{
    *(volatile uint64_t *)argument = *(volatile uint64_t *)TEST_PAGE;
}

TEST(an_access_after_unmapping_faults)
{
    uint64_t frame = frame_alloc();
    TEST_ASSERT_EQ(paging_map(TEST_PAGE, frame, PTE_WRITABLE | PTE_NO_EXECUTE), PAGING_OK);
    uint64_t value = 0;
    struct test_fault fault = test_expect_fault(read_test_page, &value);  /* fills the TLB */
    TEST_ASSERT(!fault.happened);
    uint64_t unmapped;
    TEST_ASSERT_EQ(paging_unmap(TEST_PAGE, &unmapped), PAGING_OK);
    fault = test_expect_fault(read_test_page, &value);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, PAGE_FAULT);
    TEST_ASSERT_EQ(fault.cr2, TEST_PAGE);
    TEST_ASSERT_EQ(fault.error_code, NOT_PRESENT_READ);
    frame_free(frame);
}

TEST(results_have_names)
{
    TEST_ASSERT_STR_EQ(paging_result_name(PAGING_OK), "ok");
    TEST_ASSERT_STR_EQ(paging_result_name(PAGING_ALREADY_MAPPED), "already mapped");
    TEST_ASSERT_STR_EQ(paging_result_name(PAGING_INSIDE_HUGE_PAGE), "inside a huge page");
    TEST_ASSERT_STR_EQ(paging_result_name(PAGING_NO_FRAME), "no frame for a page table");
}
