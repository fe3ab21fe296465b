/* simple_executor.h: the first executor, the simplest that works: poll every task,
   over and over, until all have finished. Its wakers do nothing, so it never sleeps:
   it keeps the CPU busy even when no task can make progress. */
#ifndef TASK_SIMPLE_EXECUTOR_H
#define TASK_SIMPLE_EXECUTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "task/task.h"

#define SIMPLE_EXECUTOR_TASKS_MAX 16

struct simple_executor {
    struct task *tasks[SIMPLE_EXECUTOR_TASKS_MAX];
    size_t count;
};

/* No tasks yet. */
void simple_executor_init(struct simple_executor *executor);

/* Add a task; false if the executor is full (the task stays the caller's). */
bool simple_executor_spawn(struct simple_executor *executor, struct task *task);

/* Poll every task in turn until all are ready, freeing each as it finishes. Returns
   how many polls that took. */
uint64_t simple_executor_run(struct simple_executor *executor);

#endif
