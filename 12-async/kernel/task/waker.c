/* waker.c: waking a task through its waker. */
#include "task/waker.h"

#include <stddef.h>

void waker_wake(const struct waker *waker)
{
    if (waker->wake != NULL) {
        waker->wake(waker->executor, waker->task_id);
    }
}

struct waker waker_noop(void)
{
    return (struct waker){.wake = NULL, .executor = NULL, .task_id = 0};
}
