/* simple_executor.c: round and round the task list, with a waker that does nothing. */
#include "task/simple_executor.h"

void simple_executor_init(struct simple_executor *executor)
{
    executor->count = 0;
}

bool simple_executor_spawn(struct simple_executor *executor, struct task *task)
{
    if (executor->count == SIMPLE_EXECUTOR_TASKS_MAX) {
        return false;
    }
    task->id = executor->count + 1;
    executor->tasks[executor->count++] = task;
    return true;
}

uint64_t simple_executor_run(struct simple_executor *executor)
{
    struct waker noop = waker_noop();
    struct context cx = {.waker = &noop};
    uint64_t polls = 0;
    while (executor->count > 0) {
        for (size_t i = 0; i < executor->count;) {
            struct task *task = executor->tasks[i];
            polls++;
            if (future_poll(&task->future, &cx) == POLL_READY) {
                task_free(task);
                executor->tasks[i] = executor->tasks[--executor->count];
            } else {
                i++;
            }
        }
    }
    return polls;
}
