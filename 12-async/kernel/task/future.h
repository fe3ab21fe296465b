/* future.h: a computation that may not be finished yet. Polling it runs it as far as
   it can go without waiting; it answers ready (done) or pending (call again once the
   waker in the context has been woken). */
#ifndef TASK_FUTURE_H
#define TASK_FUTURE_H

#include "task/waker.h"

enum poll_result {
    POLL_PENDING,   /* not done: it has arranged for cx->waker to be woken */
    POLL_READY,     /* done: never poll it again */
};

/* What a poll gets besides its own state: the waker of the task being polled. */
struct context {
    const struct waker *waker;
};

/* A poll function. It must not return POLL_PENDING without having handed a copy of
   cx->waker to whatever will finish the wait (an interrupt handler, a timer), or the
   task sleeps forever. */
typedef enum poll_result (*poll_fn)(void *state, struct context *cx);

/* A future: its poll function and the state it works on. The state is the function's
   locals that live across waits; once polled, it must not move, because the future
   may have handed out pointers into it (a timer's list entry, say). */
struct future {
    poll_fn poll;
    void *state;
};

/* Poll the future once. */
static inline enum poll_result future_poll(struct future *future, struct context *cx)
{
    return future->poll(future->state, cx);
}

#endif
