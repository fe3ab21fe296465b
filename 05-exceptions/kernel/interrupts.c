/* interrupts.c: the dispatcher every stub calls, and the table of handlers. */
#include "interrupts.h"

#include "exceptions.h"
#include "idt.h"
#ifdef KERNEL_TEST
#include "test/test.h"
#endif

static interrupt_handler handlers[IDT_VECTORS];

void interrupts_set_handler(uint8_t vector, interrupt_handler handler)
{
    handlers[vector] = handler;
}

void interrupt_dispatch(struct trap_frame *frame)
{
#ifdef KERNEL_TEST
    /* A test that asked to catch a fault gets it, whatever the vector. */
    if (test_fault_caught(frame)) {
        return;
    }
#endif
    interrupt_handler handler = handlers[frame->vector];
    if (handler) {
        handler(frame);
    } else {
        exception_fatal(frame);
    }
}
