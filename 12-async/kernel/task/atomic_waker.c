/* atomic_waker.c: a waker behind an "armed" flag. On this one CPU the handler cannot
   run in the middle of its own wake, and the task's register can only be interrupted,
   never overlapped: while the copy is being made, armed is false and the handler wakes
   nothing, which the caller's second check makes up for. On several CPUs, a wake
   running while a register rewrites the waker would need a state machine (Rust's
   futures crate has one, AtomicWaker); this kernel has one CPU. */
#include "task/atomic_waker.h"

void atomic_waker_init(struct atomic_waker *slot)
{
    slot->waker = waker_noop();
    atomic_init(&slot->armed, false);
}

void atomic_waker_register(struct atomic_waker *slot, const struct waker *waker)
{
    /* Disarm first, so a handler never reads a half-written waker. */
    atomic_store_explicit(&slot->armed, false, memory_order_relaxed);
    /* The handler interrupts us on this CPU, as a signal handler would a thread: a
       signal fence keeps the compiler from moving the copy above the disarm. */
    atomic_signal_fence(memory_order_seq_cst);
    slot->waker = *waker;
    /* Release: the copy above is complete for whoever sees armed == true. */
    atomic_store_explicit(&slot->armed, true, memory_order_release);
}

void atomic_waker_wake(struct atomic_waker *slot)
{
    /* Acquire pairs with register's release: the waker read below is the whole copy.
       The exchange takes the registration, so two wakes do not both use it. */
    if (atomic_exchange_explicit(&slot->armed, false, memory_order_acquire)) {
        waker_wake(&slot->waker);
    }
}
