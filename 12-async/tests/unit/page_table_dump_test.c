/* page_table_dump_test.c: the dump names what each run maps by its virtual address, the
   indices of every table on the way included: a second level 4 entry that points at the
   same level 3 table maps the same memory 512 GiB higher, where none of the kernel is. */
#include <stdint.h>

#include "capture.h"
#include "cpu/x86.h"
#include "memory/layout.h"
#include "memory/page_table_dump.h"
#include "memory/paging.h"
#include "test/test.h"

TEST(dump_shows_each_region_once_in_the_kernels_tables)
{
    test_capture_start();
    page_table_dump(test_capture);
    TEST_ASSERT_EQ(test_captured_count("p4[0] "), 1);
    TEST_ASSERT_EQ(test_captured_count("p4[256]          table p3 at "), 1);   /* the offset map */
    TEST_ASSERT(test_captured_count(" RW NX the offset map of physical memory\n") >= 1);
    TEST_ASSERT_EQ(test_captured_count("not present: page 0 (NULL)\n"), 1);
    TEST_ASSERT_EQ(test_captured_count(" R X   kernel code\n"), 1);
    TEST_ASSERT_EQ(test_captured_count(" R NX  kernel read-only data\n"), 1);
    TEST_ASSERT_EQ(test_captured_count("not present: the guard page of the "), 3);
}

TEST(dump_names_what_a_second_p4_entry_maps_by_its_own_address)
{
    uint64_t *p4 = (uint64_t *)paging_table_at(read_cr3() & PTE_ADDRESS_MASK);
    TEST_ASSERT(p4 != NULL && p4[1] == 0);
    pte_set(&p4[1], p4[0]);
    test_capture_start();
    page_table_dump(test_capture);
    pte_set(&p4[1], 0);
    write_cr3(read_cr3());
    TEST_ASSERT_EQ(test_captured_count("p4[1]            table p3 at "), 1);
    TEST_ASSERT_EQ(test_captured_count("not present: page 0 (NULL)\n"), 1);
    TEST_ASSERT_EQ(test_captured_count(" R X   kernel code\n"), 1);
    TEST_ASSERT_EQ(test_captured_count(" R X   unmapped space past the identity map\n"), 1);
}
