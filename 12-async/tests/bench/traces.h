/* traces.h: the benchmark's four fixed traces, shared by the bench kernel
   (tests/bench.c) and the host benchmark (tests/host/allocator_bench.c): same-size
   small blocks, mixed sizes, long-lived plus short-lived, growing reallocations.
   Each returns its number of operations and records the peak of its live bytes.
   Static functions in a header: two programs include it, each built on its own. */
#ifndef BENCH_TRACES_H
#define BENCH_TRACES_H

#include <stddef.h>
#include <stdint.h>

struct bench_allocator {
    const char *name;
    void *(*alloc)(size_t size, size_t align);
    void (*free)(void *pointer);
    void *(*realloc)(void *pointer, size_t size);
};

struct bench_trace {
    const char *name;
    uint64_t (*run)(const struct bench_allocator *a, unsigned scale, size_t *peak_live);
};

#define BENCH_LIVE     128      /* blocks a trace holds at once */
#define BENCH_SMALL    32       /* the same-size trace's blocks */
#define BENCH_MIXED_MAX 4096    /* the mixed trace's largest request */
#define BENCH_LONG_EVERY 16     /* long-lived blocks: one per this many short ones */
#define BENCH_GROW_STEP 64      /* the realloc trace's growth per call */
#define BENCH_GROW_MAX 8192

static uint64_t bench_random;

static uint32_t bench_next(void)   /* xorshift64: the same trace in every program */
{
    bench_random ^= bench_random << 13;
    bench_random ^= bench_random >> 7;
    bench_random ^= bench_random << 17;
    return (uint32_t)bench_random;
}

static void bench_live(size_t *live, size_t *peak, size_t add, size_t remove)
{
    *live = *live + add - remove;
    *peak = *live > *peak ? *live : *peak;
}

/* scale rounds of: BENCH_LIVE blocks of BENCH_SMALL bytes, then all freed. */
static uint64_t trace_same_small(const struct bench_allocator *a, unsigned scale, size_t *peak)
{
    void *blocks[BENCH_LIVE];
    size_t live = 0;
    for (unsigned round = 0; round < scale; round++) {
        for (int i = 0; i < BENCH_LIVE; i++) {
            blocks[i] = a->alloc(BENCH_SMALL, 16);
            bench_live(&live, peak, BENCH_SMALL, 0);
        }
        for (int i = 0; i < BENCH_LIVE; i++) {
            a->free(blocks[i]);
            bench_live(&live, peak, 0, BENCH_SMALL);
        }
    }
    return (uint64_t)scale * 2 * BENCH_LIVE;
}

/* A ring of BENCH_LIVE slots, each step replacing a random one with a block of a
   random size from 1 to BENCH_MIXED_MAX (small ones more often). */
static uint64_t trace_mixed(const struct bench_allocator *a, unsigned scale, size_t *peak)
{
    void *blocks[BENCH_LIVE] = {0};
    size_t sizes[BENCH_LIVE] = {0}, live = 0;
    uint64_t ops = 0;
    bench_random = 0x5EEDull;
    for (unsigned step = 0; step < scale * BENCH_LIVE; step++) {
        unsigned slot = bench_next() % BENCH_LIVE;
        uint32_t r = bench_next();
        size_t size = 1 + (r % 4 == 0 ? r / 4 % BENCH_MIXED_MAX : r / 4 % 256);
        if (blocks[slot]) {
            a->free(blocks[slot]);
            bench_live(&live, peak, 0, sizes[slot]);
            ops++;
        }
        blocks[slot] = a->alloc(size, 16);
        sizes[slot] = size;
        bench_live(&live, peak, size, 0);
        ops++;
    }
    for (int i = 0; i < BENCH_LIVE; i++) {
        if (blocks[i]) {
            a->free(blocks[i]);
            ops++;
        }
    }
    return ops;
}

/* Short-lived 64-byte blocks, each freed at once, with a long-lived 256-byte block
   kept every BENCH_LONG_EVERY of them (BENCH_LIVE at most, the oldest then freed). */
static uint64_t trace_long_short(const struct bench_allocator *a, unsigned scale, size_t *peak)
{
    void *kept[BENCH_LIVE] = {0};
    size_t live = 0;
    uint64_t ops = 0;
    unsigned next = 0;
    for (unsigned step = 0; step < scale * BENCH_LIVE; step++) {
        void *p = a->alloc(64, 16);
        bench_live(&live, peak, 64, 0);
        a->free(p);
        bench_live(&live, peak, 0, 64);
        ops += 2;
        if (step % BENCH_LONG_EVERY == 0) {
            if (kept[next]) {
                a->free(kept[next]);
                bench_live(&live, peak, 0, 256);
                ops++;
            }
            kept[next] = a->alloc(256, 16);
            bench_live(&live, peak, 256, 0);
            next = (next + 1) % BENCH_LIVE;
            ops++;
        }
    }
    for (int i = 0; i < BENCH_LIVE; i++) {
        if (kept[i]) {
            a->free(kept[i]);
            ops++;
        }
    }
    return ops;
}

/* A buffer grown by BENCH_GROW_STEP bytes per realloc up to BENCH_GROW_MAX, beside a
   second one growing the same way (so that neither is always the last block), then
   both freed. */
static uint64_t trace_realloc_grow(const struct bench_allocator *a, unsigned scale,
                                   size_t *peak)
{
    uint64_t ops = 0;
    for (unsigned round = 0; round < scale; round++) {
        void *x = NULL, *y = NULL;
        size_t live = 0;
        for (size_t size = BENCH_GROW_STEP; size <= BENCH_GROW_MAX; size += BENCH_GROW_STEP) {
            x = a->realloc(x, size);
            y = a->realloc(y, size);
            bench_live(&live, peak, 2 * BENCH_GROW_STEP, 0);
            ops += 2;
        }
        a->free(x);
        a->free(y);
        ops += 2;
    }
    return ops;
}

static const struct bench_trace bench_traces[] = {
    {"same_small", trace_same_small},
    {"mixed", trace_mixed},
    {"long_short", trace_long_short},
    {"realloc_grow", trace_realloc_grow},
};
#define BENCH_TRACES (sizeof(bench_traces) / sizeof(bench_traces[0]))

#endif
