/* allocator_stress.c: the three allocators on the host, under ASan and UBSan: a seeded
   run of mixed alloc, aligned alloc, free and realloc for each (STRESS_OPS, default a
   million; `make fuzz` runs more), every block's contents checked at its free and
   realloc, live blocks checked for overlap and the allocator verified at intervals;
   then the new tests of chapter 11: three neighbours freed in every order merge into
   one block, aligned blocks leave no padding behind, and the class lists reuse. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "memory/allocator/allocator.h"

#define KIB            1024
#define REGION_MAX     (32 * 1024 * KIB)   /* the buffer a region may grow into */
#define REGION_START   (256 * KIB)
#define GROW_CHUNK     (64 * KIB)
#define STRESS_OPS     1000000
#define LIVE_MAX       256                 /* blocks the run holds at most */
#define SIZE_MAX_BIG   8192
#define CHECK_EVERY    20000               /* ops between overlap checks and verify */
#define SEED           0x11A110Cull

static uint8_t *buffer;
static size_t region_size;
static int errors;
static uint8_t pattern[SIZE_MAX_BIG + 256];    /* a block of tag t holds pattern + t */

static size_t grow(size_t bytes)
{
    size_t chunk = (bytes + GROW_CHUNK - 1) / GROW_CHUNK * GROW_CHUNK;
    if (chunk > REGION_MAX - region_size) {
        return 0;
    }
    region_size += chunk;
    return chunk;
}

static void record_error(enum free_list_error_kind kind, uintptr_t pointer, size_t size)
{
    (void)kind, (void)pointer, (void)size;
    errors++;
}

static void start(const struct allocator_ops *a, bool checks)
{
    region_size = REGION_START;
    errors = 0;
    a->init(buffer, region_size, grow, record_error, checks);
}

static uint64_t rng_state;

static uint64_t next_random(void)    /* xorshift64*: reproducible from SEED */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

struct live { uint8_t *p; size_t size; uint8_t tag; };

static size_t random_size(void)
{
    uint64_t r = next_random() % 100;
    if (r < 60) return 1 + next_random() % 128;
    if (r < 92) return 129 + next_random() % (2048 - 128);
    return 2049 + next_random() % (SIZE_MAX_BIG - 2048);
}

static int compare_live(const void *a, const void *b)
{
    const struct live *x = a, *y = b;
    return x->p < y->p ? -1 : x->p > y->p;
}

/* Live blocks sorted by address: none may reach into the next. */
static bool no_overlap(struct live *live, size_t count)
{
    struct live sorted[LIVE_MAX];
    memcpy(sorted, live, count * sizeof(*live));
    qsort(sorted, count, sizeof(*sorted), compare_live);
    for (size_t i = 1; i < count; i++) {
        if (sorted[i - 1].p + sorted[i - 1].size > sorted[i].p) {
            return false;
        }
    }
    return true;
}

static void fill(struct live *block)
{
    memcpy(block->p, pattern + block->tag, block->size);
}

static bool intact(const struct live *block, size_t size)
{
    return memcmp(block->p, pattern + block->tag, size) == 0;
}

/* The seeded run for one allocator; prints its ops and time. */
static void stress(const struct allocator_ops *a, long ops)
{
    struct live live[LIVE_MAX];
    size_t count = 0, wrong = 0, overlaps = 0, resets = 0;
    const char *problem = NULL;
    rng_state = SEED;
    start(a, true);
    clock_t began = clock();
    for (long op = 0; op < ops && !problem; op++) {
        uint64_t what = next_random() % 100;
        if (count > 0 && (what < 40 || count == LIVE_MAX)) {           /* free */
            size_t i = next_random() % count;
            wrong += !intact(&live[i], live[i].size);
            a->free(live[i].p);
            live[i] = live[--count];
        } else if (count > 0 && what < 55) {                           /* realloc */
            size_t i = next_random() % count, size = random_size();
            uint8_t *moved = a->realloc(live[i].p, size);
            if (moved) {
                live[i].p = moved;
                size_t kept = size < live[i].size ? size : live[i].size;
                wrong += !intact(&live[i], kept);
                live[i].size = size;
                fill(&live[i]);
            }
        } else {                                                       /* alloc */
            size_t size = random_size();
            size_t align = what % 10 == 0 ? (size_t)1 << (4 + next_random() % 9) : 16;
            uint8_t *p = a->alloc(size, align);
            if (!p) {
                /* Full (the bump allocator, holding LIVE_MAX blocks): free them all. */
                for (size_t i = 0; i < count; i++) {
                    wrong += !intact(&live[i], live[i].size);
                    a->free(live[i].p);
                }
                count = 0;
                resets++;
                continue;
            }
            wrong += (uintptr_t)p % align != 0;
            live[count] = (struct live){p, size, (uint8_t)next_random()};
            fill(&live[count++]);
        }
        if (op % CHECK_EVERY == 0) {
            overlaps += !no_overlap(live, count);
            problem = a->verify();
        }
    }
    for (size_t i = 0; i < count; i++) {
        wrong += !intact(&live[i], live[i].size);
        a->free(live[i].p);
    }
    double seconds = (double)(clock() - began) / CLOCKS_PER_SEC;
    printf("stress %s: %ld ops in %.2f s, %zu full-region resets, region %zu KiB\n",
           a->name, ops, seconds, resets, region_size / KIB);
    char name[96], detail[160];
    snprintf(detail, sizeof(detail), "%zu blocks with wrong contents or alignment, %zu "
             "overlaps, %d errors reported, verify: %s", wrong, overlaps, errors,
             problem ? problem : "ok");
    snprintf(name, sizeof(name), "%s_survives_a_seeded_mixed_run_with_contents_intact", a->name);
    problem = problem ? problem : a->verify();
    check(name, wrong == 0 && overlaps == 0 && errors == 0 && !problem &&
          a->blocks_in_use() == 0, detail);
}

