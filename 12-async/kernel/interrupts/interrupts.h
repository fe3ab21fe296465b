/* interrupts.h: one C entry point for all 256 vectors, and a handler per vector. */
#ifndef INTERRUPTS_H
#define INTERRUPTS_H

#include <stdbool.h>
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

/* Whether an interrupt or exception handler is running: code that must never run in
   one (one that waits, or allocates) can check. */
bool in_interrupt(void);

/* For the test runner, when a test ended inside a handler (a panic, which jumps back
   to the runner without returning through the dispatcher): no handler runs now. */
void interrupt_reset_depth(void);

#endif
