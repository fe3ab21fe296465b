/* clock_task.c: sleep a tenth of a second, redraw the status line, again. Chapter 07
   drew it from the timer's interrupt handler; now the handler only wakes this task. */
#include "task/clock_task.h"

#include "console/status_line.h"
#include "devices/pit.h"
#include "task/async.h"
#include "task/sleep.h"

#define TICKS_PER_UPDATE (PIT_DEFAULT_HZ / 10)

struct clock_task {
    int resume;
    struct sleep sleep;     /* in the timer's list while we wait: must not move */
};

static enum poll_result clock_task_poll(void *state, struct context *cx)
{
    struct clock_task *c = state;
    ASYNC_BEGIN(c);
    for (;;) {
        /* To the next whole tenth, so that the clock does not drift by the time a
           redraw takes. */
        sleep_ticks(&c->sleep, TICKS_PER_UPDATE - pit_ticks() % TICKS_PER_UPDATE);
        AWAIT(c, sleep_poll(&c->sleep, cx));
        status_line_update();
    }
    ASYNC_END(c);
}

struct task *clock_task_new(void)
{
    return task_new("clock", clock_task_poll, sizeof(struct clock_task));
}
