/* lost_wakeup.c: the executor's idle path must not lose a wake-up that comes between
   its last look at the ready queue and its hlt. The test hook runs exactly there: it
   makes the timer's interrupt pending (a one-shot PIT count, then a wait until the
   PIC's request register shows it), after which the timer stays silent. With the
   check made with interrupts off, the interrupt is taken at sti_hlt, wakes the
   sleeping task, and the test ends. Had interrupts been on during the check, the
   interrupt would run inside the hook, before the hlt, and the CPU would halt with the
   task ready and nothing left to wake it: the harness's timeout fails the kernel.
   harness: timeout=5 */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"
#include "interrupts/pic.h"
#include "task/async.h"
#include "task/executor.h"
#include "task/sleep.h"
#include "test/test.h"

#define IRQ_TIMER_BIT      (1u << IRQ_TIMER)
#define SHORT_COUNT        16          /* PIT periods: about 13 us */
#define IRR_LOOKS_MAX      10000000    /* far more than the count needs */

static struct executor executor;
static unsigned hook_calls;
static uint64_t ticks_in_hook;

/* Pending until the next tick. */
struct next_tick {
    int resume;
    struct sleep sleep;
};

static enum poll_result next_tick_poll(void *state, struct context *cx)
{
    struct next_tick *t = state;
    ASYNC_BEGIN(t);
    sleep_ticks(&t->sleep, 1);
    AWAIT(t, sleep_poll(&t->sleep, cx));
    ASYNC_END(t);
}

/* Between the last emptiness check and sti_hlt: raise IRQ 0 and wait until the PIC
   holds it. With interrupts on here, the CPU would take it during the wait instead,
   and the tick count would move. */
static void make_the_timer_interrupt_pending(void)
{
    hook_calls++;
    ticks_in_hook = pit_ticks();
    pit_one_shot(SHORT_COUNT);
    for (long i = 0; i < IRR_LOOKS_MAX && !(pic_requested() & IRQ_TIMER_BIT) &&
                     pit_ticks() == ticks_in_hook; i++) {
        cpu_relax();
    }
}

/* A one-shot with interrupts off, then on: the periodic ticks stop, and the one tick
   left pending is taken. From here on the timer only ticks when the hook asks. */
static void silence_the_timer(void)
{
    cli();
    pit_one_shot(SHORT_COUNT);
    for (long i = 0; i < IRR_LOOKS_MAX && !(pic_requested() & IRQ_TIMER_BIT); i++) {
        cpu_relax();
    }
    sti();
}

TEST(a_wake_up_between_the_check_and_hlt_is_not_lost)
{
    silence_the_timer();
    executor_init(&executor);
    TEST_ASSERT(executor_spawn(&executor, task_new("next tick", next_tick_poll,
                                                   sizeof(struct next_tick))));
    executor_before_halt = make_the_timer_interrupt_pending;
    executor_run_until_done(&executor);    /* hangs if the wake-up is lost */
    executor_before_halt = NULL;
    serial_printf("lost_wakeup: hook called %u times\n", hook_calls);
    TEST_ASSERT_EQ(hook_calls, 1);
    TEST_ASSERT_EQ(executor.stats.polls, 2);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
