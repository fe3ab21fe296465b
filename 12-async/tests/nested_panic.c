/* nested_panic.c: a panic whose message reads memory that faults. The fault happens
   while the panic is being reported, and must end in one short line and a stop, not
   in a report of the report of the report...
   harness: expect=failure failed=1 printed="PANIC while panicking" */
#include <stdint.h>

#include "debug/panic.h"
#include "init.h"
#include "test/test.h"

#define NON_CANONICAL_ADDRESS 0x8000000000000000ull

TEST(panic_with_a_message_that_faults)
{
    panic("the message is %s", (const char *)NON_CANONICAL_ADDRESS);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
