/* spinlock.h: locks that interrupt handlers may take too. Taking one turns interrupts
   off until the last lock held is given back, so that no handler can run on this CPU
   and ask for a lock the interrupted code holds: on one CPU it would wait forever. For
   the same reason, finding a lock already held is a bug, reported by a panic.

   Data that a handler shares with other code is safe when that code touches it with
   interrupts off (under a lock, or between interrupts_push_off and interrupts_pop):
   cli and sti, in cpu/x86.h, are compiler barriers too (their "memory" clobber), so
   the compiler can neither move an access out of that stretch nor keep a value in a
   register across it. On this one CPU no other fence is needed. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdbool.h>
#include <stddef.h>

struct spinlock {
    bool locked;
    unsigned taken_in_panic;    /* taken again by a panic's report while held */
    const char *name;           /* for reports: deadlocks, locks held at a panic */
};

#define SPINLOCK_INIT(lock_name) { .locked = false, .taken_in_panic = 0, .name = lock_name }

/* How many locks this CPU may hold at once. */
#define SPINLOCKS_HELD_MAX 8

/* Take the lock, with interrupts off until it is given back. On this one CPU, a lock
   already held can only be held by the code this call interrupted or called from:
   waiting would never end, so it panics instead. While a panic is reported, though, it
   takes the lock anyway: the code that held it will never run again, and the report
   must get out (as Linux's console drivers do during an oops). */
void spinlock_lock(struct spinlock *lock);

/* Give the lock back; interrupts come back on with the last lock given back, if they
   were on before the first was taken. */
void spinlock_unlock(struct spinlock *lock);

/* The locks this CPU holds now, the first taken first: index 0 to
   spinlock_held_count() - 1. For panic's report. */
size_t spinlock_held_count(void);
const struct spinlock *spinlock_held(size_t index);

/* For the test runner, after a test that ended early (a failed assertion, a panic)
   inside locks: give every lock held back, without touching the interrupt flag, and
   put their names in names (up to max of them). Returns how many were held. */
size_t spinlock_release_all(const char **names, size_t max);

/* Interrupts off, counted: they stay off until every interrupts_push_off has its
   interrupts_pop, and the last pop turns them back on only if they were on before the
   first push (xv6 calls these pushcli and popcli). */
void interrupts_push_off(void);
void interrupts_pop(void);

/* For the test runner, when a test ended inside a lock (a failed assertion, a panic):
   forget the count, as nothing is held any more. */
void interrupts_reset_nesting(void);

/* For functions whose contract says "call with interrupts off": panic, naming the
   caller, if they are on. */
void interrupts_assert_off(const char *caller);

#endif
