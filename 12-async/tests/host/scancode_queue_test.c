/* scancode_queue_test.c: the keyboard's lock-free queue on the host, under
   ThreadSanitizer: a producer thread and a consumer thread pass millions of bytes, and
   every one arrives, once, in order. Then, on one thread: a full queue drops what comes
   after (counting it) and keeps what it had, in order. */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>

#include "devices/keyboard/scancode_queue.h"
#include "check.h"

#define ITEMS_DEFAULT 2000000ul
#define SEQUENCE_MOD  251u      /* prime: the bytes' pattern does not line up with the ring */
#define OVERFILL      10u

static struct scancode_queue queue;
static unsigned long items = ITEMS_DEFAULT;
static unsigned long refused;   /* pushes the producer had to repeat */

static void *producer(void *unused)
{
    (void)unused;
    for (unsigned long i = 0; i < items; i++) {
        while (!scancode_queue_push(&queue, (uint8_t)(i % SEQUENCE_MOD))) {
            refused++;
            sched_yield();  /* full: let the consumer catch up */
        }
    }
    return NULL;
}

static void two_threads_pass_every_byte_in_order(void)
{
    scancode_queue_init(&queue);
    pthread_t thread;
    pthread_create(&thread, NULL, producer, NULL);
    unsigned long received = 0, out_of_order = 0;
    while (received < items) {
        uint8_t byte;
        if (scancode_queue_pop(&queue, &byte)) {
            out_of_order += byte != (uint8_t)(received % SEQUENCE_MOD);
            received++;
        } else {
            sched_yield();
        }
    }
    pthread_join(thread, NULL);
    char detail[128];
    snprintf(detail, sizeof(detail), "%lu of %lu bytes out of order", out_of_order, items);
    check("two_threads_pass_every_byte_in_order", out_of_order == 0, detail);
    check_number("the_queue_is_empty_after", scancode_queue_is_empty(&queue), 1);
    /* Every refused push counted as a drop, and nothing else. */
    check_number("each_refused_push_counted_as_dropped", scancode_queue_dropped(&queue),
                 refused);
    printf("    %lu bytes passed, %lu pushes refused (queue full) and repeated\n", items,
           refused);
}

static void a_full_queue_drops_new_bytes_and_keeps_the_old(void)
{
    scancode_queue_init(&queue);
    unsigned accepted = 0;
    for (unsigned i = 0; i < SCANCODE_QUEUE_CAPACITY + OVERFILL; i++) {
        accepted += scancode_queue_push(&queue, (uint8_t)i);
    }
    check_number("a_full_queue_accepts_its_capacity", accepted, SCANCODE_QUEUE_CAPACITY);
    check_number("the_rest_is_counted_as_dropped", scancode_queue_dropped(&queue), OVERFILL);
    unsigned kept = 0, in_order = 1;
    uint8_t byte;
    while (scancode_queue_pop(&queue, &byte)) {
        in_order &= byte == (uint8_t)kept;
        kept++;
    }
    check_number("the_first_bytes_are_kept", kept, SCANCODE_QUEUE_CAPACITY);
    check_number("kept_in_the_order_they_came", in_order, 1);
}

/* The indices run past 2^32 and wrap: the queue must not notice. */
static void indices_wrap_around(void)
{
    scancode_queue_init(&queue);
    atomic_store(&queue.head, UINT32_MAX - 2);
    atomic_store(&queue.tail, UINT32_MAX - 2);
    unsigned ok = 1;
    for (unsigned i = 0; i < 2 * SCANCODE_QUEUE_CAPACITY; i++) {
        uint8_t byte;
        ok &= scancode_queue_push(&queue, (uint8_t)i);
        ok &= scancode_queue_pop(&queue, &byte) && byte == (uint8_t)i;
    }
    check_number("indices_wrap_around", ok, 1);
}

/* argv[1]: how many bytes the threads pass (default two million). */
int main(int argc, char **argv)
{
    if (argc > 1) {
        items = strtoul(argv[1], NULL, 0);
    }
    two_threads_pass_every_byte_in_order();
    a_full_queue_drops_new_bytes_and_keeps_the_old();
    indices_wrap_around();
    return check_summary();
}
