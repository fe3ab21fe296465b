/* ready_queue.h: the executor's queue of tasks to poll, by task id. A task is on it at
   most once: waking a task that is already queued changes nothing, so a task woken a
   thousand times before it runs is polled once. No locks inside: the executor turns
   interrupts off around each use, since interrupt handlers wake tasks too. */
#ifndef TASK_READY_QUEUE_H
#define TASK_READY_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

/* How many tasks an executor holds. A task id's low bits are its slot, id % SLOTS, so
   the queue needs one place and one flag per slot, and can never overflow. */
#define READY_QUEUE_SLOTS 1024u

struct ready_queue {
    uint64_t ids[READY_QUEUE_SLOTS];    /* a ring: head is the oldest */
    uint32_t head;
    uint32_t count;
    bool queued[READY_QUEUE_SLOTS];     /* by slot: on the ring now */
};

/* The slot a task id belongs to. */
static inline uint32_t ready_queue_slot(uint64_t task_id)
{
    return (uint32_t)(task_id % READY_QUEUE_SLOTS);
}

/* An empty queue. */
void ready_queue_init(struct ready_queue *queue);

/* Queue task_id at the back, unless its slot is queued already. True if it was added. */
bool ready_queue_push(struct ready_queue *queue, uint64_t task_id);

/* Take the id at the front; its slot may be queued again from then on (while its task
   is being polled, a wake puts it back). False if the queue is empty. */
bool ready_queue_pop(struct ready_queue *queue, uint64_t *task_id);

/* How many ids wait. */
uint32_t ready_queue_length(const struct ready_queue *queue);

#endif
