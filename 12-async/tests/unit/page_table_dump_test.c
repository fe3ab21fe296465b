/* page_table_dump_test.c: the dump names what each run maps by its virtual address, the
   indices of every table on the way included: a second level 4 entry that points at the
   same level 3 table maps the same memory 512 GiB higher, where none of the kernel is. */
#include <stdarg.h>
#include <stdint.h>

#include "cpu/x86.h"
#include "lib/format.h"
#include "lib/string.h"
#include "memory/layout.h"
#include "memory/page_table_dump.h"
#include "memory/paging.h"
#include "test/test.h"

static char dump[16384];   /* the heap's tables, grown by its tests, add lines */
static size_t dump_length;

static void append(void *context, const char *text, size_t length)
{
    (void)context;
    for (size_t i = 0; i < length && dump_length + 1 < sizeof(dump); i++) {
        dump[dump_length++] = text[i];
    }
    dump[dump_length] = '\0';
}

static __attribute__((format(printf, 1, 2))) int capture(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int count = format(append, NULL, fmt, args);
    va_end(args);
    return count;
}

static int occurrences(const char *text)
{
    int count = 0;
    for (const char *at = dump; *at; at++) {
        count += memcmp(at, text, strlen(text)) == 0;
    }
    return count;
}

TEST(dump_shows_each_region_once_in_the_kernels_tables)
{
    dump_length = 0;
    page_table_dump(capture);
    TEST_ASSERT_EQ(occurrences("p4[0] "), 1);
    TEST_ASSERT_EQ(occurrences("p4[256]          table p3 at "), 1);   /* the offset map */
    TEST_ASSERT(occurrences(" RW NX the offset map of physical memory\n") >= 1);
    TEST_ASSERT_EQ(occurrences("not present: page 0 (NULL)\n"), 1);
    TEST_ASSERT_EQ(occurrences(" R X   kernel code\n"), 1);
    TEST_ASSERT_EQ(occurrences(" R NX  kernel read-only data\n"), 1);
    TEST_ASSERT_EQ(occurrences("not present: the guard page of the "), 3);
    TEST_ASSERT(dump_length + 1 < sizeof(dump));
}

TEST(dump_names_what_a_second_p4_entry_maps_by_its_own_address)
{
    uint64_t *p4 = (uint64_t *)paging_table_at(read_cr3() & PTE_ADDRESS_MASK);
    TEST_ASSERT(p4 != NULL && p4[1] == 0);
    pte_set(&p4[1], p4[0]);
    dump_length = 0;
    page_table_dump(capture);
    pte_set(&p4[1], 0);
    write_cr3(read_cr3());
    TEST_ASSERT_EQ(occurrences("p4[1]            table p3 at "), 1);
    TEST_ASSERT_EQ(occurrences("not present: page 0 (NULL)\n"), 1);
    TEST_ASSERT_EQ(occurrences(" R X   kernel code\n"), 1);
    TEST_ASSERT_EQ(occurrences(" R X   unmapped space past the identity map\n"), 1);
}
