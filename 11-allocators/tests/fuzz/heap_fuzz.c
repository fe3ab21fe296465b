/* heap_fuzz.c: a libFuzzer target for the heap's allocator. Each input is a sequence
   of operations, 3 bytes each: what (allocate, aligned allocate, free, reallocate),
   which of 16 slots, and a size (the byte, or with its top bit set 4 times the rest:
   up to 509). Every block is filled with its own pattern at both ends, where a
   neighbour that overlapped it would write, and checked when it is freed, reallocated
   (up to the size kept) and at the end; free_list_verify runs after every operation,
   and the region grows from 4 KiB inside a buffer of 1 MiB. Only pointers the
   allocator handed out are freed, so an error report is a bug too. Any violation
   aborts, which libFuzzer reports. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory/free_list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SLOTS       16
#define REGION_MAX  (1024 * 1024)
#define REGION_START (4 * 1024)
#define GROW_CHUNK  (4 * 1024)
#define OP_BYTES    3
#define BIG_SIZES   0x80    /* a size byte with this bit: 4 times the rest */
#define OPS_MAX     64      /* per input: longer ones cost time and find little more */
#define EDGE        32      /* the bytes filled and checked at each end of a block */

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
    struct free_list list;
    region_size = REGION_START;
    free_list_init(&list, buffer, region_size, grow, no_error_expected, true);
    struct slot slots[SLOTS] = {{0}};
    size = size < OPS_MAX * OP_BYTES ? size : OPS_MAX * OP_BYTES;
    for (size_t at = 0; at + OP_BYTES <= size; at += OP_BYTES) {
        uint8_t op = data[at] % 4, which = data[at + 1] % SLOTS, size_byte = data[at + 2];
        size_t bytes = size_byte & BIG_SIZES ? (size_t)(size_byte & ~BIG_SIZES) * 4 + 1
                                             : size_byte;
        struct slot *slot = &slots[which];
        if (op <= 1 && !slot->pointer) {
            size_t align = op == 0 ? 1 : (size_t)1 << (data[at] / 4 % 13);
            slot->pointer = free_list_alloc(&list, bytes, align);
            if (slot->pointer && ((uintptr_t)slot->pointer % align != 0 || bytes == 0)) {
                abort();
            }
            slot->size = slot->pointer ? bytes : 0;
            slot->pattern = (uint8_t)at;
            fill(slot);
        } else if (op == 2 || (op <= 1 && slot->pointer)) {
            check_contents(slot, slot->size);
            if (slot->pointer) {
                free_list_free(&list, slot->pointer);
            }
            *slot = (struct slot){0};
        } else {
            check_contents(slot, slot->size);
            uint8_t *moved = free_list_realloc(&list, slot->pointer, bytes);
            if (moved || bytes == 0) {
                struct slot kept = {moved, slot->size, slot->pattern};
                check_contents(&kept, bytes < slot->size ? bytes : slot->size);
                *slot = (struct slot){moved, moved ? bytes : 0, slot->pattern};
                fill(slot);
            }
        }
        if (free_list_verify(&list)) {
            abort();
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        check_contents(&slots[i], slots[i].size);
        if (slots[i].pointer) {
            free_list_free(&list, slots[i].pointer);
        }
    }
    if (free_list_verify(&list) || list.blocks_in_use != 0 || list.free->next) {
        abort();
    }
    return 0;
}
