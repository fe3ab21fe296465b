/* should_panic.c: an integration test kernel whose one test must panic. The panic
   handler hands control to the test runner, which counts the panic as the pass; if
   the test returned normally instead, the runner would report it as failed. */
#include <stdint.h>

#include "debug/panic.h"
#include "init.h"
#include "test/test.h"

TEST_SHOULD_PANIC(deliberate_panic_counts_as_a_pass)
{
    int answer = 6 * 7;
    if (answer == 42) {
        panic("the answer is %d", answer);
    }
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
