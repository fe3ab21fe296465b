/* allocator_fuzz.c: a libFuzzer target for chapter 11's three allocators, chapter 10's
   heap_fuzz.c (which it replaces) through the ops table: the first byte of an input
   picks the allocator (bump, linked list, fixed-size blocks), the rest is a sequence of
   operations, 3 bytes each: what (allocate, aligned allocate, free, reallocate), which
   of 16 slots, and a size (the byte, or with its top bit set 4 times the rest: up to
   509). Every block is filled with its own pattern at both ends and checked when it is
   freed, reallocated (up to the size kept) and at the end; the allocator's verify runs
   after every operation, in a region that grows from 4 KiB inside a buffer of 1 MiB.
   Only pointers the allocator handed out are freed, so an error report is a bug too. At
   the end, with everything freed, the region must be one free block again. Any
   violation aborts. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory/allocator/allocator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SLOTS       16
#define REGION_MAX  (1024 * 1024)
#define REGION_START (4 * 1024)
#define GROW_CHUNK  (4 * 1024)
#define OP_BYTES    3
#define BIG_SIZES   0x80    /* a size byte with this bit: 4 times the rest */
#define OPS_MAX     64      /* per input: longer ones cost time and find little more */
#define EDGE        32      /* the bytes filled and checked at each end of a block */
#define WHOLE_SLACK 128     /* headers, canary and rounding of one block over the region */

static uint8_t *buffer;
static size_t region_size;

static size_t grow(size_t bytes)
{
    size_t chunk = (bytes + GROW_CHUNK - 1) / GROW_CHUNK * GROW_CHUNK;
    if (chunk > REGION_MAX - region_size) {
        return 0;
    }
    region_size += chunk;
    return chunk;
}

static void no_error_expected(enum free_list_error_kind kind, uintptr_t pointer, size_t size)
{
    (void)kind, (void)pointer, (void)size;
    abort();
}

struct slot {
    uint8_t *pointer;
    size_t size;
    uint8_t pattern;
};

/* The bytes of a block that carry its pattern: EDGE at each end (all of a small one);
   the host test fills every byte, this keeps a run short. */
static bool patterned(size_t i, size_t size)
{
    return i < EDGE || i + EDGE >= size;
}

static void fill(struct slot *slot)
{
    for (size_t i = 0; i < slot->size; i++) {
        if (patterned(i, slot->size)) {
            slot->pointer[i] = (uint8_t)(slot->pattern + i);
        }
    }
}

/* Check the pattern in the block's first up_to bytes. */
static void check_contents(const struct slot *slot, size_t up_to)
{
    for (size_t i = 0; i < up_to; i++) {
        if (patterned(i, slot->size) && slot->pointer[i] != (uint8_t)(slot->pattern + i)) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!buffer) {
        buffer = aligned_alloc(FREE_LIST_ALIGN_MAX, REGION_MAX);
    }
    static const struct allocator_ops *const allocators[] = {
        &bump_allocator, &linked_list_allocator, &fixed_block_allocator};
    if (size == 0) {
        return 0;
    }
    const struct allocator_ops *a = allocators[data[0] % 3];
    data++, size--;
    region_size = REGION_START;
    a->init(buffer, region_size, grow, no_error_expected, true);
    struct slot slots[SLOTS] = {{0}};
    size = size < OPS_MAX * OP_BYTES ? size : OPS_MAX * OP_BYTES;
    for (size_t at = 0; at + OP_BYTES <= size; at += OP_BYTES) {
        uint8_t op = data[at] % 4, which = data[at + 1] % SLOTS, size_byte = data[at + 2];
        size_t bytes = size_byte & BIG_SIZES ? (size_t)(size_byte & ~BIG_SIZES) * 4 + 1
                                             : size_byte;
        struct slot *slot = &slots[which];
        if (op <= 1 && !slot->pointer) {
            size_t align = op == 0 ? 1 : (size_t)1 << (data[at] / 4 % 13);
            slot->pointer = a->alloc(bytes, align);
            if (slot->pointer && ((uintptr_t)slot->pointer % align != 0 || bytes == 0)) {
                abort();
            }
            slot->size = slot->pointer ? bytes : 0;
            slot->pattern = (uint8_t)at;
            fill(slot);
        } else if (op == 2 || (op <= 1 && slot->pointer)) {
            check_contents(slot, slot->size);
            if (slot->pointer) {
                a->free(slot->pointer);
            }
            *slot = (struct slot){0};
        } else {
            check_contents(slot, slot->size);
            uint8_t *moved = a->realloc(slot->pointer, bytes);
            if (moved || bytes == 0) {
                struct slot kept = {moved, slot->size, slot->pattern};
                check_contents(&kept, bytes < slot->size ? bytes : slot->size);
                *slot = (struct slot){moved, moved ? bytes : 0, slot->pattern};
                fill(slot);
            }
        }
        if (a->verify()) {
            abort();
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        check_contents(&slots[i], slots[i].size);
        if (slots[i].pointer) {
            a->free(slots[i].pointer);
        }
    }
    if (a->verify() || a->blocks_in_use() != 0 || a->largest() + WHOLE_SLACK < region_size) {
        abort();
    }
    return 0;
}
