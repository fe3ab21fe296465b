/* heap_test.c: the heap's allocator (memory/free_list.c) on the host, under ASan and
   UBSan, over a region that grows inside a buffer of its own: alignments, realloc's
   contracts, growth and its failure, a whole-region allocation after everything is
   freed, the three error catchers and poison, and a long randomized run that checks
   every block's contents and that no two live blocks overlap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "memory/free_list.h"

#define KIB           1024
#define REGION_MAX    (4 * 1024 * KIB)  /* the buffer the region may grow into */
#define REGION_START  (64 * KIB)        /* its size at first */
#define GROW_CHUNK    (64 * KIB)
#define RANDOM_STEPS  100000
#define LIVE_MAX      512               /* blocks the random run holds at most */
#define RANDOM_SIZE   2048              /* its requests: 1 to this many bytes */
#define FULL_CHECK_EVERY 1000

static uint8_t *buffer;
static size_t region_size;
static int grow_fails;                  /* set: the grow callback gives nothing */
static struct free_list list;

static struct {
    int count;
    enum free_list_error_kind kind;
    uintptr_t pointer;
    size_t size;
} errors;

static void record_error(enum free_list_error_kind kind, uintptr_t pointer, size_t size)
{
    errors.count++;
    errors.kind = kind;
    errors.pointer = pointer;
    errors.size = size;
}

static size_t grow(size_t bytes)
{
    size_t chunk = (bytes + GROW_CHUNK - 1) / GROW_CHUNK * GROW_CHUNK;
    if (grow_fails || chunk > REGION_MAX - region_size) {
        return 0;
    }
    region_size += chunk;
    return chunk;
}

/* A fresh region of REGION_START bytes at the buffer's start. */
static void start_over(bool checks)
{
    region_size = REGION_START;
    grow_fails = 0;
    errors.count = 0;
    free_list_init(&list, buffer, region_size, grow, record_error, checks);
}

static int verified(void)
{
    const char *problem = free_list_verify(&list);
    if (problem) {
        printf("    free_list_verify: %s\n", problem);
    }
    return problem == NULL;
}

static void test_alignments(void)
{
    start_over(true);
    int ok = 1;
    void *blocks[13];
    for (int shift = 0; shift <= 12; shift++) {
        size_t align = (size_t)1 << shift;
        blocks[shift] = free_list_alloc(&list, 24, align);
        uintptr_t wanted = align < FREE_LIST_ALIGN ? FREE_LIST_ALIGN : align;
        ok &= blocks[shift] != NULL && (uintptr_t)blocks[shift] % wanted == 0;
    }
    check("every_power_of_two_alignment_up_to_a_page_is_honoured", ok && verified(), "");
    check("alignments_that_are_not_a_power_of_two_or_too_big_give_null",
          !free_list_alloc(&list, 8, 3) && !free_list_alloc(&list, 8, 8192) &&
          !free_list_alloc(&list, 8, 0), "");
    for (int shift = 0; shift <= 12; shift++) {
        free_list_free(&list, blocks[shift]);
    }
    check_number("aligned_blocks_free_back_to_one_block", list.blocks_in_use, 0);
    check("the_region_is_whole_again_after_aligned_frees",
          verified() && free_list_largest(&list) + FREE_LIST_HEADER + FREE_LIST_CANARY_SIZE +
          FREE_LIST_ALIGN > region_size, "");
}

static void test_realloc(void)
{
    start_over(true);
    uint8_t *p = free_list_realloc(&list, NULL, 10);
    for (int i = 0; i < 10; i++) {
        p[i] = (uint8_t)(i + 1);
    }
    uint8_t *q = free_list_realloc(&list, p, 5000);
    int kept = q != NULL;
    for (int i = 0; kept && i < 10; i++) {
        kept = q[i] == i + 1;
    }
    check("realloc_null_allocates_and_growing_keeps_the_contents", p && kept, "");
    uint8_t *r = free_list_realloc(&list, q, 4);
    check("shrinking_stays_in_place_and_keeps_the_contents",
          r == q && r[0] == 1 && r[3] == 4 && list.bytes_in_use == 4 && verified(), "");
    check("realloc_to_zero_frees_and_returns_null",
          free_list_realloc(&list, r, 0) == NULL && list.blocks_in_use == 0 && verified(), "");
    check("zero_bytes_give_null", free_list_alloc(&list, 0, 1) == NULL, "");
}

