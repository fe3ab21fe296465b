/* many_failures.c: 1000 tests that all fail, half by a failed assertion and half by a
   panic, each from a few calls deep and with a kilobyte of locals on the way. The
   runner must report and count every one: if it left each failed test's frames on the
   stack, the 16 KiB boot stack would run out after a dozen or so tests.
   harness: expect=failure failed=1000
   harness: printed="test result: FAILED. 0 passed; 1000 failed" */
#include <stdint.h>

#include "debug/panic.h"
#include "init.h"
#include "test/test.h"

#define TESTS_OF_EACH_KIND 500
#define CALLS_DEEP         4

enum how_to_fail { BY_ASSERTION, BY_PANIC };

/* volatile: the compiler must keep each frame's buffer and make every call. */
static void fail_deep(int depth, enum how_to_fail how)
{
    volatile char locals[256];
    locals[0] = (char)depth;
    if (depth > 0) {
        fail_deep(depth - 1, how);
    } else if (how == BY_ASSERTION) {
        TEST_ASSERT_EQ(locals[0], 1);
    } else {
        panic("a deliberate panic, %d calls deep", CALLS_DEEP);
    }
    locals[1] = 0;  /* keeps the call from being a tail call */
}

static void fail_by_assertion(void)
{
    fail_deep(CALLS_DEEP, BY_ASSERTION);
}

static void fail_by_panic(void)
{
    fail_deep(CALLS_DEEP, BY_PANIC);
}

/* Two test cases, each listed 500 times in the test_cases section (GNU C's range
   initialiser [first ... last]), instead of 1000 TEST() definitions. */
static const struct test_case assertion_case = {
    "fails_by_assertion", fail_by_assertion, __FILE__, __LINE__, false,
};
static const struct test_case panic_case = {
    "fails_by_panic", fail_by_panic, __FILE__, __LINE__, false,
};
__attribute__((used, section("test_cases")))
static const struct test_case *const cases[2 * TESTS_OF_EACH_KIND] = {
    [0 ... TESTS_OF_EACH_KIND - 1] = &assertion_case,
    [TESTS_OF_EACH_KIND ... 2 * TESTS_OF_EACH_KIND - 1] = &panic_case,
};

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
