/* spinlock_test.c: locks turn interrupts off while held and restore them after, nested
   or not; a lock found held is reported, not waited for; and every test starts with
   interrupts on, whatever the test before it left. */
#include <stdbool.h>

#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "test/test.h"

static bool interrupts_on(void)
{
    return (read_rflags() & RFLAGS_INTERRUPTS) != 0;
}

static struct spinlock outer = SPINLOCK_INIT("outer");
static struct spinlock inner = SPINLOCK_INIT("inner");
static struct spinlock twice = SPINLOCK_INIT("twice");

TEST(tests_start_with_interrupts_on)
{
    TEST_ASSERT(interrupts_on());
}

TEST(a_lock_turns_interrupts_off_until_it_is_given_back)
{
    spinlock_lock(&outer);
    TEST_ASSERT(!interrupts_on());
    spinlock_unlock(&outer);
    TEST_ASSERT(interrupts_on());
}

TEST(nested_locks_restore_interrupts_with_the_last)
{
    spinlock_lock(&outer);
    spinlock_lock(&inner);
    spinlock_unlock(&inner);
    TEST_ASSERT(!interrupts_on());  /* outer is still held */
    spinlock_unlock(&outer);
    TEST_ASSERT(interrupts_on());
}

TEST(a_lock_taken_with_interrupts_off_leaves_them_off)
{
    cli();
    spinlock_lock(&outer);
    spinlock_unlock(&outer);
    TEST_ASSERT(!interrupts_on());
    sti();
}

TEST_SHOULD_PANIC(taking_a_lock_held_on_this_cpu_panics)
{
    spinlock_lock(&twice);
    spinlock_lock(&twice);      /* would spin forever: nothing else can release it */
}

TEST(interrupts_come_back_after_a_test_that_panicked_inside_a_lock)
{
    TEST_ASSERT(interrupts_on());
    TEST_ASSERT_EQ(spinlock_held_count(), 0);   /* the runner gave twice back */
    spinlock_lock(&twice);
    spinlock_unlock(&twice);
    TEST_ASSERT(interrupts_on());   /* the count the panicked test left was forgotten */
}

TEST(the_locks_held_are_listed_in_the_order_taken)
{
    spinlock_lock(&outer);
    spinlock_lock(&inner);
    size_t count = spinlock_held_count();
    const struct spinlock *first = spinlock_held(0), *second = spinlock_held(1);
    spinlock_unlock(&inner);
    spinlock_unlock(&outer);
    TEST_ASSERT_EQ(count, 2);
    TEST_ASSERT(first == &outer);
    TEST_ASSERT(second == &inner);
    TEST_ASSERT_EQ(spinlock_held_count(), 0);
}
