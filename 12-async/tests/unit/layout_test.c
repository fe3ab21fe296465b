/* layout_test.c: where boot.asm and linker.ld put the stack. A stack grows down, so
   what lies below it is what an overflow destroys: a free guard page, never the page
   tables. */
#include <stdint.h>

#include "memory/layout.h"
#include "test/test.h"

extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];
extern char p4_table[], p3_table[], p2_table[], p1_table[];

TEST(boot_stack_has_a_guard_page_below_it)
{
    TEST_ASSERT_EQ((uintptr_t)boot_stack_guard % PAGE_SIZE, 0);
    TEST_ASSERT_EQ(boot_stack_bottom - boot_stack_guard, PAGE_SIZE);
}

TEST(page_tables_lie_above_the_stack)
{
    TEST_ASSERT((uintptr_t)p4_table >= (uintptr_t)boot_stack_top);
    TEST_ASSERT((uintptr_t)p3_table >= (uintptr_t)boot_stack_top);
    TEST_ASSERT((uintptr_t)p2_table >= (uintptr_t)boot_stack_top);
    TEST_ASSERT((uintptr_t)p1_table >= (uintptr_t)boot_stack_top);
}

TEST(tests_run_on_the_boot_stack)
{
    uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
    TEST_ASSERT(frame > (uintptr_t)boot_stack_bottom);
    TEST_ASSERT(frame < (uintptr_t)boot_stack_top);
}
