/* scancode_stream.h: the keyboard's bytes as a stream that a task can await. The
   interrupt handler adds each byte to a lock-free queue and wakes the waiting task;
   the task takes them out in order. */
#ifndef SCANCODE_STREAM_H
#define SCANCODE_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "task/future.h"

/* An empty stream, nobody waiting. keyboard_init calls it before the first IRQ 1. */
void scancode_stream_init(void);

/* Interrupt handler side: queue byte and wake the task waiting for it. A full queue
   drops it and counts it (the first drop is also said on the serial port). Never
   waits, never allocates. */
void scancode_stream_add(uint8_t byte);

/* The next byte, as a future: ready with *byte set, or pending with the task's waker
   registered, to be woken by the next byte. One task at a time may wait on it. */
enum poll_result scancode_stream_poll_next(struct context *cx, uint8_t *byte);

/* The next byte without waiting: false if none is queued. */
bool scancode_stream_take(uint8_t *byte);

/* Whether no byte is queued now. */
bool scancode_stream_is_empty(void);

/* Bytes dropped because the queue was full. */
uint64_t scancode_stream_dropped(void);

#endif
