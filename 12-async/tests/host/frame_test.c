/* frame_test.c: the frame allocator on the host, over ranges that stand for physical
   memory (below and above 4 GiB), its storage a heap block of exactly its size, so
   that AddressSanitizer sees any access past it: every frame handed out once, aligned
   and inside a range; counts that add up; frees reused; a double free and a foreign
   frame refused; and a long randomized run of allocs and frees checked against a
   record of our own. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "memory/frame.h"
#include "memory/layout.h"

#define MIB (1024 * 1024ull)
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Three ranges: low memory, memory above the kernel, and 2 MiB above 4 GiB. */
static const struct memory_range ranges[] = {
    {0x1000, 0x9F000}, {0x200000, 0x200000 + 6 * MIB}, {0x100000000ull, 0x100000000ull + 2 * MIB},
};
#define RANGES COUNT(ranges)

static void *storage;
static char errors[8][96];
static int error_count;

static void record_error(uint64_t frame, const char *what)
{
    if (error_count < 8) {
        snprintf(errors[error_count], sizeof(errors[0]), "0x%llx %s", (unsigned long long)frame,
                 what);
    }
    error_count++;
}

static size_t total_frames(void)
{
    size_t total = 0;
    for (size_t i = 0; i < RANGES; i++) {
        total += (ranges[i].end - ranges[i].start) / PAGE_SIZE;
    }
    return total;
}

/* The frame's number in our own record: its place counting through the ranges. */
static size_t frame_number(uint64_t frame)
{
    size_t before = 0;
    for (size_t i = 0; i < RANGES; i++) {
        if (frame >= ranges[i].start && frame < ranges[i].end) {
            return before + (frame - ranges[i].start) / PAGE_SIZE;
        }
        before += (ranges[i].end - ranges[i].start) / PAGE_SIZE;
    }
    return SIZE_MAX;
}

static void start_over(void)
{
    frame_init(ranges, RANGES, storage, record_error);
    error_count = 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    size_t total = total_frames();
    size_t storage_size = frame_storage_size(ranges, RANGES);
    check_number("storage_is_a_bitmap_lowest_to_highest_and_4_bytes_a_frame", storage_size,
                 ((0x100000000ull + 2 * MIB - 0x1000) / PAGE_SIZE + 63) / 64 * 8 + 4 * total);
    storage = malloc(storage_size);
    uint8_t *seen = calloc(total, 1);

    /* Every frame once, then none. */
    start_over();
    check_number("all_frames_free_at_first", frame_free_count(), total);
    size_t handed = 0, outside = 0, twice = 0, unaligned = 0;
    uint64_t frame, highest = 0;
    while ((frame = frame_alloc()) != FRAME_NONE) {
        size_t n = frame_number(frame);
        unaligned += frame % PAGE_SIZE != 0;
        if (n == SIZE_MAX) {
            outside++;
        } else {
            twice += seen[n]++ != 0;
        }
        highest = frame > highest ? frame : highest;
        handed++;
    }
    check_number("every_frame_handed_out", handed, total);
    check("none_outside_the_ranges_or_unaligned", outside == 0 && unaligned == 0, "some were");
    check_number("none_handed_out_twice", twice, 0);
    check_number("frames_above_4_gib_handed_out_last", highest, 0x100000000ull + 2 * MIB - PAGE_SIZE);
    check("no_frame_when_all_are_used", frame_alloc() == FRAME_NONE && frame_free_count() == 0 &&
          frame_used_count() == total, "a frame after the last");

    /* Free them all (in an order of their own), then every one comes back once more. */
    for (size_t i = 0; i < RANGES; i++) {
        for (uint64_t f = ranges[i].end - PAGE_SIZE; f >= ranges[i].start; f -= PAGE_SIZE) {
            frame_free(f);
        }
    }
    check_number("freeing_all_gives_the_count_back", frame_free_count(), total);
    check_number("no_error_freeing_each_once", error_count, 0);
    memset(seen, 0, total);
    handed = twice = 0;
    while ((frame = frame_alloc()) != FRAME_NONE) {
        size_t n = frame_number(frame);
        twice += n == SIZE_MAX || seen[n]++ != 0;
        handed++;
    }
    check("freed_frames_are_handed_out_again_once_each", handed == total && twice == 0,
          "a frame missing or twice");

    /* A freed frame is the next one handed out (the stack), a double free and a frame
       that is not ours are refused and change nothing. */
    start_over();
    uint64_t a = frame_alloc(), b = frame_alloc();
    frame_free(a);
    check_number("last_freed_is_next_handed_out", frame_alloc(), a);
    frame_free(b);
    frame_free(b);
    check_number("double_free_reported_once", error_count, 1);
    check_string("double_free_says_which_frame", errors[0],
                 "0x2000 is not in use: freed twice, or never handed out");
    check_number("double_free_changes_no_count", frame_used_count(), 1);
    frame_free(0x100000);           /* between two ranges */
    frame_free(0x200800);           /* not page-aligned */
    frame_free(0x300000);           /* ours, but never handed out */
    check_number("foreign_frames_refused", error_count, 4);
    check_string("a_frame_between_ranges", errors[1], "0x100000 is not a frame of usable memory");
    check("in_use_tells_which", frame_in_use(a) && !frame_in_use(b) && !frame_in_use(0x100000),
          "wrong");

    /* Randomized: allocs and frees in runs, checked against our own record. */
    start_over();
    memset(seen, 0, total);
    uint64_t *held = malloc(total * sizeof(uint64_t));
    size_t held_count = 0, problems = 0;
    srand(9);
    for (int step = 0; step < 400000; step++) {
        int alloc = held_count == 0 || (rand() % 100) < ((step / 20000) % 2 ? 30 : 70);
        if (alloc) {
            frame = frame_alloc();
            if (frame == FRAME_NONE) {
                problems += held_count != total;
                continue;
            }
            size_t n = frame_number(frame);
            if (n == SIZE_MAX || seen[n] || frame % PAGE_SIZE) {
                problems++;
                continue;
            }
            seen[n] = 1;
            held[held_count++] = frame;
        } else {
            size_t i = (size_t)rand() % held_count;
            frame = held[i];
            held[i] = held[--held_count];
            seen[frame_number(frame)] = 0;
            frame_free(frame);
        }
        problems += frame_used_count() != held_count || frame_free_count() != total - held_count;
    }
    check_number("randomized_run_no_frame_twice_counts_agree", problems, 0);
    check_number("randomized_run_no_errors", error_count, 0);
    while (held_count) {
        frame_free(held[--held_count]);
    }
    check_number("randomized_run_all_back", frame_free_count(), total);

    /* No usable memory at all. */
    frame_init(ranges, 0, storage, record_error);
    check("no_memory_no_frame", frame_alloc() == FRAME_NONE && frame_total_count() == 0, "a frame");

    free(storage);
    free(seen);
    free(held);
    return check_summary();
}
