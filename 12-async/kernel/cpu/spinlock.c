/* spinlock.c: interrupt-safe locks for one CPU, the list of locks held, and the
   counted interrupts-off they are built on. */
#include "cpu/spinlock.h"

#include "cpu/x86.h"
#include "debug/panic.h"

static int push_off_depth;      /* interrupts_push_off calls not yet popped */
static bool interrupts_were_on; /* before the outermost push */

/* The locks held, in the order they were taken (as lockdep keeps them in Linux). Only
   ever changed with interrupts off. */
static struct spinlock *held[SPINLOCKS_HELD_MAX];
static size_t held_count;

void interrupts_push_off(void)
{
    bool on = (read_rflags() & RFLAGS_INTERRUPTS) != 0;
    cli();
    if (push_off_depth++ == 0) {
        interrupts_were_on = on;
    }
}

void interrupts_pop(void)
{
    if (read_rflags() & RFLAGS_INTERRUPTS) {
        panic("interrupts_pop with interrupts on: a push and a pop do not match");
    }
    if (push_off_depth == 0) {
        panic("interrupts_pop without interrupts_push_off");
    }
    if (--push_off_depth == 0 && interrupts_were_on) {
        sti();
    }
}

void interrupts_reset_nesting(void)
{
    push_off_depth = 0;
}

void interrupts_assert_off(const char *caller)
{
    if (read_rflags() & RFLAGS_INTERRUPTS) {
        panic("%s called with interrupts on", caller);
    }
}

void spinlock_lock(struct spinlock *lock)
{
    interrupts_push_off();
    if (__atomic_test_and_set(&lock->locked, __ATOMIC_ACQUIRE)) {
        if (!panic_in_progress()) {
            panic("deadlock: the %s lock is already held on this CPU", lock->name);
        }
        lock->taken_in_panic++;
    }
    if (held_count == SPINLOCKS_HELD_MAX) {
        if (!panic_in_progress()) {
            panic("more than %d locks held at once", SPINLOCKS_HELD_MAX);
        }
        return;     /* a panic's report: not listed, but given back as counted */
    }
    held[held_count++] = lock;
}

/* Take lock off the list: the last entry for it, which is usually the last of all. */
static void forget_held(struct spinlock *lock)
{
    for (size_t i = held_count; i-- > 0;) {
        if (held[i] == lock) {
            for (size_t j = i; j + 1 < held_count; j++) {
                held[j] = held[j + 1];
            }
            held_count--;
            return;
        }
    }
    if (!panic_in_progress()) {
        panic("unlock of the %s lock, which is not held", lock->name);
    }
}

void spinlock_unlock(struct spinlock *lock)
{
    forget_held(lock);
    if (lock->taken_in_panic > 0) {
        lock->taken_in_panic--;     /* still held by the code that panicked */
    } else {
        __atomic_clear(&lock->locked, __ATOMIC_RELEASE);
    }
    interrupts_pop();
}

size_t spinlock_held_count(void)
{
    return held_count;
}

const struct spinlock *spinlock_held(size_t index)
{
    return index < held_count ? held[index] : NULL;
}

size_t spinlock_release_all(const char **names, size_t max)
{
    size_t count = held_count;
    for (size_t i = 0; i < count; i++) {
        if (i < max) {
            names[i] = held[i]->name;
        }
        held[i]->taken_in_panic = 0;
        __atomic_clear(&held[i]->locked, __ATOMIC_RELEASE);
    }
    held_count = 0;
    return count;
}
