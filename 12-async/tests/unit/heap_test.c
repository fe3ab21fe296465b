/* heap_test.c: the kernel heap in the machine: allocations that come back; 16-byte
   allocations, as many bytes in all as the heap has, each freed at once (with and
   without a block held across them); every alignment; NULL for size 0 and for what
   cannot be had (and the heap fine after); the whole heap in one block once everything
   is freed; neighbours merging in every order and aligned blocks leaving no padding
   (chapter 11); krealloc and kcalloc's contracts; poison after a free; the catchers and
   kmalloc in an interrupt handler as should-panic tests; and, last, growth mapping new
   pages. Each test frees what it takes: heap_allocation_count() is back to where it
   was, which the whole-heap test relies on. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interrupts/interrupts.h"
#include "lib/string.h"
#include "memory/free_list.h"
#include "memory/heap.h"
#include "memory/layout.h"
#include "memory/paging.h"
#include "test/test.h"

#define SHORT_LIVED_SIZE 16     /* heap_size() / 16 of them: 4 times the heap in blocks */
#define LONG_LIVED_VALUE 0x1337C0DEul
/* What one block costs beyond what it holds: a header, a canary, rounding. */
#define BLOCK_OVERHEAD   (FREE_LIST_HEADER + FREE_LIST_CANARY_SIZE + FREE_LIST_ALIGN)
#define ALIGN_SHIFT_MAX  12     /* PAGE_SIZE */
#define ALLOCATING_VECTOR 0x82  /* a vector nothing else uses: a handler that allocates */
#define MERGE_BLOCK_SIZE 3000   /* past the fixed-size classes: linked-list blocks */
#define PADDING_ROUNDS   2000

TEST(simple_allocations_hold_their_values)
{
    size_t blocks = heap_allocation_count();
    uint64_t *a = kmalloc(sizeof(*a));
    uint64_t *b = kmalloc(sizeof(*b));
    TEST_ASSERT(a && b && a != b);
    *a = 41;
    *b = 13;
    TEST_ASSERT_EQ(*a + *b, 54);
    TEST_ASSERT_EQ((uintptr_t)a % FREE_LIST_ALIGN, 0);
    TEST_ASSERT((uintptr_t)a >= HEAP_START && (uintptr_t)a < HEAP_START + heap_size());
    TEST_ASSERT_EQ(heap_allocation_count(), blocks + 2);
    kfree(a);
    kfree(b);
    kfree(NULL);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks);
}

/* heap_size() / SHORT_LIVED_SIZE allocations (65536 for 1 MiB), as many bytes as the
   heap has, each freed at once: with their headers and canaries the blocks add up to
   four times the heap, so it must reuse them, and it must not grow. Stops at the
   first growth (the answer is known then; the heap should not grow for nothing);
   true if there was none. */
static bool many_short_lived(void)
{
    size_t size = heap_size();
    size_t count = size / SHORT_LIVED_SIZE;
    size_t wrong = 0;
    for (size_t i = 0; i < count && heap_size() == size; i++) {
        size_t *p = kmalloc(SHORT_LIVED_SIZE);
        if (!p) {
            break;
        }
        *p = i;
        wrong += *p != i;
        kfree(p);
    }
    return wrong == 0 && heap_size() == size;
}

TEST(short_lived_allocations_as_many_bytes_as_the_heap_has_reuse_its_blocks)
{
    size_t blocks = heap_allocation_count();
    TEST_ASSERT(many_short_lived());
    TEST_ASSERT_EQ(heap_allocation_count(), blocks);
}

/* The bump allocator frees nothing while a block is live: it grows instead, by
   design. The long-lived block is freed before the verdict, so nothing leaks. */
TEST(the_same_with_a_long_lived_allocation_held_across_them)
{
    if (memcmp(heap_allocator_name(), "bump", sizeof "bump") == 0) {
        test_expect_failure("bump: nothing is reused while a block is live");
    }
    unsigned long *long_lived = kmalloc(sizeof(*long_lived));
    TEST_ASSERT(long_lived);
    *long_lived = LONG_LIVED_VALUE;
    bool reused = many_short_lived();
    bool kept = *long_lived == LONG_LIVED_VALUE;
    kfree(long_lived);
    TEST_ASSERT(kept);
    TEST_ASSERT(reused);
}

