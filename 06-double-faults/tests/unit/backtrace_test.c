/* backtrace_test.c: the frame-pointer walk names the calls that led here, in order,
   and a corrupt frame pointer ends the walk instead of faulting. */
#include <stdint.h>

#include "debug/backtrace.h"
#include "debug/report.h"
#include "debug/symbols.h"
#include "test/test.h"

extern char boot_stack_bottom[], boot_stack_top[];

struct trace {
    uintptr_t addresses[BACKTRACE_MAX_FRAMES];
    size_t count;
};

/* noinline, and an empty asm after each call so that no call becomes a jump: each
   function must keep its own frame for the walk to find. */
static __attribute__((noinline)) void innermost(struct trace *trace)
{
    trace->count = report_collect_backtrace((uintptr_t)__builtin_frame_address(0),
                                            trace->addresses, BACKTRACE_MAX_FRAMES);
    __asm__ volatile("" ::: "memory");
}

static __attribute__((noinline)) void middle(struct trace *trace)
{
    innermost(trace);
    __asm__ volatile("" ::: "memory");
}

static __attribute__((noinline)) void outer(struct trace *trace)
{
    middle(trace);
    __asm__ volatile("" ::: "memory");
}

static const char *function_at(uintptr_t return_address)
{
    const struct kernel_symbol *symbol = symbol_lookup(return_address - 1);
    return symbol ? symbol->name : "?";
}

TEST(backtrace_names_the_callers_in_order)
{
    struct trace trace;
    outer(&trace);
    TEST_ASSERT(trace.count >= 5);
    TEST_ASSERT_STR_EQ(function_at(trace.addresses[0]), "middle");
    TEST_ASSERT_STR_EQ(function_at(trace.addresses[1]), "outer");
    TEST_ASSERT_STR_EQ(function_at(trace.addresses[2]),
                       "test_body_backtrace_names_the_callers_in_order");
    /* ...then the runner, and at the end of the chain the boot code. */
    TEST_ASSERT_STR_EQ(function_at(trace.addresses[trace.count - 1]), "long_mode_start");
}

TEST(backtrace_survives_bad_frame_pointers)
{
    uintptr_t addresses[BACKTRACE_MAX_FRAMES];
    const uintptr_t bad[] = {
        0, 0xDEADBEEF, 0x8000000000000000ull, (uintptr_t)boot_stack_bottom - 16,
        (uintptr_t)boot_stack_top, (uintptr_t)boot_stack_bottom + 3,
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        TEST_ASSERT_EQ(report_collect_backtrace(bad[i], addresses, BACKTRACE_MAX_FRAMES), 0);
    }
}

TEST(backtrace_stops_at_a_frame_that_points_at_itself)
{
    uintptr_t frame[2];
    frame[0] = (uintptr_t)frame;    /* a loop: the caller's frame is this frame */
    frame[1] = 0x100000;
    uintptr_t addresses[BACKTRACE_MAX_FRAMES];
    TEST_ASSERT_EQ(report_collect_backtrace((uintptr_t)frame, addresses, BACKTRACE_MAX_FRAMES),
                   1);
}

TEST(kernel_symbol_table_names_functions)
{
    const struct kernel_symbol *symbol = symbol_lookup((uintptr_t)symbol_find + 3);
    TEST_ASSERT(symbol != NULL);
    TEST_ASSERT_STR_EQ(symbol->name, "symbol_find");
    TEST_ASSERT_EQ(symbol->address, (uintptr_t)symbol_find);
    TEST_ASSERT(symbol_lookup((uintptr_t)boot_stack_top) == NULL);  /* data, not code */
}
