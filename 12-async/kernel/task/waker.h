/* waker.h: how a future that cannot finish yet arranges to be polled again. A waker
   names one task of one executor; waking it asks that executor to poll the task. */
#ifndef TASK_WAKER_H
#define TASK_WAKER_H

#include <stdint.h>

struct waker {
    /* What waking does: the executor's "queue this task". NULL for a waker that does
       nothing (the simple executor polls everything anyway). */
    void (*wake)(void *executor, uint64_t task_id);
    void *executor;
    uint64_t task_id;
};

/* Ask for the task to be polled again. Safe from interrupt handlers, as long as the
   executor's wake function is (executor.c's is). */
void waker_wake(const struct waker *waker);

/* A waker that does nothing when woken. */
struct waker waker_noop(void);

#endif
