/* bench.c: the allocator benchmark in the kernel: each allocator (over an arena of
   its own, taken from the heap once) runs each trace of tests/bench/traces.h, timed
   with rdtsc, and prints one line per pair: cycles per operation (min, median, max
   over the runs) and fragmentation (peak region over peak live bytes). In `check`
   each trace runs once at a tiny scale, so a broken benchmark fails; `make bench`
   builds it with BENCH_FULL. Speed never fails it. After the arena is taken the heap
   is not used again: one of the allocators measured is the heap's own.
   harness: timeout=60 */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/serial.h"
#include "init.h"
#include "memory/allocator/allocator.h"
#include "memory/heap.h"
#include "memory/layout.h"
#include "test/test.h"
#include "../tests/bench/traces.h"

#ifdef BENCH_FULL
#define SCALE 64        /* rounds (or BENCH_LIVE-step blocks) per trace */
#define RUNS  7
#else
#define SCALE 2
#define RUNS  1
#endif
#define ARENA_SIZE    (16 * 1024 * 1024ul)
#include "../tests/bench/arena.h"

static const struct bench_allocator adapter = {"kernel", bench_alloc, bench_free, bench_realloc};

static void sort(uint64_t *values, int count)
{
    for (int i = 1; i < count; i++) {
        for (int j = i; j > 0 && values[j - 1] > values[j]; j--) {
            uint64_t t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
        }
    }
}

static void measure(const struct allocator_ops *allocator, const struct bench_trace *trace)
{
    uint64_t per_op[RUNS], ops = 0;
    size_t peak_live = 0, footprint = 0;
    current = allocator;
    nulls = errors = 0;
    for (int run = 0; run < RUNS; run++) {
        region_size = REGION_START;
        allocator->init(arena, region_size, grow, count_error, false);
        peak_live = 0;
        uint64_t start = rdtsc();
        ops = trace->run(&adapter, SCALE, &peak_live);
        per_op[run] = (rdtsc() - start) / (ops ? ops : 1);
        footprint = region_size;
        TEST_ASSERT(allocator->verify() == NULL);
        TEST_ASSERT_EQ(allocator->blocks_in_use(), 0);
    }
    sort(per_op, RUNS);
    uint64_t frag = footprint * 100 / (peak_live ? peak_live : 1);
    serial_printf("bench kernel %-11s %-12s ops=%lu cycles_per_op min=%lu median=%lu "
                  "max=%lu footprint=%zu peak_live=%zu frag=%lu.%02lu nulls=%lu\n",
                  allocator->name, trace->name, (unsigned long)ops,
                  (unsigned long)per_op[0], (unsigned long)per_op[RUNS / 2],
                  (unsigned long)per_op[RUNS - 1], footprint, peak_live,
                  (unsigned long)(frag / 100), (unsigned long)(frag % 100),
                  (unsigned long)nulls);
    TEST_ASSERT_EQ(errors, 0);
}

TEST(every_allocator_runs_every_trace)
{
    static const struct allocator_ops *const allocators[] = {
        &bump_allocator, &linked_list_allocator, &fixed_block_allocator};
    for (unsigned a = 0; a < 3; a++) {
        for (unsigned t = 0; t < BENCH_TRACES; t++) {
            measure(allocators[a], &bench_traces[t]);
        }
    }
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    arena = kmalloc_aligned(ARENA_SIZE, PAGE_SIZE);
    if (!arena) {
        serial_printf("bench: no arena of %lu MiB\n", ARENA_SIZE >> 20);
    }
    serial_printf("bench: scale %d, %d runs, the heap's allocator is %s\n", SCALE, RUNS,
                  heap_allocator_name());
    test_main();
}
