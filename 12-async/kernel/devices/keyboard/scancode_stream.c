/* scancode_stream.c: one scancode queue and one atomic waker, between IRQ 1 and the
   keyboard task. */
#include "devices/keyboard/scancode_stream.h"

#include "devices/keyboard/scancode_queue.h"
#include "devices/serial.h"
#include "task/atomic_waker.h"

static struct scancode_queue queue;
static struct atomic_waker waiting_task;

void scancode_stream_init(void)
{
    scancode_queue_init(&queue);
    atomic_waker_init(&waiting_task);
}

void scancode_stream_add(uint8_t byte)
{
    if (!scancode_queue_push(&queue, byte)) {
        if (scancode_queue_dropped(&queue) == 1) {
            serial_printf("keyboard: queue full, dropping keys (counted on the status "
                          "line)\n");
        }
        /* Woken all the same: the task is behind, and must hear of it. */
    }
    atomic_waker_wake(&waiting_task);
}

enum poll_result scancode_stream_poll_next(struct context *cx, uint8_t *byte)
{
    /* The fast path: a byte is there, no waker needed. */
    if (scancode_queue_pop(&queue, byte)) {
        return POLL_READY;
    }
    atomic_waker_register(&waiting_task, cx->waker);
    /* The second check: a byte added after the first one but before the register
       woke nothing. Here it is seen. */
    if (scancode_queue_pop(&queue, byte)) {
        return POLL_READY;
    }
    return POLL_PENDING;
}

bool scancode_stream_take(uint8_t *byte)
{
    return scancode_queue_pop(&queue, byte);
}

bool scancode_stream_is_empty(void)
{
    return scancode_queue_is_empty(&queue);
}

uint64_t scancode_stream_dropped(void)
{
    return scancode_queue_dropped(&queue);
}
