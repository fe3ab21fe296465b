/* interrupts.c: the dispatcher every stub calls, and the table of handlers. */
#include "interrupts/interrupts.h"

#include "interrupts/exceptions.h"
#include "interrupts/idt.h"

static interrupt_handler handlers[IDT_VECTORS];
static int depth;   /* handlers running now: one inside another counts twice */

void interrupts_set_handler(uint8_t vector, interrupt_handler handler)
{
    handlers[vector] = handler;
}

void interrupt_dispatch(struct trap_frame *frame)
{
    depth++;
    interrupt_handler handler = handlers[frame->vector];
    if (handler) {
        handler(frame);
    } else {
        exception_fatal(frame);
    }
    depth--;
}

bool in_interrupt(void)
{
    return depth != 0;
}

void interrupt_reset_depth(void)
{
    depth = 0;
}
