/* sleep.h: the timer future. sleep_ticks waits until the PIT has ticked n more times;
   the timer's interrupt handler wakes the task when its deadline comes. Each sleep is
   an entry in a list that the handler walks: it lives in the sleeping task's state,
   which is why that state must not move while the task sleeps. */
#ifndef TASK_SLEEP_H
#define TASK_SLEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "task/future.h"

struct sleep {
    uint64_t deadline;      /* the tick count at which it is over */
    uint64_t woken_at;      /* the tick at which the handler first woke it (0: not yet) */
    struct waker waker;
    struct sleep *next;     /* in the handler's list, while linked */
    bool linked;
};

/* Listen to the timer. In kernel_init, after pit_init. */
void sleep_init(void);

/* Start a sleep of ticks ticks from now (a future in sleep; poll it with sleep_poll).
   sleep is zeroed memory or a sleep used before (a pending one is cancelled first).
   It ends at the tick count now + ticks: between ticks - 1 and ticks periods from now,
   as the current period has already begun. */
void sleep_ticks(struct sleep *sleep, uint64_t ticks);

/* Ready once the deadline has come; pending otherwise, with the waker given to the
   timer. */
enum poll_result sleep_poll(struct sleep *sleep, struct context *cx);

/* Give up a sleep that has not ended (a task that stopped waiting for it); harmless on
   one that has. Call it before the state holding sleep is freed. */
void sleep_cancel(struct sleep *sleep);

/* How many sleeps the timer is waiting to end. */
unsigned sleep_pending_count(void);

#endif
