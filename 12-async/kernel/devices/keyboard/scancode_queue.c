/* scancode_queue.c: the single-producer single-consumer ring. Each index is written by
   one side only; the release store that publishes it, paired with the other side's
   acquire load, is what orders the byte itself (C11 7.17.3, "release-acquire"). */
#include "devices/keyboard/scancode_queue.h"

#define INDEX_MASK (SCANCODE_QUEUE_CAPACITY - 1)

_Static_assert((SCANCODE_QUEUE_CAPACITY & INDEX_MASK) == 0,
               "the capacity must be a power of two");

void scancode_queue_init(struct scancode_queue *queue)
{
    atomic_init(&queue->head, 0);
    atomic_init(&queue->tail, 0);
    atomic_init(&queue->dropped, 0);
}

bool scancode_queue_push(struct scancode_queue *queue, uint8_t byte)
{
    /* Relaxed: only this side writes tail, so it reads its own last value. */
    uint32_t tail = atomic_load_explicit(&queue->tail, memory_order_relaxed);
    /* Acquire: the consumer's read of a slot happens before it releases head, so once
       we see the new head, that slot is free to overwrite. */
    uint32_t head = atomic_load_explicit(&queue->head, memory_order_acquire);
    if (tail - head == SCANCODE_QUEUE_CAPACITY) {
        /* Full: drop the new byte, keep the old ones (their order is what a reader
           needs). Relaxed: a statistic, ordered with nothing. */
        atomic_fetch_add_explicit(&queue->dropped, 1, memory_order_relaxed);
        return false;
    }
    queue->bytes[tail & INDEX_MASK] = byte;
    /* Release: the byte written above is visible to whoever sees the new tail. */
    atomic_store_explicit(&queue->tail, tail + 1, memory_order_release);
    return true;
}

bool scancode_queue_pop(struct scancode_queue *queue, uint8_t *byte)
{
    uint32_t head = atomic_load_explicit(&queue->head, memory_order_relaxed);
    /* Acquire: pairs with the producer's release of tail, so the byte is there. */
    uint32_t tail = atomic_load_explicit(&queue->tail, memory_order_acquire);
    if (head == tail) {
        return false;
    }
    *byte = queue->bytes[head & INDEX_MASK];
    /* Release: our read of the slot is done before the producer may reuse it. */
    atomic_store_explicit(&queue->head, head + 1, memory_order_release);
    return true;
}

bool scancode_queue_is_empty(struct scancode_queue *queue)
{
    uint32_t head = atomic_load_explicit(&queue->head, memory_order_relaxed);
    return head == atomic_load_explicit(&queue->tail, memory_order_acquire);
}

uint64_t scancode_queue_dropped(struct scancode_queue *queue)
{
    return atomic_load_explicit(&queue->dropped, memory_order_relaxed);
}
