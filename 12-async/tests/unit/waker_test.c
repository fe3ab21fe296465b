/* waker_test.c: the atomic waker wakes what was registered, once per registration; the
   scancode stream is a future that is ready at once when a byte waits, and otherwise
   pending until the interrupt side adds one; a signal wakes its waiter. */
#include <stdint.h>

#include "cpu/spinlock.h"
#include "devices/keyboard/scancode_stream.h"
#include "task/atomic_waker.h"
#include "task/executor.h"
#include "task/signal.h"
#include "test/test.h"

#define SCANCODE_A 0x1E     /* set 1 make code of A */

static struct executor executor;

static enum poll_result never_ready(void *state, struct context *cx)
{
    (void)state;
    (void)cx;
    return POLL_PENDING;
}

/* A task on a fresh executor, polled once (so not queued); its waker in *waker. */
static uint64_t parked_task(struct waker *waker)
{
    executor_init(&executor);
    struct task *task = task_new("parked", never_ready, 0);
    TEST_ASSERT(executor_spawn(&executor, task));
    executor_run_ready(&executor);
    *waker = executor_waker(&executor, task->id);
    return task->id;
}

/* The parked task is freed with the executor's next init; free it now instead. */
static void free_parked(uint64_t id)
{
    struct task *task = executor.tasks[ready_queue_slot(id)];
    executor.tasks[ready_queue_slot(id)] = NULL;
    task_free(task);
}

TEST(an_atomic_waker_wakes_once_per_registration)
{
    struct waker waker;
    uint64_t id = parked_task(&waker);
    struct atomic_waker slot;
    atomic_waker_init(&slot);
    atomic_waker_wake(&slot);                       /* nothing registered */
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 0);
    atomic_waker_register(&slot, &waker);
    atomic_waker_wake(&slot);
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 1);
    executor_run_ready(&executor);
    atomic_waker_wake(&slot);                       /* used up by the first wake */
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 0);
    free_parked(id);
}

TEST(the_scancode_stream_is_ready_at_once_or_after_a_byte)
{
    struct waker waker;
    uint64_t id = parked_task(&waker);
    struct context cx = {.waker = &waker};
    uint8_t byte = 0;
    /* The test plays the interrupt handler: with interrupts off, it is the only
       producer, as the queue requires. */
    interrupts_push_off();
    scancode_stream_add(SCANCODE_A);
    interrupts_pop();
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 0);   /* nobody was waiting */
    TEST_ASSERT_EQ(scancode_stream_poll_next(&cx, &byte), POLL_READY);
    TEST_ASSERT_EQ(byte, SCANCODE_A);
    TEST_ASSERT_EQ(scancode_stream_poll_next(&cx, &byte), POLL_PENDING);
    interrupts_push_off();
    scancode_stream_add(SCANCODE_A + 1);
    interrupts_pop();
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 1);   /* the waiter was woken */
    TEST_ASSERT_EQ(scancode_stream_poll_next(&cx, &byte), POLL_READY);
    TEST_ASSERT_EQ(byte, SCANCODE_A + 1);
    free_parked(id);
}

TEST(a_signal_wakes_its_waiter_and_counts)
{
    struct waker waker;
    uint64_t id = parked_task(&waker);
    struct context cx = {.waker = &waker};
    struct signal signal = {0};
    uint64_t seen = 0;
    TEST_ASSERT_EQ(signal_poll(&signal, &seen, &cx), POLL_PENDING);
    signal_raise(&signal);
    signal_raise(&signal);
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 1);
    TEST_ASSERT_EQ(signal_poll(&signal, &seen, &cx), POLL_READY);
    TEST_ASSERT_EQ(seen, 2);
    free_parked(id);
}