static void test_growth(void)
{
    start_over(true);
    void *big = free_list_alloc(&list, 3 * REGION_START, 1);
    check("a_request_bigger_than_the_region_grows_it",
          big && region_size > REGION_START && list.end == (uintptr_t)buffer + region_size &&
          (uint8_t *)big + 3 * REGION_START <= buffer + region_size && verified(), "");
    grow_fails = 1;
    size_t before = region_size;
    check("when_growth_fails_the_request_gets_null",
          free_list_alloc(&list, 2 * REGION_MAX, 1) == NULL &&
          free_list_alloc(&list, region_size, 1) == NULL && region_size == before, "");
    void *small = free_list_alloc(&list, 100, 1);
    check("and_the_allocator_still_works", small && verified(), "");
    free_list_free(&list, small);
    free_list_free(&list, big);
    size_t whole = free_list_largest(&list);
    void *all = free_list_alloc(&list, whole, 1);
    check("after_freeing_everything_one_block_takes_nearly_the_whole_region",
          all && whole + FREE_LIST_HEADER + FREE_LIST_CANARY_SIZE + FREE_LIST_ALIGN > region_size,
          "");
    free_list_free(&list, all);
    check("and_is_freed_again", verified() && list.blocks_in_use == 0, "");
}

static void test_catchers(void)
{
    start_over(true);
    uint8_t *a = free_list_alloc(&list, 24, 1);
    uint8_t *b = free_list_alloc(&list, 40, 1);
    free_list_free(&list, a);
    check("freed_bytes_are_poisoned", a[0] == FREE_LIST_POISON && a[23] == FREE_LIST_POISON,
          "");
    free_list_free(&list, a);
    check("a_double_free_is_reported_with_the_block_size",
          errors.count == 1 && errors.kind == FREE_LIST_DOUBLE_FREE &&
          errors.pointer == (uintptr_t)a && errors.size == 24 && verified(), "");
    free_list_free(&list, b);     /* b merges with a's block and the rest */
    free_list_free(&list, b);
    check("a_double_free_of_a_merged_block_is_still_reported",
          errors.count == 2 && errors.kind == FREE_LIST_DOUBLE_FREE && errors.size == 40 &&
          verified(), "");
    uint8_t *c = free_list_alloc(&list, 64, 1);
    free_list_free(&list, c + 16);
    int inside = errors.count == 3 && errors.kind == FREE_LIST_BAD_FREE;
    int on_stack;
    free_list_free(&list, &on_stack);
    int outside = errors.count == 4 && errors.kind == FREE_LIST_BAD_FREE;
    free_list_free(&list, c + 1);
    check("frees_of_pointers_never_handed_out_are_reported",
          inside && outside && errors.count == 5 && errors.kind == FREE_LIST_BAD_FREE &&
          verified(), "");
    /* Data that looks like a header (a copy of a real one) but for the magic. */
    uint8_t *d = free_list_alloc(&list, 128, 1);
    struct free_list_block forged = *(struct free_list_block *)(d - FREE_LIST_HEADER);
    forged.magic ^= 1;
    memcpy(d + FREE_LIST_ALIGN, &forged, sizeof(forged));
    free_list_free(&list, d + FREE_LIST_ALIGN + FREE_LIST_HEADER);
    check("a_header_without_the_magic_is_not_taken_for_a_block",
          errors.count == 6 && errors.kind == FREE_LIST_BAD_FREE && verified(), "");
    free_list_free(&list, d);
    errors.count = 5;
    c[64] = 'X';  /* one byte past the end */
    free_list_free(&list, c);
    check("an_overrun_is_reported_and_the_block_kept",
          errors.count == 6 && errors.kind == FREE_LIST_OVERRUN && errors.size == 64 &&
          list.blocks_in_use == 1, "");
    check("realloc_checks_too", free_list_realloc(&list, c, 128) == NULL && errors.count == 7,
          "");
    c[64] = FREE_LIST_CANARY;
    free_list_free(&list, c);
    check("with_the_canary_mended_it_frees", errors.count == 7 && verified() &&
          list.blocks_in_use == 0, "");
}

/* The random run's record of a live block: where, how big, and its fill pattern. */
struct live {
    uint8_t *pointer;
    size_t size;
    uint8_t pattern;
};

static uint64_t random_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void)
{
    random_state ^= random_state << 13;   /* xorshift64 */
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}

