/* double_fault_without_ist.c: the same stack overflow, with the double-fault gate
   told to stay on the current stack. The CPU cannot push the double fault's frame onto
   the stack that just overflowed either: a fault while delivering a double fault is a
   triple fault, and the machine resets. The chapter's IST stack is what prevents this.
   harness: expect=reset printed="double_fault_without_ist: overflowing the stack" */
#include <stdint.h>

#include "debug/overflow.h"
#include "devices/serial.h"
#include "init.h"
#include "interrupts/exception_info.h"
#include "interrupts/idt.h"

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    idt_set_gate(EXCEPTION_DOUBLE_FAULT, interrupt_stubs[EXCEPTION_DOUBLE_FAULT],
                 IDT_INTERRUPT_GATE, 0, IST_NONE);
    serial_printf("double_fault_without_ist: overflowing the stack\n");
    overflow_the_stack();
}
