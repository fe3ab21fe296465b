/* stacks_test.c: the guard pages are really not mapped, the TSS points the CPU at the
   IST stacks, and a stack overflow becomes a double fault handled on its own stack. */
#include <stdint.h>

#include "cpu/stacks.h"
#include "debug/overflow.h"
#include "debug/report.h"
#include "interrupts/exception_info.h"
#include "memory/paging.h"
#include "capture.h"
#include "test/test.h"

static const struct kernel_stack *all_stacks[3];

static void find_stacks(void)
{
    extern uint8_t boot_stack_top[];
    all_stacks[0] = stack_containing((uintptr_t)boot_stack_top - 1);
    all_stacks[1] = stack_for_ist(IST_DOUBLE_FAULT);
    all_stacks[2] = stack_for_ist(IST_NMI);
}

TEST(every_guard_page_is_not_mapped_and_the_stack_above_it_is)
{
    find_stacks();
    for (int i = 0; i < 3; i++) {
        TEST_ASSERT(all_stacks[i] != NULL);
        uintptr_t guard = (uintptr_t)all_stacks[i]->guard;
        TEST_ASSERT_EQ(all_stacks[i]->bottom - all_stacks[i]->guard, PAGE_SIZE);
        TEST_ASSERT_EQ(paging_translate(guard), PAGING_NOT_MAPPED);
        TEST_ASSERT_EQ(paging_translate(guard + PAGE_SIZE - 1), PAGING_NOT_MAPPED);
        TEST_ASSERT_EQ(paging_translate((uintptr_t)all_stacks[i]->bottom),
                       (uintptr_t)all_stacks[i]->bottom);
    }
}

TEST(tss_ist_entries_are_the_tops_of_the_ist_stacks)
{
    const struct tss *tss = tss_address();
    TEST_ASSERT_EQ(tss->ist[IST_DOUBLE_FAULT - 1], (uintptr_t)stack_for_ist(IST_DOUBLE_FAULT)->top);
    TEST_ASSERT_EQ(tss->ist[IST_NMI - 1], (uintptr_t)stack_for_ist(IST_NMI)->top);
    TEST_ASSERT_EQ(tss->ist[IST_DOUBLE_FAULT - 1] % 16, 0);
    TEST_ASSERT_EQ(tss->ist[IST_NMI - 1] % 16, 0);
}

static void overflow(void *unused)
{
    (void)unused;
    overflow_the_stack();
}

TEST(stack_overflow_is_a_double_fault_on_the_double_fault_stack)
{
    struct test_fault fault = test_expect_fault(overflow, NULL);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_DOUBLE_FAULT);
    TEST_ASSERT(stack_containing(fault.handler_stack) == stack_for_ist(IST_DOUBLE_FAULT));
    extern uint8_t boot_stack_top[];
    TEST_ASSERT(stack_guard_containing(fault.cr2) ==
                stack_containing((uintptr_t)boot_stack_top - 1));
}

TEST(double_fault_handler_uses_under_half_its_stack)
{
    struct test_fault fault = test_expect_fault(overflow, NULL);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_DOUBLE_FAULT);
    size_t used = stack_bytes_used(stack_for_ist(IST_DOUBLE_FAULT));
    TEST_ASSERT(used > 0);
    TEST_ASSERT(used < IST_STACK_SIZE / 2);
}

/* Whether report_exception calls a double fault with this RSP a stack overflow. */
static bool report_says_overflow(uintptr_t rsp)
{
    struct trap_frame frame = {.vector = EXCEPTION_DOUBLE_FAULT, .rsp = rsp};
    test_capture_start();
    report_exception(test_capture, &frame);
    return test_captured_count("kernel stack overflow") > 0;
}

static void read_the_guard_page(void *guard)
{
    (void)*(volatile uint8_t *)guard;
}

/* CR2 keeps the address of the last page fault: after a caught fault on a guard page, a
   double fault for another reason must not read as an overflow. With an RSP in or just
   above that guard page, it does. */
TEST(a_double_fault_is_an_overflow_only_with_rsp_at_the_guard_page)
{
    find_stacks();
    const struct kernel_stack *boot = all_stacks[0];
    struct test_fault fault = test_expect_fault(read_the_guard_page, (void *)boot->guard);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_PAGE_FAULT);
    TEST_ASSERT(!report_says_overflow((uintptr_t)boot->top - 256));
    TEST_ASSERT(report_says_overflow((uintptr_t)boot->bottom + 8));
    TEST_ASSERT(report_says_overflow((uintptr_t)boot->guard + 64));
}
