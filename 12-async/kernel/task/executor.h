/* executor.h: the executor that polls only what was woken. Tasks live in a table of
   slots; a ready queue holds the ids of those to poll; each task's waker (made once,
   at spawn, and kept: the waker cache) puts its id back on the queue. With nothing
   ready, the CPU halts until an interrupt. */
#ifndef TASK_EXECUTOR_H
#define TASK_EXECUTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "task/ready_queue.h"
#include "task/task.h"
#include "task/waker.h"

#define EXECUTOR_TASKS_MAX READY_QUEUE_SLOTS

struct executor_stats {
    uint64_t polls;         /* calls of a task's poll function */
    uint64_t halts;         /* times the CPU was halted with nothing ready */
    uint64_t spawned;
    uint64_t finished;
};

struct executor {
    struct task *tasks[EXECUTOR_TASKS_MAX];     /* by slot; NULL: free */
    struct waker wakers[EXECUTOR_TASKS_MAX];    /* by slot: the waker cache */
    struct ready_queue ready;
    uint64_t next_sequence;     /* makes each id new, so a stale waker finds no task */
    size_t task_count;
    uint32_t next_free_hint;    /* where the search for a free slot starts */
    struct executor_stats stats;
};

/* An executor with no tasks. It is large (about 40 KiB): make it static. */
void executor_init(struct executor *executor);

/* Give task to the executor, which polls it soon and frees it once it is ready. Also
   from inside a running task. False if all EXECUTOR_TASKS_MAX slots are taken (the
   task then stays the caller's). Not from interrupt handlers. */
bool executor_spawn(struct executor *executor, struct task *task);

/* Poll the tasks on the ready queue, and those woken meanwhile, until it is empty.
   Returns how many polls that took. */
uint64_t executor_run_ready(struct executor *executor);

/* Run the tasks until every one has finished, halting the CPU whenever none is ready.
   Interrupts must be on (something has to wake the tasks). */
void executor_run_until_done(struct executor *executor);

/* Run the tasks for ever: the kernel's last call. */
noreturn void executor_run(struct executor *executor);

/* The tasks the executor holds now (spawned, not finished). */
size_t executor_task_count(const struct executor *executor);

/* The waker of the task with this id, as a poll function gets it. For code that wakes
   a task it did not poll (tests, benchmarks). */
struct waker executor_waker(struct executor *executor, uint64_t task_id);

#ifdef KERNEL_TEST
/* Test kernels only: called on the idle path after the last check of the ready queue
   and before sti_hlt, with interrupts off. NULL: nothing. */
extern void (*executor_before_halt)(void);
#endif

#endif
