/* deadlock.c: why the kernel's locks turn interrupts off. This kernel uses a lock that
   does not: the main code prints under it, in a loop; the timer's handler prints under
   it too. Sooner or later a tick arrives while the main code holds the lock, and the
   handler waits for it. But the main code cannot run again until the handler returns:
   the CPU waits forever. The harness checks that it hangs, right after the handler
   said it would wait.
   harness: expect=hang timeout=0.5
   harness: printed="the handler waits for the lock the main code holds" */
#include <stdbool.h>
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"

/* A spinlock as chapter 03 had it: it spins, and leaves interrupts alone. */
static volatile bool locked;

static bool try_lock(void)
{
    return !__atomic_test_and_set(&locked, __ATOMIC_ACQUIRE);
}

static void lock(void)
{
    while (!try_lock()) {
        cpu_relax();
    }
}

static void unlock(void)
{
    __atomic_clear(&locked, __ATOMIC_RELEASE);
}

static void on_tick(uint64_t ticks)
{
    if (!try_lock()) {
        serial_printf("deadlock: tick %llu: the handler waits for the lock the main code "
                      "holds\n", (unsigned long long)ticks);
        lock();     /* forever */
    }
    unlock();
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    pit_subscribe(on_tick);
    for (unsigned long line = 0;; line++) {
        lock();
        serial_printf("main: line %lu, printed under the lock\n", line);
        unlock();
    }
}
