/* task.c: a task and its state, in one allocation each, freed together. */
#include "task/task.h"

#include "memory/heap.h"

struct task *task_new(const char *name, poll_fn poll, size_t state_size)
{
    struct task *task = kmalloc(sizeof(*task));
    if (task == NULL) {
        return NULL;
    }
    /* A state of 0 bytes still gets an allocation of its own: every task's state is a
       distinct pointer, and free has the same shape for all. */
    void *state = kcalloc(1, state_size > 0 ? state_size : 1);
    if (state == NULL) {
        kfree(task);
        return NULL;
    }
    *task = (struct task){.id = 0, .future = {.poll = poll, .state = state}, .name = name};
    return task;
}

void task_free(struct task *task)
{
    kfree(task->future.state);
    kfree(task);
}