TEST(every_alignment_up_to_a_page_is_honoured)
{
    void *blocks[ALIGN_SHIFT_MAX + 1];
    for (int shift = 0; shift <= ALIGN_SHIFT_MAX; shift++) {
        size_t align = (size_t)1 << shift;
        blocks[shift] = kmalloc_aligned(100, align);
        TEST_ASSERT(blocks[shift]);
        TEST_ASSERT_EQ((uintptr_t)blocks[shift] % align, 0);
        memset(blocks[shift], shift, 100);
    }
    TEST_ASSERT(kmalloc_aligned(100, 2 * PAGE_SIZE) == NULL);
    TEST_ASSERT(kmalloc_aligned(100, 24) == NULL);
    for (int shift = 0; shift <= ALIGN_SHIFT_MAX; shift++) {
        TEST_ASSERT_EQ(*(uint8_t *)blocks[shift], shift);
        kfree(blocks[shift]);
    }
    TEST_ASSERT(heap_verify() == NULL);
}

TEST(size_zero_and_what_cannot_be_had_give_null_and_the_heap_still_works)
{
    size_t size = heap_size(), blocks = heap_allocation_count();
    TEST_ASSERT(kmalloc(0) == NULL);
    TEST_ASSERT(kmalloc(HEAP_LIMIT) == NULL);   /* more than it may ever grow to */
    TEST_ASSERT(kmalloc(SIZE_MAX) == NULL);
    TEST_ASSERT(krealloc(NULL, SIZE_MAX) == NULL);
    TEST_ASSERT_EQ(heap_size(), size);          /* nothing mapped for a lost cause */
    TEST_ASSERT_EQ(heap_allocation_count(), blocks);
    uint32_t *p = kmalloc(sizeof(*p));
    TEST_ASSERT(p);
    *p = 7;
    TEST_ASSERT_EQ(*p, 7);
    kfree(p);
}

TEST(after_freeing_everything_one_allocation_takes_nearly_the_whole_heap)
{
    TEST_ASSERT_EQ(heap_allocation_count(), 0);     /* the tests before freed all */
    size_t size = heap_size(), largest = heap_largest_free();
    TEST_ASSERT(largest + BLOCK_OVERHEAD > size);
    uint8_t *all = kmalloc(largest);
    TEST_ASSERT(all);
    all[0] = 1;
    all[largest - 1] = 2;
    TEST_ASSERT_EQ(heap_size(), size);              /* it fit without growing */
    TEST_ASSERT_EQ(heap_largest_free(), 0);
    kfree(all);
    TEST_ASSERT_EQ(heap_largest_free(), largest);
}

/* Three neighbours past the size classes, freed in each of the six orders: the heap
   is one block again each time (every allocator: bump by its reset). */
TEST(three_neighbours_freed_in_every_order_merge_into_one_block)
{
    static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                     {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    size_t largest = heap_largest_free();
    for (int o = 0; o < 6; o++) {
        void *blocks[3];
        for (int i = 0; i < 3; i++) {
            blocks[i] = kmalloc(MERGE_BLOCK_SIZE);
            TEST_ASSERT(blocks[i]);
        }
        for (int i = 0; i < 3; i++) {
            kfree(blocks[orders[o][i]]);
        }
        TEST_ASSERT_EQ(heap_largest_free(), largest);
    }
    TEST_ASSERT(heap_verify() == NULL);
}

/* Aligned blocks in a loop beside a small one, all freed: no front padding is lost,
   the heap is as big in one block as before. */
TEST(aligned_allocations_leave_no_padding_behind)
{
    size_t size = heap_size(), largest = heap_largest_free();
    for (int round = 0; round < PADDING_ROUNDS; round++) {
        void *aligned = kmalloc_aligned(100 + round % 300, (size_t)64 << (round % 7));
        void *small = kmalloc(40);
        TEST_ASSERT(aligned && small);
        kfree(aligned);
        kfree(small);
    }
    TEST_ASSERT_EQ(heap_size(), size);
    TEST_ASSERT_EQ(heap_largest_free(), largest);
    TEST_ASSERT(heap_verify() == NULL);
}

TEST(krealloc_keeps_the_contents_and_follows_its_contract)
{
    size_t blocks = heap_allocation_count();
    uint8_t *p = krealloc(NULL, 100);           /* NULL: a kmalloc */
    TEST_ASSERT(p);
    for (int i = 0; i < 100; i++) {
        p[i] = (uint8_t)i;
    }
    uint8_t *bigger = krealloc(p, 10000);
    TEST_ASSERT(bigger);
    size_t wrong = 0;
    for (int i = 0; i < 100; i++) {
        wrong += bigger[i] != i;
    }
    TEST_ASSERT_EQ(wrong, 0);
    uint8_t *smaller = krealloc(bigger, 10);
    TEST_ASSERT(smaller == bigger);             /* it fits where it is */
    TEST_ASSERT_EQ(smaller[9], 9);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks + 1);
    TEST_ASSERT(krealloc(smaller, 0) == NULL);  /* size 0: freed */
    TEST_ASSERT_EQ(heap_allocation_count(), blocks);
}

