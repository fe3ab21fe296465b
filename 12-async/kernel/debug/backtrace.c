/* backtrace.c: walking the frame-pointer chain, carefully. */
#include "debug/backtrace.h"

size_t backtrace_walk(uintptr_t rbp, uintptr_t stack_low, uintptr_t stack_high,
                      uintptr_t *return_addresses, size_t max)
{
    size_t count = 0;
    /* A frame is two quadwords: the caller's rbp, then the return address. Each frame
       lies above the one it was called from, since the stack grows down. */
    while (count < max && rbp % 8 == 0 && rbp >= stack_low && rbp <= stack_high - 16) {
        const uintptr_t *frame = (const uintptr_t *)rbp;
        if (frame[1] == 0) {
            break;  /* the zero frame: the bottom of the chain */
        }
        return_addresses[count++] = frame[1];
        if (frame[0] <= rbp) {
            break;
        }
        rbp = frame[0];
    }
    return count;
}
