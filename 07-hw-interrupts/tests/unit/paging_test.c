/* paging_test.c: translating addresses through the boot page tables. */
#include <stdint.h>

#include "init.h"
#include "memory/paging.h"
#include "test/test.h"

TEST(kernel_code_is_mapped_one_to_one)
{
    TEST_ASSERT_EQ(paging_translate((uintptr_t)kernel_main), (uintptr_t)kernel_main);
    TEST_ASSERT_EQ(paging_translate(0xB8000), 0xB8000);         /* the VGA text buffer */
    TEST_ASSERT_EQ(paging_translate(0x3FFFFFFF), 0x3FFFFFFF);   /* the last mapped byte */
}

TEST(addresses_past_the_first_gib_are_not_mapped)
{
    TEST_ASSERT_EQ(paging_translate(0x40000000), PAGING_NOT_MAPPED);
    TEST_ASSERT_EQ(paging_translate(0x8000000000000000ull), PAGING_NOT_MAPPED);
}

TEST(only_4k_pages_can_be_unmapped)
{
    TEST_ASSERT(!paging_unmap_page(0x40000000));    /* not mapped at all */
    TEST_ASSERT(!paging_unmap_page(0x200000));      /* inside a 2 MiB page */
    TEST_ASSERT_EQ(paging_translate(0x200000), 0x200000);
}
