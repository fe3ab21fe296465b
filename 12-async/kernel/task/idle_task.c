/* idle_task.c: a key or a timeout, whichever comes first. Both futures are polled,
   each has the task's waker, and either wakes it; the loser is cancelled, since a
   sleep left in the timer's list would be reused while still linked. */
#include "task/idle_task.h"

#include <stdbool.h>

#include "console/status_line.h"
#include "task/async.h"
#include "task/keyboard_task.h"
#include "task/sleep.h"

struct idle_task {
    int resume;
    struct sleep timeout;
    uint64_t keys_seen;
    bool timed_out;
};

/* Ready when a key was pressed or the timeout passed; which one, in timed_out. */
static enum poll_result key_or_timeout(struct idle_task *t, struct context *cx)
{
    if (signal_poll(&keyboard_task_keys, &t->keys_seen, cx) == POLL_READY) {
        sleep_cancel(&t->timeout);
        t->timed_out = false;
        return POLL_READY;
    }
    if (sleep_poll(&t->timeout, cx) == POLL_READY) {
        t->timed_out = true;
        return POLL_READY;
    }
    return POLL_PENDING;
}

static enum poll_result idle_task_poll(void *state, struct context *cx)
{
    struct idle_task *t = state;
    ASYNC_BEGIN(t);
    t->keys_seen = keyboard_task_keys.count;
    for (;;) {
        sleep_ticks(&t->timeout, IDLE_TICKS);
        AWAIT(t, key_or_timeout(t, cx));
        status_line_set_idle(t->timed_out);
        if (t->timed_out) {
            /* Idle until the next key: no timeout to race now. */
            AWAIT(t, signal_poll(&keyboard_task_keys, &t->keys_seen, cx));
            status_line_set_idle(false);
        }
    }
    ASYNC_END(t);
}

struct task *idle_task_new(void)
{
    return task_new("idle", idle_task_poll, sizeof(struct idle_task));
}
