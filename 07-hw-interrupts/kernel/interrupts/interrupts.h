/* interrupts.h: one C entry point for all 256 vectors, and a handler per vector. */
#ifndef INTERRUPTS_H
#define INTERRUPTS_H

#include <stdint.h>

#include "interrupts/trap_frame.h"

/* A handler gets the interrupted code's registers; when it returns, the stub restores
   them from frame (changes included) and iretq resumes at frame->rip. */
typedef void (*interrupt_handler)(struct trap_frame *frame);

/* Call handler for vector from now on. A vector without one is reported as an
   unexpected exception, and the kernel stops. */
void interrupts_set_handler(uint8_t vector, interrupt_handler handler);

/* Called by boot/interrupt_stubs.asm, and only there, for every interrupt. */
void interrupt_dispatch(struct trap_frame *frame);

#endif
