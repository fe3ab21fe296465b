/* panic_test.c: a panic inside a test reaches the runner, which counts it as the pass
   of a should-panic test (and as a failure of any other). */
#include "debug/panic.h"
#include "test/test.h"

TEST_SHOULD_PANIC(panic_is_caught_by_the_test_runner)
{
    panic("a deliberate panic, caught by the runner");
}
