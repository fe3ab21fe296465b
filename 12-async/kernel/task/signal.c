/* signal.c: raise, and wait for a raise. */
#include "task/signal.h"

void signal_raise(struct signal *signal)
{
    signal->count++;
    if (signal->has_waiter) {
        signal->has_waiter = false;
        waker_wake(&signal->waiter);
    }
}

enum poll_result signal_poll(struct signal *signal, uint64_t *seen, struct context *cx)
{
    if (signal->count != *seen) {
        *seen = signal->count;
        return POLL_READY;
    }
    signal->waiter = *cx->waker;
    signal->has_waiter = true;
    return POLL_PENDING;
}
