/* exception_in_test.c: an exception that a test did not ask for fails that test, with
   the report, and the runner goes on with the next test.
   harness: expect=failure failed=1
   harness: printed="test result: FAILED. 1 passed; 1 failed" */
#include <stdint.h>

#include "init.h"
#include "test/test.h"

TEST(unexpected_invalid_opcode)
{
    __asm__ volatile("ud2");
}

TEST(next_test_still_runs)
{
    TEST_ASSERT_EQ(2 + 2, 4);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
