/* executor_test.c: the futures, the async.h macros, and both executors: ready at once
   or after wakes, one queue entry however often a task is woken, tasks spawned by
   tasks, every task freed, and halting instead of spinning when nothing is ready. */
#include <stdint.h>

#include "memory/heap.h"
#include "task/async.h"
#include "task/executor.h"
#include "task/simple_executor.h"
#include "task/sleep.h"
#include "test/test.h"

#define WAKES_BEFORE_RUNNING 100
#define CHILDREN             3
#define MANY_TASKS           200
#define YIELDS               3
#define IDLE_SLEEP_TICKS     10
#define HALTS_SLACK          5      /* the odd interrupt besides the ticks (serial...) */

static struct executor executor;    /* static: too big for a test's stack */

static enum poll_result ready_at_once(void *state, struct context *cx)
{
    (void)state;
    (void)cx;
    return POLL_READY;
}

TEST(a_future_ready_at_once_is_polled_once_and_freed)
{
    size_t blocks_before = heap_allocation_count();
    executor_init(&executor);
    TEST_ASSERT(executor_spawn(&executor, task_new("now", ready_at_once, 0)));
    TEST_ASSERT_EQ(heap_allocation_count(), blocks_before + 2);    /* task, state */
    TEST_ASSERT_EQ(executor_run_ready(&executor), 1);
    TEST_ASSERT_EQ(executor_task_count(&executor), 0);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks_before);
}

/* Written with the macros: yields YIELDS times, counting in its state. */
struct yielder {
    int resume;
    int i;
    int polls_seen;
};

static enum poll_result yielder_poll(void *state, struct context *cx)
{
    struct yielder *y = state;
    y->polls_seen++;
    ASYNC_BEGIN(y);
    for (y->i = 0; y->i < YIELDS; y->i++) {
        ASYNC_YIELD(y, cx);
    }
    TEST_ASSERT_EQ(y->polls_seen, YIELDS + 1);  /* the state survived each return */
    ASYNC_END(y);
}

TEST(a_future_that_yields_is_ready_after_its_wakes)
{
    executor_init(&executor);
    TEST_ASSERT(executor_spawn(&executor, task_new("yielder", yielder_poll,
                                                   sizeof(struct yielder))));
    TEST_ASSERT_EQ(executor_run_ready(&executor), YIELDS + 1);
    TEST_ASSERT_EQ(executor_task_count(&executor), 0);
}

TEST(the_simple_executor_polls_until_ready)
{
    size_t blocks_before = heap_allocation_count();
    struct simple_executor simple;
    simple_executor_init(&simple);
    TEST_ASSERT(simple_executor_spawn(&simple, task_new("a", yielder_poll,
                                                        sizeof(struct yielder))));
    TEST_ASSERT(simple_executor_spawn(&simple, task_new("b", ready_at_once, 0)));
    TEST_ASSERT_EQ(simple_executor_run(&simple), YIELDS + 1 + 1);
    TEST_ASSERT_EQ(heap_allocation_count(), blocks_before);
}

/* Pending until woken from outside: the test keeps its waker. */
static struct waker kept_waker;
static int waits_for_test_polls;

static enum poll_result waits_for_test(void *state, struct context *cx)
{
    int *polled = state;
    waits_for_test_polls++;
    if ((*polled)++ == 0) {
        kept_waker = *cx->waker;
        return POLL_PENDING;
    }
    return POLL_READY;
}

TEST(a_task_woken_many_times_is_queued_once)
{
    executor_init(&executor);
    waits_for_test_polls = 0;
    TEST_ASSERT(executor_spawn(&executor, task_new("waits", waits_for_test, sizeof(int))));
    TEST_ASSERT_EQ(executor_run_ready(&executor), 1);
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 0);
    for (int i = 0; i < WAKES_BEFORE_RUNNING; i++) {
        waker_wake(&kept_waker);
    }
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 1);
    TEST_ASSERT_EQ(executor_run_ready(&executor), 1);
    TEST_ASSERT_EQ(waits_for_test_polls, 2);
    TEST_ASSERT_EQ(executor_task_count(&executor), 0);
    /* The task is gone: its waker, woken again, queues nothing. */
    waker_wake(&kept_waker);
    TEST_ASSERT_EQ(ready_queue_length(&executor.ready), 0);
}

static int children_run;

static enum poll_result child_poll(void *state, struct context *cx)
{
    (void)state;
    (void)cx;
    children_run++;
    return POLL_READY;
}

static enum poll_result parent_poll(void *state, struct context *cx)
{
    (void)state;
    (void)cx;
    for (int i = 0; i < CHILDREN; i++) {
        TEST_ASSERT(executor_spawn(&executor, task_new("child", child_poll, 0)));
    }
    return POLL_READY;
}

TEST(tasks_spawned_by_a_task_run)
{
    executor_init(&executor);
    children_run = 0;
    TEST_ASSERT(executor_spawn(&executor, task_new("parent", parent_poll, 0)));
    executor_run_until_done(&executor);
    TEST_ASSERT_EQ(children_run, CHILDREN);
    TEST_ASSERT_EQ(executor.stats.spawned, 1 + CHILDREN);
    TEST_ASSERT_EQ(executor.stats.finished, 1 + CHILDREN);
}

TEST(finished_tasks_give_the_heap_back)
{
    size_t blocks_before = heap_allocation_count();
    size_t bytes_before = heap_bytes_in_use();
    executor_init(&executor);
    for (int i = 0; i < MANY_TASKS; i++) {
        TEST_ASSERT(executor_spawn(&executor, task_new("many", yielder_poll,
                                                       sizeof(struct yielder))));
    }
    TEST_ASSERT(heap_bytes_in_use() > bytes_before);
    executor_run_until_done(&executor);
    TEST_ASSERT_EQ(executor.stats.polls, MANY_TASKS * (YIELDS + 1));
    TEST_ASSERT_EQ(heap_allocation_count(), blocks_before);
    TEST_ASSERT_EQ(heap_bytes_in_use(), bytes_before);
}

/* Sleeps IDLE_SLEEP_TICKS: the executor has nothing to do meanwhile. */
struct sleeper {
    int resume;
    struct sleep sleep;
};

static enum poll_result sleeper_poll(void *state, struct context *cx)
{
    struct sleeper *s = state;
    ASYNC_BEGIN(s);
    sleep_ticks(&s->sleep, IDLE_SLEEP_TICKS);
    AWAIT(s, sleep_poll(&s->sleep, cx));
    ASYNC_END(s);
}

/* A spinning executor would loop thousands of times in those ticks; a halting one
   stops about once per interrupt, and polls the task twice: to start, and when the
   timer wakes it. */
TEST(the_executor_halts_when_nothing_is_ready)
{
    executor_init(&executor);
    TEST_ASSERT(executor_spawn(&executor, task_new("sleeper", sleeper_poll,
                                                   sizeof(struct sleeper))));
    executor_run_until_done(&executor);
    TEST_ASSERT_EQ(executor.stats.polls, 2);
    TEST_ASSERT(executor.stats.halts >= 1);
    TEST_ASSERT(executor.stats.halts <= IDLE_SLEEP_TICKS + HALTS_SLACK);
}
