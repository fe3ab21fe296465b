/* allocator_bench.c: the traces of tests/bench/traces.h on the host, for the three
   allocators and for glibc's malloc, side by side: cycles per operation (rdtsc; min,
   median, max over the runs), each allocator's median over glibc's, and fragmentation.
   As a host test (in `check`, with sanitizers) it runs each trace once at a tiny scale
   and checks only that everything was freed; `make bench` builds it with -O2 and no
   sanitizers and runs it with --full. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "memory/allocator/allocator.h"
#include "../bench/traces.h"

#define ARENA_SIZE   (64 * 1024 * 1024ul)
#define FULL_SCALE   64
#define FULL_RUNS    7
#define RUNS_MAX     FULL_RUNS
#include "../bench/arena.h"

/* glibc: 16-byte requests are malloc's own alignment, so plain malloc. */
static void *glibc_alloc(size_t size, size_t align)
{
    return align <= 16 ? malloc(size) : aligned_alloc(align, (size + align - 1) / align * align);
}

static const struct bench_allocator ours = {"ours", bench_alloc, bench_free, bench_realloc};
static const struct bench_allocator glibc = {"glibc", glibc_alloc, free, realloc};

static int compare(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

struct timing { uint64_t min, median, max, ops; size_t footprint, peak_live; };

/* runs runs of trace on allocator (NULL: glibc). */
static struct timing measure(const struct allocator_ops *allocator,
                             const struct bench_trace *trace, unsigned scale, int runs)
{
    uint64_t per_op[RUNS_MAX];
    struct timing t = {0};
    nulls = 0;
    for (int run = 0; run < runs; run++) {
        if (allocator) {
            current = allocator;
            region_size = REGION_START;
            allocator->init(arena, region_size, grow, count_error, false);
        }
        t.peak_live = 0;
        uint64_t start = __builtin_ia32_rdtsc();
        t.ops = trace->run(allocator ? &ours : &glibc, scale, &t.peak_live);
        per_op[run] = (__builtin_ia32_rdtsc() - start) / (t.ops ? t.ops : 1);
        t.footprint = allocator ? region_size : 0;
        if (allocator && (allocator->blocks_in_use() != 0 || allocator->verify())) {
            errors++;
        }
    }
    qsort(per_op, (size_t)runs, sizeof(*per_op), compare);
    t.min = per_op[0];
    t.median = per_op[runs / 2];
    t.max = per_op[runs - 1];
    return t;
}

int main(int argc, char **argv)
{
    bool full = argc > 1 && strcmp(argv[1], "--full") == 0;
    unsigned scale = full ? FULL_SCALE : 2;
    int runs = full ? FULL_RUNS : 1;
    arena = aligned_alloc(4096, ARENA_SIZE);
    static const struct allocator_ops *const allocators[] = {
        &bump_allocator, &linked_list_allocator, &fixed_block_allocator};
    printf("bench host scale=%u runs=%d (cycles per operation, rdtsc)\n", scale, runs);
    for (unsigned i = 0; i < BENCH_TRACES; i++) {
        const struct bench_trace *trace = &bench_traces[i];
        struct timing g = measure(NULL, trace, scale, runs);
        printf("bench host %-11s %-12s ops=%lu cycles_per_op min=%lu median=%lu max=%lu "
               "ratio_to_glibc=1.00\n", "glibc", trace->name, (unsigned long)g.ops,
               (unsigned long)g.min, (unsigned long)g.median, (unsigned long)g.max);
        for (int a = 0; a < 3; a++) {
            struct timing t = measure(allocators[a], trace, scale, runs);
            printf("bench host %-11s %-12s ops=%lu cycles_per_op min=%lu median=%lu max=%lu "
                   "ratio_to_glibc=%.2f footprint=%zu peak_live=%zu frag=%.2f nulls=%lu\n",
                   allocators[a]->name, trace->name, (unsigned long)t.ops,
                   (unsigned long)t.min, (unsigned long)t.median, (unsigned long)t.max,
                   (double)t.median / (double)(g.median ? g.median : 1), t.footprint,
                   t.peak_live, (double)t.footprint / (double)(t.peak_live ? t.peak_live : 1),
                   nulls);
        }
    }
    free(arena);
    check("every_trace_ran_on_every_allocator_with_everything_freed", errors == 0, "");
    return check_summary();
}
