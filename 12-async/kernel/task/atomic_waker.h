/* atomic_waker.h: one waker slot shared between a task, which registers its waker, and
   an interrupt handler, which wakes whatever is registered. Neither side locks. The
   pattern, for a task waiting on a queue that a handler fills:

       if (queue not empty) take, ready;
       atomic_waker_register(&w, cx->waker);
       if (queue not empty) take, ready;    <- the second check
       pending;

   The second check closes the gap: a byte that arrived before the waker was in place
   woke nothing, but it is seen there. */
#ifndef TASK_ATOMIC_WAKER_H
#define TASK_ATOMIC_WAKER_H

#include <stdatomic.h>
#include <stdbool.h>

#include "task/waker.h"

struct atomic_waker {
    struct waker waker;     /* valid while armed is true */
    _Atomic bool armed;
};

/* Nothing registered. */
void atomic_waker_init(struct atomic_waker *slot);

/* Task side: make waker the one to wake (a copy: the caller's may go away). */
void atomic_waker_register(struct atomic_waker *slot, const struct waker *waker);

/* Any side, an interrupt handler included: wake the registered waker, if any, and
   unregister it (a waker wakes once per registration). */
void atomic_waker_wake(struct atomic_waker *slot);

#endif
