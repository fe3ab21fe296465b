/* bench.c: the executor benchmark, then the allocator benchmark, in the kernel.
   Executor: cycles for a wake -> poll round trip, and polls per second with 1, 10,
   100 and 1000 tasks that each yield (wake themselves) until done; rdtsc times them
   and the PIT's ticks say how many cycles a second is. Min, median and max over the
   runs; under TCG the numbers are the emulator's, indicative only.
   Allocators: each allocator (over an arena of
   its own, taken from the heap once) runs each trace of tests/bench/traces.h, timed
   with rdtsc, and prints one line per pair: cycles per operation (min, median, max
   over the runs) and fragmentation (peak region over peak live bytes). In `check`
   each trace runs once at a tiny scale, so a broken benchmark fails; `make bench`
   builds it with BENCH_FULL. Speed never fails it. After the arena is taken the heap
   is not used again: one of the allocators measured is the heap's own.
   harness: timeout=60 */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"
#include "lib/format.h"
#include "memory/allocator/allocator.h"
#include "memory/heap.h"
#include "memory/layout.h"
#include "task/async.h"
#include "task/executor.h"
#include "test/test.h"
#include "../tests/bench/traces.h"

#ifdef BENCH_FULL
#define SCALE 64        /* rounds (or BENCH_LIVE-step blocks) per trace */
#define RUNS  7
#define POLLS_PER_RUN   200000  /* polls per executor run, spread over its tasks */
#define ROUND_TRIPS     1000
#define CALIBRATE_TICKS 50      /* half a second of PIT ticks to count cycles in */
#else
#define SCALE 2
#define RUNS  1
#define POLLS_PER_RUN   2000
#define ROUND_TRIPS     10
#define CALIBRATE_TICKS 5
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

/* --- the executor ------------------------------------------------------------------ */
static struct executor executor;

/* Yields until its count runs out: each poll wakes it again, so the ready queue goes
   round all the tasks. */
struct yielder {
    int resume;
    uint64_t left;
};

static enum poll_result yielder_poll(void *state, struct context *cx)
{
    struct yielder *y = state;
    ASYNC_BEGIN(y);
    while (y->left-- > 0) {
        ASYNC_YIELD(y, cx);
    }
    ASYNC_END(y);
}

/* Pending for ever: keeps the waker the benchmark wakes it with. */
static struct waker pinged_waker;
static uint64_t pings;

static enum poll_result pinged_poll(void *state, struct context *cx)
{
    (void)state;
    pinged_waker = *cx->waker;
    pings++;
    return POLL_PENDING;
}

/* rdtsc cycles per PIT second: counted over CALIBRATE_TICKS ticks. */
static uint64_t cycles_per_second(void)
{
    uint64_t tick = pit_ticks();
    while (pit_ticks() == tick) {
        hlt();
    }
    uint64_t start = rdtsc();
    tick = pit_ticks();
    while (pit_ticks() - tick < CALIBRATE_TICKS) {
        hlt();
    }
    return (rdtsc() - start) * pit_frequency() / CALIBRATE_TICKS;
}

static void print_spread(const char *what, uint64_t *values, const char *unit)
{
    sort(values, RUNS);
    serial_printf("bench kernel executor %-14s %s min=%lu median=%lu max=%lu\n", what, unit,
                  (unsigned long)values[0], (unsigned long)values[RUNS / 2],
                  (unsigned long)values[RUNS - 1]);
}

TEST(executor_wake_to_poll_round_trip)
{
    uint64_t per_trip[RUNS];
    executor_init(&executor);
    struct task *task = task_new("pinged", pinged_poll, 0);
    TEST_ASSERT(executor_spawn(&executor, task));
    executor_run_ready(&executor);      /* the first poll: it keeps its waker */
    for (int run = 0; run < RUNS; run++) {
        pings = 0;
        uint64_t start = rdtsc();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            waker_wake(&pinged_waker);
            executor_run_ready(&executor);
        }
        per_trip[run] = (rdtsc() - start) / ROUND_TRIPS;
        TEST_ASSERT_EQ(pings, ROUND_TRIPS);
    }
    print_spread("wake_to_poll", per_trip, "cycles");
}

TEST(executor_polls_per_second)
{
    static const unsigned task_counts[] = {1, 10, 100, 1000};
    uint64_t hz = cycles_per_second();
    serial_printf("bench kernel executor tsc_hz=%lu (rdtsc cycles per PIT second)\n",
                  (unsigned long)hz);
    size_t blocks_before = heap_allocation_count();
    for (unsigned c = 0; c < sizeof(task_counts) / sizeof(task_counts[0]); c++) {
        unsigned tasks = task_counts[c];
        uint64_t per_second[RUNS], per_poll[RUNS];
        for (int run = 0; run < RUNS; run++) {
            executor_init(&executor);
            for (unsigned t = 0; t < tasks; t++) {
                struct task *task = task_new("yielder", yielder_poll, sizeof(struct yielder));
                TEST_ASSERT(task != NULL);
                ((struct yielder *)task->future.state)->left = POLLS_PER_RUN / tasks;
                TEST_ASSERT(executor_spawn(&executor, task));
            }
            uint64_t start = rdtsc();
            uint64_t polls = executor_run_ready(&executor);
            uint64_t cycles = rdtsc() - start;
            TEST_ASSERT_EQ(polls, tasks * (POLLS_PER_RUN / tasks + 1));
            TEST_ASSERT_EQ(executor_task_count(&executor), 0);
            per_poll[run] = cycles / polls;
            per_second[run] = polls * hz / (cycles ? cycles : 1);
        }
        char what[32];
        format_buffer(what, sizeof(what), "tasks=%u", tasks);
        sort(per_poll, RUNS);
        sort(per_second, RUNS);
        serial_printf("bench kernel executor %-14s polls_per_s min=%lu median=%lu max=%lu "
                      "cycles_per_poll median=%lu\n", what, (unsigned long)per_second[0],
                      (unsigned long)per_second[RUNS / 2],
                      (unsigned long)per_second[RUNS - 1],
                      (unsigned long)per_poll[RUNS / 2]);
    }
    TEST_ASSERT_EQ(heap_allocation_count(), blocks_before);
}

/* --- the allocators ---------------------------------------------------------------- */
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
