/* task.h: a task is a future the executor owns: an id, the poll function, and the
   state on the heap, where it stays put until the task has finished. */
#ifndef TASK_TASK_H
#define TASK_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "task/future.h"

struct task {
    uint64_t id;            /* given by the executor that runs it (0 until spawned) */
    struct future future;
    const char *name;       /* for reports */
};

/* A new task that polls poll with a zeroed state of state_size bytes, both on the
   heap. Fill in task->future.state before spawning it; once it has been polled, the
   state must never be copied elsewhere (the C form of Rust's pinning: a timer or a
   waker may hold a pointer into it). NULL if the heap is full. Not from interrupt
   handlers: it allocates. */
struct task *task_new(const char *name, poll_fn poll, size_t state_size);

/* Free the task and its state: after it finished, or if it is never spawned. */
void task_free(struct task *task);

#endif
