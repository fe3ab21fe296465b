/* unexpected_pass.c: a test that is expected to fail but passes is a failure, so an
   expected failure that has been fixed cannot go unnoticed.
   harness: expect=failure failed=1
   harness: printed="passed, but was expected to fail because: a demonstration" */
#include <stdint.h>

#include "init.h"
#include "test/test.h"

TEST(expected_to_fail_but_passes)
{
    test_expect_failure("a demonstration: this test passes");
    TEST_ASSERT_EQ(1 + 1, 2);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
