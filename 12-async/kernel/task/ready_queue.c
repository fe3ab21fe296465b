/* ready_queue.c: a ring with one place per slot, and a flag per slot for "queued". */
#include "task/ready_queue.h"

void ready_queue_init(struct ready_queue *queue)
{
    queue->head = 0;
    queue->count = 0;
    for (uint32_t slot = 0; slot < READY_QUEUE_SLOTS; slot++) {
        queue->queued[slot] = false;
    }
}

bool ready_queue_push(struct ready_queue *queue, uint64_t task_id)
{
    uint32_t slot = ready_queue_slot(task_id);
    if (queue->queued[slot]) {
        return false;   /* it will be polled anyway: once is enough */
    }
    /* Each slot is queued at most once, so count never passes READY_QUEUE_SLOTS. */
    queue->queued[slot] = true;
    queue->ids[(queue->head + queue->count) % READY_QUEUE_SLOTS] = task_id;
    queue->count++;
    return true;
}

bool ready_queue_pop(struct ready_queue *queue, uint64_t *task_id)
{
    if (queue->count == 0) {
        return false;
    }
    *task_id = queue->ids[queue->head];
    queue->head = (queue->head + 1) % READY_QUEUE_SLOTS;
    queue->count--;
    queue->queued[ready_queue_slot(*task_id)] = false;
    return true;
}

uint32_t ready_queue_length(const struct ready_queue *queue)
{
    return queue->count;
}
