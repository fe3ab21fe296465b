/* box_vec_rc_test.c: the heap's C types: a box is zeroed and freed; a vec of 1000
   holds its elements through its reallocations, indexes with a bounds check, pops, and
   reports running out of memory; an rc runs its destructor and frees exactly at the
   last release, and a release too many panics. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/box.h"
#include "lib/rc.h"
#include "lib/vec.h"
#include "memory/heap.h"
#include "memory/layout.h"
#include "test/test.h"

#define VEC_TEST_LENGTH 1000

struct pair {
    uint64_t first, second;
};

TEST(a_box_is_zeroed_and_freed)
{
    size_t blocks = heap_allocation_count();
    struct pair *box = BOX_NEW(struct pair);
    TEST_ASSERT(box);
    TEST_ASSERT_EQ(box->first | box->second, 0);
    box->second = 2;
    TEST_ASSERT_EQ(heap_allocation_count(), blocks + 1);
    box_free(box);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks);
}

TEST(a_vec_of_1000_holds_its_sum)
{
    VEC(uint64_t) numbers = VEC_INIT;
    size_t moves = 0;
    const uint64_t *items = NULL;
    for (uint64_t i = 0; i < VEC_TEST_LENGTH; i++) {
        TEST_ASSERT(vec_push(&numbers, i));
        moves += numbers.items != items;
        items = numbers.items;
    }
    TEST_ASSERT_EQ(numbers.length, VEC_TEST_LENGTH);
    TEST_ASSERT_EQ(numbers.capacity, 1024);     /* 4, doubled eight times */
    TEST_ASSERT(moves >= 2);                    /* it grew across reallocations */
    uint64_t sum = 0;
    for (size_t i = 0; i < numbers.length; i++) {
        sum += vec_at(&numbers, i);
    }
    TEST_ASSERT_EQ(sum, (uint64_t)VEC_TEST_LENGTH * (VEC_TEST_LENGTH - 1) / 2);
    vec_at(&numbers, 0) = 5;
    TEST_ASSERT_EQ(numbers.items[0], 5);
    TEST_ASSERT_EQ(vec_pop(&numbers), VEC_TEST_LENGTH - 1);
    TEST_ASSERT_EQ(numbers.length, VEC_TEST_LENGTH - 1);
    vec_free(&numbers);
    TEST_ASSERT(numbers.items == NULL && numbers.length == 0 && numbers.capacity == 0);
}

TEST(a_vec_of_structs_keeps_them_whole)
{
    VEC(struct pair) pairs = VEC_INIT;
    for (uint64_t i = 0; i < 10; i++) {
        TEST_ASSERT(vec_push(&pairs, ((struct pair){i, i * i})));
    }
    TEST_ASSERT_EQ(vec_at(&pairs, 9).second, 81);
    vec_free(&pairs);
}

TEST(a_push_that_cannot_grow_returns_false_and_changes_nothing)
{
    VEC(uint64_t) numbers = VEC_INIT;
    TEST_ASSERT(vec_push(&numbers, 1));
    /* Pretend it is full at a capacity whose doubling is past the heap's limit, so
       that vec_push's krealloc has to fail. */
    size_t real_length = numbers.length;
    numbers.length = numbers.capacity = HEAP_LIMIT / sizeof(uint64_t);
    const uint64_t *items = numbers.items;
    TEST_ASSERT(!vec_push(&numbers, 2));
    TEST_ASSERT(numbers.items == items);
    TEST_ASSERT_EQ(numbers.capacity, HEAP_LIMIT / sizeof(uint64_t));
    numbers.length = real_length;
    TEST_ASSERT_EQ(vec_at(&numbers, 0), 1);
    vec_free(&numbers);
}

/* Outside the test, so that the test after it can free what the panic left. */
static VEC(int) panicked = VEC_INIT;

TEST_SHOULD_PANIC(vec_at_past_the_end_panics)
{
    vec_push(&panicked, 1);
    int past = vec_at(&panicked, 1);
    (void)past;
}

TEST_SHOULD_PANIC(vec_pop_of_an_empty_vec_panics)
{
    vec_pop(&panicked);
    vec_pop(&panicked);
}

TEST(the_vecs_a_panic_left_are_freed_after_it)
{
    TEST_ASSERT_EQ(panicked.length, 0);
    vec_free(&panicked);
    TEST_ASSERT(panicked.items == NULL);
}

static int destroyed;

static void count_destruction(void *object)
{
    (void)object;
    destroyed++;
}

TEST(an_rc_is_freed_exactly_when_the_last_reference_goes)
{
    size_t blocks = heap_allocation_count();
    destroyed = 0;
    struct pair *shared = rc_new(sizeof(*shared), count_destruction);
    TEST_ASSERT(shared);
    TEST_ASSERT_EQ(shared->first, 0);
    TEST_ASSERT_EQ(rc_count(shared), 1);
    struct pair *other = rc_retain(shared);
    TEST_ASSERT(other == shared);
    TEST_ASSERT_EQ(rc_count(shared), 2);
    rc_release(other);
    TEST_ASSERT_EQ(rc_count(shared), 1);
    TEST_ASSERT_EQ(destroyed, 0);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks + 1);
    rc_release(shared);
    TEST_ASSERT_EQ(destroyed, 1);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks);
}

TEST_SHOULD_PANIC(releasing_an_rc_once_too_often_panics)
{
    void *shared = rc_new(8, NULL);
    rc_release(shared);
    rc_release(shared);     /* its memory is poisoned: not a live rc */
}
