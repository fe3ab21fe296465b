/* spinlock.c: interrupt-safe locks for one CPU, and the counted interrupts-off they
   are built on. */
#include "cpu/spinlock.h"

#include "cpu/x86.h"
#include "debug/panic.h"

static int push_off_depth;      /* interrupts_push_off calls not yet popped */
static bool interrupts_were_on; /* before the outermost push */

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

void spinlock_lock(struct spinlock *lock)
{
    interrupts_push_off();
    if (__atomic_test_and_set(&lock->locked, __ATOMIC_ACQUIRE)) {
        panic("deadlock: the %s lock is already held on this CPU", lock->name);
    }
}

void spinlock_unlock(struct spinlock *lock)
{
    __atomic_clear(&lock->locked, __ATOMIC_RELEASE);
    interrupts_pop();
}

void spinlock_break(struct spinlock *lock)
{
    __atomic_clear(&lock->locked, __ATOMIC_RELEASE);
}