/* Three neighbours freed in each of the 6 orders: one block again, as big as before. */
static void test_merging(const struct allocator_ops *a)
{
    static const int orders[6][3] = {{0,1,2},{0,2,1},{1,0,2},{1,2,0},{2,0,1},{2,1,0}};
    bool ok = true;
    for (int o = 0; o < 6; o++) {
        start(a, true);
        size_t whole = a->largest();
        void *p[3];
        for (int i = 0; i < 3; i++) {
            p[i] = a->alloc(3000, 16);     /* past the classes: list blocks */
        }
        for (int i = 0; i < 3; i++) {
            a->free(p[orders[o][i]]);
        }
        ok &= a->largest() == whole && a->verify() == NULL;
    }
    char name[96];
    snprintf(name, sizeof(name), "%s_three_neighbours_freed_in_every_order_merge_into_one", a->name);
    check(name, ok, "the largest free block after the frees is smaller than before");
}

/* Aligned blocks in a loop, each freed: the region is whole again (no front padding
   lost), and with a long-lived block held, the region does not grow either. */
static void test_padding(const struct allocator_ops *a)
{
    start(a, true);
    size_t whole = a->largest();
    void *keep = a->alloc(100, 16);
    for (int round = 0; round < 2000; round++) {
        void *p = a->alloc(100 + round % 300, (size_t)64 << (round % 7));
        void *q = a->alloc(40, 16);
        a->free(p);
        a->free(q);
    }
    bool stayed = region_size == REGION_START;
    a->free(keep);
    char name[96];
    snprintf(name, sizeof(name), "%s_aligned_blocks_leave_no_padding_behind", a->name);
    check(name, stayed && a->largest() == whole && a->verify() == NULL,
          "the region grew, or after all the frees it is not one block again");
}

/* A freed small block comes back for the next request of its class; two classes do
   not share blocks. */
static void test_classes(void)
{
    const struct allocator_ops *a = &fixed_block_allocator;
    start(a, true);
    void *first = a->alloc(24, 16);
    a->free(first);
    void *again = a->alloc(30, 16);     /* the same class, 32 */
    void *other = a->alloc(60, 16);     /* class 64 */
    check("fixed_block_a_freed_block_is_the_next_of_its_class", first == again && other != again, "");
    void *blocks[100];
    for (int i = 0; i < 100; i++) {
        blocks[i] = a->alloc(100, 16);
    }
    for (int i = 0; i < 100; i++) {
        a->free(blocks[i]);
    }
    bool reused = true;
    for (int i = 99; i >= 0; i--) {
        reused &= a->alloc(120, 16) == blocks[i];   /* LIFO: the last freed first */
    }
    check("fixed_block_class_lists_give_back_their_blocks_last_freed_first", reused &&
          a->verify() == NULL, "");
}

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : STRESS_OPS;
    buffer = aligned_alloc(4096, REGION_MAX);
    for (size_t i = 0; i < sizeof(pattern); i++) {
        pattern[i] = (uint8_t)(i * 131 + 7);
    }
    const struct allocator_ops *all[] = {&bump_allocator, &linked_list_allocator,
                                         &fixed_block_allocator};
    for (int i = 0; i < 3; i++) {
        stress(all[i], ops);
    }
    test_merging(&linked_list_allocator);
    test_merging(&fixed_block_allocator);
    test_padding(&linked_list_allocator);
    test_padding(&fixed_block_allocator);
    test_classes();
    free(buffer);
    return check_summary();
}
