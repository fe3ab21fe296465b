/* spinlock.h: locks that interrupt handlers may take too. Taking one turns interrupts
   off until the last lock held is given back, so that no handler can run on this CPU
   and ask for a lock the interrupted code holds: on one CPU it would wait forever. For
   the same reason, finding a lock already held is a bug, reported by a panic. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdbool.h>

struct spinlock {
    bool locked;
    const char *name;   /* for the panic that reports a deadlock */
};

#define SPINLOCK_INIT(lock_name) { .locked = false, .name = lock_name }

/* Take the lock, with interrupts off until it is given back. On this one CPU, a lock
   already held can only be held by the code this call interrupted or called from:
   waiting would never end, so it panics instead. */
void spinlock_lock(struct spinlock *lock);

/* Give the lock back; interrupts come back on with the last lock given back, if they
   were on before the first was taken. */
void spinlock_unlock(struct spinlock *lock);

/* For panic only: mark the lock free without touching the interrupt flag. */
void spinlock_break(struct spinlock *lock);

/* Interrupts off, counted: they stay off until every interrupts_push_off has its
   interrupts_pop, and the last pop turns them back on only if they were on before the
   first push (xv6 calls these pushcli and popcli). */
void interrupts_push_off(void);
void interrupts_pop(void);

/* For the test runner, when a test ended inside a lock (a failed assertion, a panic):
   forget the count, as nothing is held any more. */
void interrupts_reset_nesting(void);

#endif
