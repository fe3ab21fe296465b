/* sleep.c: the list of sleeps, walked by the timer's interrupt handler at each tick.
   Task code changes the list with interrupts off; the handler, which cannot be
   interrupted by task code, changes it as it likes. No allocation anywhere: each
   entry is part of its task's state. */
#include "task/sleep.h"

#include <stddef.h>

#include "cpu/spinlock.h"
#include "devices/pit.h"

static struct sleep *sleeping;  /* unordered: there are only ever a few */

static void unlink(struct sleep *sleep)
{
    for (struct sleep **link = &sleeping; *link != NULL; link = &(*link)->next) {
        if (*link == sleep) {
            *link = sleep->next;
            break;
        }
    }
    sleep->linked = false;
    sleep->next = NULL;
}

/* On every tick, in the handler: wake each sleep whose deadline has come. */
static void sleep_tick(uint64_t ticks)
{
    struct sleep **link = &sleeping;
    while (*link != NULL) {
        struct sleep *sleep = *link;
        if (ticks >= sleep->deadline) {
            *link = sleep->next;
            sleep->linked = false;
            sleep->next = NULL;
            if (sleep->woken_at == 0) {
                sleep->woken_at = ticks;    /* the first wake: a test checks it */
            }
            waker_wake(&sleep->waker);
        } else {
            link = &sleep->next;
        }
    }
}

void sleep_init(void)
{
    pit_subscribe(sleep_tick);
}

void sleep_ticks(struct sleep *sleep, uint64_t ticks)
{
    sleep_cancel(sleep);    /* a sleep used again may still be in the list */
    *sleep = (struct sleep){.deadline = pit_ticks() + ticks};
}

enum poll_result sleep_poll(struct sleep *sleep, struct context *cx)
{
    enum poll_result result = POLL_READY;
    interrupts_push_off();  /* a tick between the check and the linking would be lost */
    if (pit_ticks() >= sleep->deadline) {
        if (sleep->linked) {
            unlink(sleep);
        }
    } else {
        sleep->waker = *cx->waker;
        if (!sleep->linked) {
            sleep->next = sleeping;
            sleeping = sleep;
            sleep->linked = true;
        }
        result = POLL_PENDING;
    }
    interrupts_pop();
    return result;
}

void sleep_cancel(struct sleep *sleep)
{
    interrupts_push_off();
    if (sleep->linked) {
        unlink(sleep);
    }
    interrupts_pop();
}

unsigned sleep_pending_count(void)
{
    unsigned count = 0;
    interrupts_push_off();
    for (struct sleep *sleep = sleeping; sleep != NULL; sleep = sleep->next) {
        count++;
    }
    interrupts_pop();
    return count;
}
