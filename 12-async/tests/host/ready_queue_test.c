/* ready_queue_test.c: the executor's ready queue on the host, under ASan and UBSan:
   ids come out in the order they went in, a slot is queued once however often it is
   pushed, and a million random pushes and pops agree with a plain model of it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "task/ready_queue.h"

#define RANDOM_STEPS 1000000
#define RANDOM_SEED  12

static struct ready_queue queue;

static void first_in_first_out(void)
{
    ready_queue_init(&queue);
    for (uint64_t id = 1; id <= 5; id++) {
        ready_queue_push(&queue, id * READY_QUEUE_SLOTS + id);
    }
    bool ok = true;
    uint64_t id;
    for (uint64_t want = 1; want <= 5; want++) {
        ok &= ready_queue_pop(&queue, &id) && id == want * READY_QUEUE_SLOTS + want;
    }
    check_number("ids_come_out_in_order", ok, 1);
    check_number("then_it_is_empty", ready_queue_pop(&queue, &id), 0);
}

static void a_slot_is_queued_once(void)
{
    ready_queue_init(&queue);
    unsigned added = 0;
    for (int i = 0; i < 1000; i++) {
        added += ready_queue_push(&queue, 7);
    }
    check_number("a_thousand_pushes_queue_it_once", added, 1);
    check_number("length_one", ready_queue_length(&queue), 1);
    uint64_t id;
    ready_queue_pop(&queue, &id);
    check_number("once_taken_it_can_be_queued_again", ready_queue_push(&queue, 7), 1);
}

static void every_slot_fits(void)
{
    ready_queue_init(&queue);
    unsigned added = 0;
    for (int round = 0; round < 2; round++) {
        for (uint64_t slot = 0; slot < READY_QUEUE_SLOTS; slot++) {
            added += ready_queue_push(&queue, slot);
        }
    }
    check_number("every_slot_queued_once", added, READY_QUEUE_SLOTS);
    check_number("full_length", ready_queue_length(&queue), READY_QUEUE_SLOTS);
}

/* The model: a FIFO of ids and a set of queued slots, done the obvious way. */
static void agrees_with_a_model(void)
{
    static uint64_t model[RANDOM_STEPS];
    static bool model_queued[READY_QUEUE_SLOTS];
    size_t model_head = 0, model_tail = 0;
    ready_queue_init(&queue);
    srand(RANDOM_SEED);
    long disagreements = 0;
    for (int step = 0; step < RANDOM_STEPS; step++) {
        if (rand() % 2) {
            uint64_t id = (uint64_t)(rand() % 64) * READY_QUEUE_SLOTS + rand() % 48;
            bool expected = !model_queued[ready_queue_slot(id)];
            if (expected) {
                model_queued[ready_queue_slot(id)] = true;
                model[model_tail++] = id;
            }
            disagreements += ready_queue_push(&queue, id) != expected;
        } else {
            uint64_t id = 0;
            bool expected = model_head < model_tail;
            bool got = ready_queue_pop(&queue, &id);
            disagreements += got != expected;
            if (expected) {
                disagreements += id != model[model_head];
                model_queued[ready_queue_slot(model[model_head++])] = false;
            }
        }
        disagreements += ready_queue_length(&queue) != model_tail - model_head;
    }
    char detail[64];
    snprintf(detail, sizeof(detail), "%ld disagreements", disagreements);
    check("a_million_random_steps_agree_with_the_model", disagreements == 0, detail);
}

int main(void)
{
    first_in_first_out();
    a_slot_is_queued_once();
    every_slot_fits();
    agrees_with_a_model();
    return check_summary();
}
