/* spinlock.h: a lock that waits by spinning. With one CPU and no interrupts yet it is
   never contended; it marks the data that must not be touched by two CPUs at once. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdbool.h>

#include "cpu/x86.h"

struct spinlock {
    bool locked;
};

#define SPINLOCK_INIT { .locked = false }

/* Wait until the lock is free, then take it. Acquire ordering: nothing the caller does
   under the lock can move before this. */
static inline void spinlock_lock(struct spinlock *lock)
{
    while (__atomic_test_and_set(&lock->locked, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
}

/* Give the lock back; release ordering publishes what was written under it. */
static inline void spinlock_unlock(struct spinlock *lock)
{
    __atomic_clear(&lock->locked, __ATOMIC_RELEASE);
}

#endif
