/* exceptions.h: what the kernel does with CPU exceptions: a breakpoint is reported and
   execution goes on; anything else without a handler is reported in full, and the
   kernel stops. */
#ifndef EXCEPTIONS_H
#define EXCEPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "interrupts/trap_frame.h"

/* Install the breakpoint handler. */
void exceptions_init(void);

/* Report an exception no handler takes (name, error code, registers, backtrace; on the
   screen and the serial port) and stop the kernel. In a test kernel, an exception that
   a test_expect_fault waits for goes back to it, one inside any other test fails that
   test, and this returns (into the test or the runner). */
void exception_fatal(struct trap_frame *frame);

/* For tests: how many breakpoints the handler has seen, and a copy of the last frame. */
uint64_t breakpoint_count(void);
struct trap_frame breakpoint_last_frame(void);

/* What the last breakpoint handler found on entry. What the System V ABI promises
   every C function at its call: the direction flag clear, and rsp 16-byte aligned at
   the call, so that the function's frame pointer is a multiple of 16; the stub in
   boot/interrupt_stubs.asm must make both true, whatever the interrupted code did. And
   whether in_interrupt() said so. */
struct handler_entry {
    bool direction_flag;
    uintptr_t frame_address;
    bool in_interrupt;
};

struct handler_entry breakpoint_last_entry(void);

#endif
