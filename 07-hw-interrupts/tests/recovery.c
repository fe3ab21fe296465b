/* recovery.c: what a test that goes wrong leaves behind must not hurt the tests after
   it. The runner (kernel/test/runner.c) and test_expect_fault undo it; each test here
   goes wrong in one way, and the test after it checks what is left. */
#include <stdint.h>

#include "debug/overflow.h"
#include "devices/pit.h"
#include "init.h"
#include "interrupts/exception_info.h"
#include "test/test.h"

#define FAST_HZ   20000     /* ticks so close together that one comes right after iretq */
#define OVERFLOWS 200

static void overflow(void *unused)
{
    (void)unused;
    overflow_the_stack();
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