TEST(kcalloc_zeroes_and_refuses_an_overflowing_product)
{
    uint8_t *dirty = kmalloc(256);
    TEST_ASSERT(dirty);
    memset(dirty, 0xAB, 256);
    kfree(dirty);
    uint64_t *zeroed = kcalloc(32, sizeof(uint64_t));   /* where dirty was */
    TEST_ASSERT(zeroed);
    uint64_t any = 0;
    for (int i = 0; i < 32; i++) {
        any |= zeroed[i];
    }
    TEST_ASSERT_EQ(any, 0);
    kfree(zeroed);
    TEST_ASSERT(kcalloc(((size_t)1 << 60) + 1, 16) == NULL);   /* wraps to 16 bytes */
    TEST_ASSERT(kcalloc(SIZE_MAX / 2 + 1, 2) == NULL);          /* wraps to 0 */
    TEST_ASSERT(kcalloc(0, 8) == NULL);
}

TEST(freed_memory_is_poisoned_so_a_use_after_free_reads_the_pattern)
{
    uint8_t *p = kmalloc(64);
    TEST_ASSERT(p);
    memset(p, 0x11, 64);
    kfree(p);
    volatile uint8_t *after = p;    /* a use after free, on purpose */
    size_t poisoned = 0;
    for (int i = 0; i < 64; i++) {
        poisoned += after[i] == FREE_LIST_POISON;
    }
    TEST_ASSERT_EQ(poisoned, 64);
}

/* The blocks the panicking tests leave behind, for the test after them to free. */
static uint8_t *freed_twice, *freed_inside, *overrun;

TEST_SHOULD_PANIC(a_double_free_panics)
{
    freed_twice = kmalloc(24);
    kfree(freed_twice);
    kfree(freed_twice);
}

TEST_SHOULD_PANIC(a_free_of_a_pointer_inside_a_block_panics)
{
    freed_inside = kmalloc(64);
    kfree(freed_inside + 16);
}

TEST_SHOULD_PANIC(a_free_after_writing_past_the_end_panics)
{
    overrun = kmalloc(10);
    overrun[10] = 0;    /* the first byte of the canary */
    kfree(overrun);
}

TEST(after_the_panics_the_blocks_are_as_they_were_and_can_be_freed)
{
    /* Each error was caught before the heap changed anything: the overrun block is
       still allocated, its canary still broken, until it is mended. */
    TEST_ASSERT_EQ(heap_allocation_count(), 2);
    TEST_ASSERT(heap_verify() != NULL);
    overrun[10] = FREE_LIST_CANARY;
    TEST_ASSERT(heap_verify() == NULL);
    kfree(overrun);
    kfree(freed_inside);
    TEST_ASSERT_EQ(heap_allocation_count(), 0);
    TEST_ASSERT(heap_verify() == NULL);
    TEST_ASSERT_EQ(freed_twice[0], FREE_LIST_POISON);
}

static void allocating_handler(struct trap_frame *frame)
{
    (void)frame;
    kfree(kmalloc(8));
}

TEST_SHOULD_PANIC(kmalloc_in_an_interrupt_handler_panics)
{
    interrupts_set_handler(ALLOCATING_VECTOR, allocating_handler);
    __asm__ volatile("int %0" : : "i"(ALLOCATING_VECTOR));
}

/* Last: the heap keeps what it maps, so the tests above see it at its first size. */
TEST(growth_maps_new_pages_when_the_heap_is_exhausted)
{
    size_t size = heap_size();
    TEST_ASSERT_EQ(paging_translate(HEAP_START + size), PAGING_NOT_MAPPED);
    uint8_t *big = kmalloc(size);   /* more than is free */
    TEST_ASSERT(big);
    TEST_ASSERT(heap_size() > size);
    TEST_ASSERT((uintptr_t)big + size <= HEAP_START + heap_size());
    TEST_ASSERT(paging_translate(HEAP_START + size) != PAGING_NOT_MAPPED);
    TEST_ASSERT(paging_translate(HEAP_START + heap_size() - 1) != PAGING_NOT_MAPPED);
    TEST_ASSERT_EQ(paging_translate(HEAP_START + heap_size()), PAGING_NOT_MAPPED);
    big[0] = 1;
    big[size - 1] = 2;              /* in the new pages */
    kfree(big);
    TEST_ASSERT(heap_verify() == NULL);
    TEST_ASSERT(heap_largest_free() + BLOCK_OVERHEAD > heap_size());
}
