/* signal.h: a count that tasks can wait on: one task raises it, another awaits the
   next raise. Between tasks only (both run on the executor, never in a handler), so
   plain fields suffice. */
#ifndef TASK_SIGNAL_H
#define TASK_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "task/future.h"

struct signal {
    uint64_t count;         /* raises so far */
    struct waker waiter;    /* the one task waiting, if has_waiter */
    bool has_waiter;
};

/* Count one more raise and wake the waiting task. */
void signal_raise(struct signal *signal);

/* Ready once the count differs from *seen (then *seen catches up); pending otherwise,
   with the task's waker kept. One waiter at a time. */
enum poll_result signal_poll(struct signal *signal, uint64_t *seen, struct context *cx);

#endif
