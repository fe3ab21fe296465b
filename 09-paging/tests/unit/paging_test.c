/* paging_test.c: translating addresses through the boot page tables. */
#include <stdint.h>

#include "init.h"
#include "memory/layout.h"
#include "memory/paging.h"
#include "test/test.h"

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
}

TEST(only_4k_pages_can_be_unmapped)
{
    TEST_ASSERT(!paging_unmap_page(BOOT_IDENTITY_MAP_END));    /* not mapped at all */
    TEST_ASSERT(!paging_unmap_page(BOOT_SMALL_PAGES_END));     /* inside a 2 MiB page */
    TEST_ASSERT_EQ(paging_translate(BOOT_SMALL_PAGES_END), BOOT_SMALL_PAGES_END);
}
