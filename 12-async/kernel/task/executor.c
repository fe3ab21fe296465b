/* executor.c: the waking executor. Wakers run in interrupt handlers too, so the ready
   queue is only touched with interrupts off; the tasks table only by the executor's own
   code (spawn, poll, finish), never by a handler. */
#include "task/executor.h"

#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "debug/panic.h"

#ifdef KERNEL_TEST
void (*executor_before_halt)(void);
#endif

void executor_init(struct executor *executor)
{
    for (size_t slot = 0; slot < EXECUTOR_TASKS_MAX; slot++) {
        executor->tasks[slot] = NULL;
        executor->wakers[slot] = waker_noop();
    }
    ready_queue_init(&executor->ready);
    executor->next_sequence = 1;    /* no task gets id 0: that is "not spawned" */
    executor->task_count = 0;
    executor->next_free_hint = 0;
    executor->stats = (struct executor_stats){0};
}

/* The wake function of every waker this executor makes. A task that has finished (its
   slot empty, or holding a newer task with another id) is not woken: a waker may
   outlive its task, in a timer or an interrupt handler's atomic waker. */
static void executor_wake(void *opaque, uint64_t task_id)
{
    struct executor *executor = opaque;
    uint32_t slot = ready_queue_slot(task_id);
    interrupts_push_off();
    struct task *task = executor->tasks[slot];
    if (task != NULL && task->id == task_id) {
        ready_queue_push(&executor->ready, task_id);
    }
    interrupts_pop();
}

struct waker executor_waker(struct executor *executor, uint64_t task_id)
{
    return (struct waker){.wake = executor_wake, .executor = executor, .task_id = task_id};
}

bool executor_spawn(struct executor *executor, struct task *task)
{
    if (executor->task_count == EXECUTOR_TASKS_MAX) {
        return false;
    }
    uint32_t slot = executor->next_free_hint;
    while (executor->tasks[slot] != NULL) {
        slot = (slot + 1) % EXECUTOR_TASKS_MAX;
    }
    executor->next_free_hint = (slot + 1) % EXECUTOR_TASKS_MAX;
    task->id = executor->next_sequence++ * READY_QUEUE_SLOTS + slot;
    /* The cache: one waker per task, made here and handed to every poll, instead of
       one made per poll. */
    executor->wakers[slot] = executor_waker(executor, task->id);
    interrupts_push_off();  /* a handler's wake of an older id reads the slot */
    executor->tasks[slot] = task;
    interrupts_pop();
    executor->task_count++;
    executor->stats.spawned++;
    waker_wake(&executor->wakers[slot]);    /* a new task is polled once to start */
    return true;
}

/* The next id to poll, or false. */
static bool take_ready(struct executor *executor, uint64_t *task_id)
{
    interrupts_push_off();
    bool got = ready_queue_pop(&executor->ready, task_id);
    interrupts_pop();
    return got;
}

static void finish(struct executor *executor, uint32_t slot)
{
    struct task *task = executor->tasks[slot];
    interrupts_push_off();
    executor->tasks[slot] = NULL;
    interrupts_pop();
    executor->wakers[slot] = waker_noop();
    executor->task_count--;
    executor->stats.finished++;
    task_free(task);    /* the state goes with it: heap use is back where it was */
}

uint64_t executor_run_ready(struct executor *executor)
{
    uint64_t polls = 0;
    uint64_t task_id;
    while (take_ready(executor, &task_id)) {
        uint32_t slot = ready_queue_slot(task_id);
        struct task *task = executor->tasks[slot];
        if (task == NULL || task->id != task_id) {
            continue;   /* finished since it was queued */
        }
        struct context cx = {.waker = &executor->wakers[slot]};
        polls++;
        if (future_poll(&task->future, &cx) == POLL_READY) {
            finish(executor, slot);
        }
    }
    executor->stats.polls += polls;
    return polls;
}

/* Halt until an interrupt, unless a task is ready. The check is made with interrupts
   off, and sti_hlt enables them and halts as one step (sti takes effect after the next
   instruction): an interrupt that wakes a task after the check is taken at the hlt and
   ends it. Turning interrupts on before the check would let that interrupt run between
   the check and the hlt, and the CPU would sleep with a task ready. */
static void sleep_if_idle(struct executor *executor)
{
    cli();
    if (ready_queue_length(&executor->ready) == 0) {
#ifdef KERNEL_TEST
        if (executor_before_halt != NULL) {
            executor_before_halt();
        }
#endif
        executor->stats.halts++;
        sti_hlt();
    } else {
        sti();
    }
}

void executor_run_until_done(struct executor *executor)
{
    if ((read_rflags() & RFLAGS_INTERRUPTS) == 0) {
        panic("executor_run_until_done with interrupts off: nothing could wake a task");
    }
    for (;;) {
        executor_run_ready(executor);
        if (executor->task_count == 0) {
            return;
        }
        sleep_if_idle(executor);
    }
}

noreturn void executor_run(struct executor *executor)
{
    for (;;) {
        executor_run_ready(executor);
        sleep_if_idle(executor);
    }
}

size_t executor_task_count(const struct executor *executor)
{
    return executor->task_count;
}
