/* recovery.c: what a test that goes wrong leaves behind must not hurt the tests after
   it. The runner (kernel/test/runner.c) and test_expect_fault undo it; each test here
   goes wrong in one way, and the test after it checks what is left. */
#include <stdint.h>

#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "debug/overflow.h"
#include "debug/panic.h"
#include "devices/pit.h"
#include "init.h"
#include "interrupts/exception_info.h"
#include "interrupts/interrupts.h"
#include "interrupts/pic.h"
#include "test/test.h"

#define FAST_HZ   20000     /* ticks so close together that one comes right after iretq */
#define OVERFLOWS 200
#define TICKS_TO_WAIT 10

/* Unsubscribes first: the runner cannot know what a test left subscribed. */
static void panic_on_tick(uint64_t ticks)
{
    pit_unsubscribe(panic_on_tick);
    panic("a deliberate panic in the timer's handler, at tick %llu", (unsigned long long)ticks);
}

/* The panic jumps from inside the timer's handler back to the runner: no return through
   the dispatcher, no iretq. */
TEST_SHOULD_PANIC(a_timer_handler_panics)
{
    uint64_t start = pit_ticks();
    pit_subscribe(panic_on_tick);
    while (pit_ticks() < start + TICKS_TO_WAIT) {
        hlt();
    }
}

/* Had the end of interrupt waited for the handler's return, IRQ 0 would still be in
   service: no tick ever again, and no interrupt of lower priority either. */
TEST(the_timer_still_ticks_after_a_handler_panicked)
{
    TEST_ASSERT(!in_interrupt());
    TEST_ASSERT_EQ(pic_in_service(), 0);
    TEST_ASSERT(pit_check_ticking());
}

static void overflow(void *unused)
{
    (void)unused;
    overflow_the_stack();
}

static struct spinlock shared = SPINLOCK_INIT("shared");

/* Chapter 10's heap checks have this shape: a panic with the heap lock held. */
TEST_SHOULD_PANIC(panics_holding_a_lock)
{
    spinlock_lock(&shared);
    panic("a deliberate panic with the shared lock held");
}

/* The runner gave the lock back (and said so): taking it is no deadlock. */
TEST(the_lock_is_free_after_that)
{
    spinlock_lock(&shared);
    spinlock_unlock(&shared);
    TEST_ASSERT(read_rflags() & RFLAGS_INTERRUPTS);
}

/* The double fault's iretq goes into test_longjmp with rsp still in the guard page, for
   a few instructions. An interrupt there would push its frame into the guard page: a
   page fault, then a double fault that no test is waiting for. */
TEST(interrupts_right_after_a_caught_stack_overflow_do_no_harm)
{
    pit_init(FAST_HZ);
    for (int i = 0; i < OVERFLOWS; i++) {
        struct test_fault fault = test_expect_fault(overflow, NULL);
        TEST_ASSERT_EQ(fault.vector, EXCEPTION_DOUBLE_FAULT);
    }
    pit_init(PIT_DEFAULT_HZ);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
