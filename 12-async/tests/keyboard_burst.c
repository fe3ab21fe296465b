/* keyboard_burst.c: more keys than the scancode queue holds, typed while the executor
   is stalled (keyboard_burst.py types them). The interrupt handler keeps filling the
   queue and then drops the rest, counting it; once the executor runs, the keyboard
   task warns of the drops and shows what was kept, in order. The driver checks the
   kept text and the count exactly.
   harness: timeout=30 */
#include <stdbool.h>
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/keyboard/ps2.h"
#include "devices/keyboard/scancode_stream.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"
#include "task/async.h"
#include "task/executor.h"
#include "task/keyboard_task.h"
#include "task/sleep.h"
#include "test/test.h"

#define BURST_KEYS      100     /* keyboard_burst.py types this many lower-case keys */
#define BYTES_PER_KEY   2       /* make code, break code */
#define STALL_TICKS_MAX 2000    /* 20 s for the driver to type them all */
#define QUIET_TICKS     20      /* the finisher's look: is the stream still busy? */

static struct executor executor;
static bool all_shown;

/* Wait with the executor stalled (interrupts on, nothing polled) until every byte of
   the burst has come: counted, not timed, so a slow driver cannot split the burst. */
static void stall_until_the_burst_is_over(void)
{
    uint64_t start = pit_ticks();
    while (ps2_bytes_received() < BURST_KEYS * BYTES_PER_KEY &&
           pit_ticks() - start < STALL_TICKS_MAX) {
        hlt();
    }
}

/* Ends once the keyboard task has emptied the stream and no byte came for a while. */
struct finisher {
    int resume;
    struct sleep sleep;
};

static enum poll_result finisher_poll(void *state, struct context *cx)
{
    struct finisher *f = state;
    ASYNC_BEGIN(f);
    do {
        sleep_ticks(&f->sleep, QUIET_TICKS);
        AWAIT(f, sleep_poll(&f->sleep, cx));
    } while (!scancode_stream_is_empty());
    all_shown = true;
    ASYNC_END(f);
}

TEST(a_burst_typed_while_stalled_keeps_its_start_and_counts_the_rest)
{
    serial_printf("keyboard_burst: stalled, type now\n");
    stall_until_the_burst_is_over();
    serial_printf("keyboard_burst: %llu bytes received, %llu dropped; running\n",
                  (unsigned long long)ps2_bytes_received(),
                  (unsigned long long)scancode_stream_dropped());
    TEST_ASSERT_EQ(ps2_bytes_received(), BURST_KEYS * BYTES_PER_KEY);
    TEST_ASSERT(scancode_stream_dropped() > 0);
    executor_init(&executor);
    TEST_ASSERT(executor_spawn(&executor, keyboard_task_new()));
    TEST_ASSERT(executor_spawn(&executor, task_new("finisher", finisher_poll,
                                                   sizeof(struct finisher))));
    /* The keyboard task never ends, so not executor_run_until_done: run until the
       finisher has seen the stream empty. The timer's ticks end every hlt. */
    while (!all_shown) {
        executor_run_ready(&executor);
        hlt();
    }
    serial_printf("\nkeyboard_burst: done\n");
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
