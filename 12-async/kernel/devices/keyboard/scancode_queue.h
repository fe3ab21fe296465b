/* scancode_queue.h: a lock-free, fixed-capacity ring of bytes for exactly one producer
   (the keyboard's interrupt handler) and one consumer (the keyboard task). Neither side
   ever waits for the other, so the handler can never deadlock against the code it
   interrupted. A full queue drops the new byte and counts it. */
#ifndef SCANCODE_QUEUE_H
#define SCANCODE_QUEUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* A power of two, so that the free-running indices wrap into the array with a mask and
   stay correct when the 32-bit counters themselves wrap. 128 bytes: over a second of
   fast typing, two or three bytes per key. */
#define SCANCODE_QUEUE_CAPACITY 128u

struct scancode_queue {
    uint8_t bytes[SCANCODE_QUEUE_CAPACITY];
    /* Counters that only ever go up: the producer writes tail, the consumer head, and
       tail - head is how many bytes wait. Each side reads the other's with acquire. */
    _Atomic uint32_t head;      /* next byte to take: written by the consumer only */
    _Atomic uint32_t tail;      /* next place to fill: written by the producer only */
    _Atomic uint64_t dropped;   /* bytes refused because the queue was full */
};

/* An empty queue. */
void scancode_queue_init(struct scancode_queue *queue);

/* Producer side: add byte, or, when the queue is full, drop it and count it. True if
   it was added. Never waits, never allocates: safe in an interrupt handler. */
bool scancode_queue_push(struct scancode_queue *queue, uint8_t byte);

/* Consumer side: take the oldest byte. False if the queue is empty. */
bool scancode_queue_pop(struct scancode_queue *queue, uint8_t *byte);

/* Consumer side: whether nothing waits (a snapshot: a byte may arrive right after). */
bool scancode_queue_is_empty(struct scancode_queue *queue);

/* Bytes dropped so far because the queue was full. Any side, any time. */
uint64_t scancode_queue_dropped(struct scancode_queue *queue);

#endif
