/* stack_overflow.c: a recursion that never ends, outside any test. It must end in a
   report of a double fault, handled on the double-fault stack, that says the boot
   stack overflowed; stack_overflow.py reads the report. Without the IST switch the
   CPU could not even start the handler, and would reset (double_fault_without_ist.c).
   harness: expect=failure printed="stack_overflow: recursing"
   harness: printed="EXCEPTION: double fault (#DF), vector 8" */
#include <stdint.h>

#include "debug/overflow.h"
#include "devices/serial.h"
#include "init.h"

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    serial_printf("stack_overflow: recursing\n");
    overflow_the_stack();
    serial_printf("stack_overflow: the recursion ended, which it cannot\n");
}
