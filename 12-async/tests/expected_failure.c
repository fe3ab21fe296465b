/* expected_failure.c: a test that is expected to fail is reported as an expected
   failure, counted apart from passes and failures, and does not fail the kernel. */
#include <stdint.h>

#include "init.h"
#include "test/test.h"

TEST(known_limitation_is_an_expected_failure)
{
    test_expect_failure("a demonstration: one plus one is not three");
    TEST_ASSERT_EQ(1 + 1, 3);
}

TEST(ordinary_test_still_passes)
{
    TEST_ASSERT_EQ(1 + 1, 2);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
