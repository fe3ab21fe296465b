/* frame.c: the frame allocator. Three parts, each O(1) per call:
   - frames never handed out yet are taken in address order from the usable ranges
     (a cursor: nothing is prepared per frame at boot, so 4 GiB costs what 32 MiB does);
   - frames given back go on a stack kept in the free frames themselves: one free frame
     holds up to 510 others' addresses, so only one frame in 511 is written when freed;
   - a bitmap, a bit per frame from the lowest usable address to the highest (32 KiB
     per GiB), says which frames are in use, which is what catches a double free.
   Why not a bitmap alone, searched from a "next free" hint: after frees below the
   hint, finding the next free frame is a scan, O(frames) at worst. Why not a list
   threaded through every free frame from the start: it must write every frame at
   boot (touching all memory, slow under emulation) and reach frames above the
   identity map before the offset map, which needs frames, exists. The stack only
   holds freed frames, which are reachable by then (memory.c frees nothing before). */
#include "memory/frame.h"

#include "memory/layout.h"

#define BITS_PER_WORD 64
#define BATCH_SLOTS   ((PAGE_SIZE - 2 * sizeof(uint64_t)) / sizeof(uint64_t))   /* 510 */

/* A free frame at the top of the stack of freed frames: the frames freed after it
   (up to BATCH_SLOTS), and the frame below it on the stack. */
struct free_batch {
    uint64_t below;         /* physical address of the next batch, or FRAME_NONE */
    uint64_t count;
    uint64_t frames[BATCH_SLOTS];
};

_Static_assert(sizeof(struct free_batch) == PAGE_SIZE, "a batch fills its frame");

static struct {
    struct memory_range ranges[MEMORY_MAP_MAX];
    size_t range_count;
    size_t next_range;      /* the cursor: ranges[next_range], from next_untouched */
    uint64_t next_untouched;
    uint64_t top;           /* the stack's top batch, or FRAME_NONE */
    uint64_t *bitmap;       /* bit n: frame base + n * PAGE_SIZE is in use */
    uint64_t base;
    size_t total;
    size_t used;
    frame_memory memory;
    frame_error error;
} frames;

size_t frame_bitmap_size(const struct memory_range *ranges, size_t count)
{
    if (count == 0) {
        return 0;
    }
    uint64_t bits = (ranges[count - 1].end - ranges[0].start) / PAGE_SIZE;
    return (size_t)((bits + BITS_PER_WORD - 1) / BITS_PER_WORD) * sizeof(uint64_t);
}

void frame_init(const struct memory_range *ranges, size_t count, uint64_t *bitmap,
                frame_memory memory, frame_error error)
{
    count = count < MEMORY_MAP_MAX ? count : MEMORY_MAP_MAX;
    frames.range_count = count;
    frames.total = 0;
    for (size_t i = 0; i < count; i++) {
        frames.ranges[i] = ranges[i];
        frames.total += (ranges[i].end - ranges[i].start) / PAGE_SIZE;
    }
    frames.next_range = 0;
    frames.next_untouched = count ? ranges[0].start : 0;
    frames.top = FRAME_NONE;
    frames.bitmap = bitmap;
    frames.base = count ? ranges[0].start : 0;
    frames.used = 0;
    frames.memory = memory;
    frames.error = error;
    size_t words = frame_bitmap_size(ranges, count) / sizeof(uint64_t);
    for (size_t i = 0; i < words; i++) {
        bitmap[i] = 0;
    }
}

/* The bit of frame in the bitmap: its word, and the mask within it. */
static uint64_t *bit_word(uint64_t frame, uint64_t *mask)
{
    uint64_t n = (frame - frames.base) / PAGE_SIZE;
    *mask = 1ull << (n % BITS_PER_WORD);
    return &frames.bitmap[n / BITS_PER_WORD];
}

/* Whether frame is a page-aligned address inside one of the ranges. The ranges are
   at most MEMORY_MAP_MAX: a bounded look, not one that grows with memory. */
static bool is_ours(uint64_t frame)
{
    if (frame % PAGE_SIZE != 0) {
        return false;
    }
    for (size_t i = 0; i < frames.range_count; i++) {
        if (frame >= frames.ranges[i].start && frame < frames.ranges[i].end) {
            return true;
        }
    }
    return false;
}

/* The next frame never handed out, or FRAME_NONE. Moving on to the next range is done
   at most once per range in the allocator's life. */
static uint64_t take_untouched(void)
{
    while (frames.next_range < frames.range_count) {
        if (frames.next_untouched < frames.ranges[frames.next_range].end) {
            uint64_t frame = frames.next_untouched;
            frames.next_untouched += PAGE_SIZE;
            return frame;
        }
        if (++frames.next_range < frames.range_count) {
            frames.next_untouched = frames.ranges[frames.next_range].start;
        }
    }
    return FRAME_NONE;
}

/* The frame on top of the stack of freed frames, or FRAME_NONE if it is empty. An
   empty batch is itself the last frame of its part of the stack. */
static uint64_t pop_freed(void)
{
    if (frames.top == FRAME_NONE) {
        return FRAME_NONE;
    }
    struct free_batch *batch = frames.memory(frames.top);
    if (batch->count > 0) {
        return batch->frames[--batch->count];
    }
    uint64_t frame = frames.top;
    frames.top = batch->below;
    return frame;
}

static void push_freed(uint64_t frame)
{
    struct free_batch *batch = frames.top == FRAME_NONE ? NULL : frames.memory(frames.top);
    if (batch && batch->count < BATCH_SLOTS) {
        batch->frames[batch->count++] = frame;
        return;
    }
    struct free_batch *fresh = frames.memory(frame);    /* the frame becomes a batch */
    fresh->below = frames.top;
    fresh->count = 0;
    frames.top = frame;
}

uint64_t frame_alloc(void)
{
    uint64_t frame = pop_freed();
    if (frame == FRAME_NONE) {
        frame = take_untouched();
    }
    if (frame != FRAME_NONE) {
        uint64_t mask;
        *bit_word(frame, &mask) |= mask;
        frames.used++;
    }
    return frame;
}

void frame_free(uint64_t frame)
{
    if (!is_ours(frame)) {
        frames.error(frame, "is not a frame of usable memory");
        return;
    }
    uint64_t mask;
    uint64_t *word = bit_word(frame, &mask);
    if (!(*word & mask)) {
        frames.error(frame, "is not in use: freed twice, or never handed out");
        return;
    }
    *word &= ~mask;
    frames.used--;
    push_freed(frame);
}

bool frame_in_use(uint64_t frame)
{
    uint64_t mask;
    return is_ours(frame) && (*bit_word(frame, &mask) & mask);
}

size_t frame_free_count(void)
{
    return frames.total - frames.used;
}

size_t frame_used_count(void)
{
    return frames.used;
}

size_t frame_total_count(void)
{
    return frames.total;
}