static void fill(struct live *block)
{
    for (size_t i = 0; i < block->size; i++) {
        block->pointer[i] = (uint8_t)(block->pattern + i);
    }
}

static int intact(const struct live *block)
{
    for (size_t i = 0; i < block->size; i++) {
        if (block->pointer[i] != (uint8_t)(block->pattern + i)) {
            return 0;
        }
    }
    return 1;
}

static int overlaps(const struct live *blocks, int count, const struct live *block)
{
    for (int i = 0; i < count; i++) {
        if (&blocks[i] != block && blocks[i].pointer < block->pointer + block->size &&
            block->pointer < blocks[i].pointer + blocks[i].size) {
            return 1;
        }
    }
    return 0;
}

static void test_random_run(void)
{
    start_over(true);
    static struct live blocks[LIVE_MAX];
    int count = 0, bad_contents = 0, overlap = 0, refused = 0, inconsistent = 0;
    for (int step = 0; step < RANDOM_STEPS; step++) {
        uint64_t r = next_random();
        int op = (int)(r % 10);     /* 4 in 10 allocate, 3 free, 3 reallocate */
        size_t size = 1 + (size_t)((r >> 8) % RANDOM_SIZE);
        if (op < 4 && count < LIVE_MAX) {
            size_t align = (size_t)1 << ((r >> 24) % 13);
            struct live block = {free_list_alloc(&list, size, align), size, (uint8_t)(r >> 32)};
            if (!block.pointer) {
                refused++;
                continue;
            }
            overlap += overlaps(blocks, count, &block);
            fill(&block);
            blocks[count++] = block;
        } else if (op < 7 && count > 0) {
            int i = (int)((r >> 40) % (uint64_t)count);
            bad_contents += !intact(&blocks[i]);
            free_list_free(&list, blocks[i].pointer);
            blocks[i] = blocks[--count];
        } else if (count > 0) {
            int i = (int)((r >> 40) % (uint64_t)count);
            bad_contents += !intact(&blocks[i]);
            uint8_t *moved = free_list_realloc(&list, blocks[i].pointer, size);
            if (!moved) {
                refused++;
                continue;
            }
            size_t kept = size < blocks[i].size ? size : blocks[i].size;
            struct live check_kept = {moved, kept, blocks[i].pattern};
            bad_contents += !intact(&check_kept);
            blocks[i] = (struct live){moved, size, blocks[i].pattern};
            overlap += overlaps(blocks, count, &blocks[i]);
            fill(&blocks[i]);
        }
        if (step % FULL_CHECK_EVERY == 0) {
            for (int i = 0; i < count; i++) {
                bad_contents += !intact(&blocks[i]);
            }
            inconsistent += !verified();
        }
    }
    printf("    random run: %d steps, %d blocks live at the end, region %zu KiB, %d refused\n",
           RANDOM_STEPS, count, region_size / KIB, refused);
    check_number("random_run_every_block_keeps_its_contents", (unsigned)bad_contents, 0);
    check_number("random_run_no_two_live_blocks_overlap", (unsigned)overlap, 0);
    check_number("random_run_the_blocks_and_the_free_list_agree", (unsigned)inconsistent, 0);
    check_number("random_run_no_error_reported", (unsigned)errors.count, 0);
    while (count > 0) {
        free_list_free(&list, blocks[--count].pointer);
    }
    check("random_run_freed_it_is_one_block_again",
          verified() && list.bytes_in_use == 0 && list.free && !list.free->next, "");
}

static void test_without_checks(void)
{
    start_over(false);
    uint8_t *a = free_list_alloc(&list, 16, 1);
    uint8_t *b = free_list_alloc(&list, 16, 1);
    check_number("without_checks_blocks_have_no_canary", (uintptr_t)(b - a), 48);
    free_list_free(&list, a);
    free_list_free(&list, a);
    check("without_checks_a_double_free_is_still_reported",
          errors.count == 1 && errors.kind == FREE_LIST_DOUBLE_FREE, "");
    free_list_free(&list, b);
    check("without_checks_it_frees_back_to_one_block", verified() && list.free &&
          !list.free->next, "");
}

int main(void)
{
    buffer = aligned_alloc(FREE_LIST_ALIGN_MAX, REGION_MAX);
    test_alignments();
    test_realloc();
    test_growth();
    test_catchers();
    test_random_run();
    test_without_checks();
    free(buffer);
    return check_summary();
}
