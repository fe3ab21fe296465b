/* frame.c: the frame allocator. Three parts, each O(1) per call:
   - frames never handed out yet are taken in address order from the usable ranges
     (a cursor: nothing is prepared per frame at boot, so 4 GiB costs what 32 MiB does);
   - frames given back go on a stack, an array of 32-bit frame numbers (4 bytes per
     frame of memory, written only as frames are freed);
   - a bitmap, a bit per frame from the lowest usable address to the highest (32 KiB
     per GiB), says which frames are in use, which is what catches a double free.
   Why not a bitmap alone, searched from a "next free" hint: after frees below the
   hint, finding the next free frame is a scan, O(frames) at worst. Why not a list
   threaded through the free frames themselves (no array): each free then writes to
   the frame it frees, which must be mapped (the offset map, built with frames from
   here), and the writes land all over memory: freeing every frame of a 4 GiB QEMU
   guest that way (a stack in batches, one frame in 511 written) made QEMU's host
   memory grow to 4.2 GB, as the host backs guest RAM with 2 MiB pages, against 56 MB
   with the array. The array's 0.1% of memory buys frees that touch nothing else. */
#include "memory/frame.h"

#include "memory/layout.h"

#define BITS_PER_WORD  64
#define FRAME_SPAN_MAX ((uint64_t)UINT32_MAX * PAGE_SIZE)  /* 16 TiB from the lowest frame */

static struct {
    struct memory_range ranges[MEMORY_MAP_MAX];
    size_t range_count;
    size_t next_range;      /* the cursor: ranges[next_range], from next_untouched */
    uint64_t next_untouched;
    uint64_t *bitmap;       /* bit n: frame base + n * PAGE_SIZE is in use */
    uint32_t *stack;        /* freed frames, as numbers n (base + n * PAGE_SIZE) */
    size_t stacked;
    uint64_t base;
    size_t total;
    size_t used;
    frame_error error;
} frames;

/* The bitmap's size in bytes, whole 64-bit words. */
static size_t bitmap_size(const struct memory_range *ranges, size_t count)
{
    if (count == 0) {
        return 0;
    }
    uint64_t bits = (ranges[count - 1].end - ranges[0].start) / PAGE_SIZE;
    return (size_t)((bits + BITS_PER_WORD - 1) / BITS_PER_WORD) * sizeof(uint64_t);
}

static size_t frames_in(const struct memory_range *ranges, size_t count)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        total += (ranges[i].end - ranges[i].start) / PAGE_SIZE;
    }
    return total;
}

size_t frame_storage_size(const struct memory_range *ranges, size_t count)
{
    return bitmap_size(ranges, count) + frames_in(ranges, count) * sizeof(uint32_t);
}

void frame_init(const struct memory_range *ranges, size_t count, void *storage,
                frame_error error)
{
    count = count < MEMORY_MAP_MAX ? count : MEMORY_MAP_MAX;
    while (count > 0 && ranges[count - 1].end - ranges[0].start > FRAME_SPAN_MAX) {
        count--;        /* past what a 32-bit frame number reaches: left unused */
    }
    frames.range_count = count;
    for (size_t i = 0; i < count; i++) {
        frames.ranges[i] = ranges[i];
    }
    frames.total = frames_in(ranges, count);
    frames.next_range = 0;
    frames.next_untouched = count ? ranges[0].start : 0;
    frames.bitmap = storage;
    frames.stack = (uint32_t *)((uint8_t *)storage + bitmap_size(ranges, count));
    frames.stacked = 0;
    frames.base = count ? ranges[0].start : 0;
    frames.used = 0;
    frames.error = error;
    size_t words = bitmap_size(ranges, count) / sizeof(uint64_t);
    for (size_t i = 0; i < words; i++) {
        frames.bitmap[i] = 0;
    }
}

/* The bit of frame in the bitmap: the word that holds it, and its mask there. Two
   functions, not one that also writes a mask through a pointer: in
   "*word_of(frame, &mask) |= mask" the two sides are unsequenced, and clang did read
   mask first (whole words of the bitmap set). */
static uint64_t *word_of(uint64_t frame)
{
    return &frames.bitmap[(frame - frames.base) / PAGE_SIZE / BITS_PER_WORD];
}

static uint64_t mask_of(uint64_t frame)
{
    return 1ull << ((frame - frames.base) / PAGE_SIZE % BITS_PER_WORD);
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

/* The frame on top of the stack of freed frames, or FRAME_NONE if it is empty. */
static uint64_t pop_freed(void)
{
    if (frames.stacked == 0) {
        return FRAME_NONE;
    }
    return frames.base + (uint64_t)frames.stack[--frames.stacked] * PAGE_SIZE;
}

/* Room for every frame: each is on the stack at most once (the bitmap sees to it). */
static void push_freed(uint64_t frame)
{
    frames.stack[frames.stacked++] = (uint32_t)((frame - frames.base) / PAGE_SIZE);
}

uint64_t frame_alloc(void)
{
    uint64_t frame = pop_freed();
    if (frame == FRAME_NONE) {
        frame = take_untouched();
    }
    if (frame != FRAME_NONE) {
        *word_of(frame) |= mask_of(frame);
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
    uint64_t *word = word_of(frame), mask = mask_of(frame);
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
    if (!is_ours(frame)) {
        return false;
    }
    return (*word_of(frame) & mask_of(frame)) != 0;
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
