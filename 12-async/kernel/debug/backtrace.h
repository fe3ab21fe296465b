/* backtrace.h: the chain of calls that led to where we are, found by following the
   frame pointers: every function compiled with a frame pointer starts by pushing the
   caller's rbp and pointing rbp at it, so [rbp] is the caller's rbp and [rbp + 8] the
   address the function will return to. boot/long_mode.asm ends the chain with a zero
   frame. */
#ifndef BACKTRACE_H
#define BACKTRACE_H

#include <stddef.h>
#include <stdint.h>

#define BACKTRACE_MAX_FRAMES 16

/* Follow the chain from rbp and store up to max return addresses, innermost first;
   returns how many. Reads memory only inside [stack_low, stack_high), so a corrupt
   rbp ends the walk instead of faulting; stops at the zero frame, at a frame pointer
   that is misaligned, outside the stack or not above the previous one. */
size_t backtrace_walk(uintptr_t rbp, uintptr_t stack_low, uintptr_t stack_high,
                      uintptr_t *return_addresses, size_t max);

#endif
