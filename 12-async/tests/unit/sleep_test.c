/* sleep_test.c: the timer future ends at its deadline tick, woken by the tick that
   reaches it, never one before; a cancelled sleep leaves the timer's list. */
#include <stdint.h>

#include "cpu/spinlock.h"
#include "devices/pit.h"
#include "task/async.h"
#include "task/executor.h"
#include "task/sleep.h"
#include "test/test.h"

#define SLEEP_TICKS 5

static struct executor executor;

struct timed_sleep {
    int resume;
    struct sleep sleep;
    uint64_t started;
    uint64_t ended;     /* pit_ticks() when the task went on after the await */
};

static struct timed_sleep result;

static enum poll_result timed_sleep_poll(void *state, struct context *cx)
{
    struct timed_sleep *t = state;
    ASYNC_BEGIN(t);
    interrupts_push_off();      /* no tick between the two reads of the count */
    t->started = pit_ticks();
    sleep_ticks(&t->sleep, SLEEP_TICKS);
    interrupts_pop();
    AWAIT(t, sleep_poll(&t->sleep, cx));
    t->ended = pit_ticks();
    result = *t;    /* the state is freed when the task ends */
    ASYNC_END(t);
}

TEST(sleep_ticks_ends_after_exactly_n_ticks)
{
    executor_init(&executor);
    TEST_ASSERT(executor_spawn(&executor, task_new("timed", timed_sleep_poll,
                                                   sizeof(struct timed_sleep))));
    executor_run_until_done(&executor);
    /* Woken by the handler of tick started + N: not one before. */
    TEST_ASSERT_EQ(result.sleep.deadline, result.started + SLEEP_TICKS);
    TEST_ASSERT_EQ(result.sleep.woken_at, result.started + SLEEP_TICKS);
    TEST_ASSERT(result.ended >= result.started + SLEEP_TICKS);
    TEST_ASSERT_EQ(sleep_pending_count(), 0);
}

TEST(a_sleep_that_has_passed_is_ready_at_once)
{
    struct sleep sleep = {0};
    struct waker noop = waker_noop();
    struct context cx = {.waker = &noop};
    sleep_ticks(&sleep, 0);
    TEST_ASSERT_EQ(sleep_poll(&sleep, &cx), POLL_READY);
    TEST_ASSERT_EQ(sleep_pending_count(), 0);
}

TEST(a_cancelled_sleep_leaves_the_list)
{
    struct sleep sleep = {0};
    struct waker noop = waker_noop();
    struct context cx = {.waker = &noop};
    sleep_ticks(&sleep, 1000);
    TEST_ASSERT_EQ(sleep_poll(&sleep, &cx), POLL_PENDING);
    TEST_ASSERT_EQ(sleep_pending_count(), 1);
    sleep_ticks(&sleep, 1000);      /* reused while pending: still in the list once */
    TEST_ASSERT_EQ(sleep_poll(&sleep, &cx), POLL_PENDING);
    TEST_ASSERT_EQ(sleep_pending_count(), 1);
    sleep_cancel(&sleep);
    TEST_ASSERT_EQ(sleep_pending_count(), 0);
}
