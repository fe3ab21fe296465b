/* backtrace_test.c: the frame-pointer walk names the calls that led here, in order,
   and a corrupt frame pointer ends the walk instead of faulting; the report names the
   caller of a function that never returns, and the code of gcc's clones. */
#include <stdint.h>
#include <stdnoreturn.h>

#include "debug/backtrace.h"
#include "debug/report.h"
#include "debug/symbols.h"
#include "lib/string.h"
#include "capture.h"
#include "test/jump.h"
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

/* gcc moves the unlikely part of a function into a function of its own, named after
   it (with_a_cold_part.cold; a clone for a constant argument is name.constprop.0, a
   split-off body name.part.0); clang keeps the function whole. The moved bytes must
   have a name in the kernel's table either way. */
static volatile int cold_calls;

static __attribute__((cold, noinline)) void rarely_called(void)
{
    cold_calls++;
}

static __attribute__((noinline)) uintptr_t with_a_cold_part(int unlikely)
{
    if (__builtin_expect(unlikely, 0)) {
        uintptr_t rip;
        rarely_called();
        __asm__ volatile("lea 0(%%rip), %0" : "=r"(rip));
        return rip;
    }
    return 0;
}

TEST(code_gcc_moved_out_of_a_function_has_that_functions_name)
{
    uintptr_t inside = with_a_cold_part(1);
    const struct kernel_symbol *symbol = symbol_lookup(inside);
    TEST_ASSERT(symbol != NULL);
    size_t length = strlen("with_a_cold_part");
    TEST_ASSERT(memcmp(symbol->name, "with_a_cold_part", length) == 0);
    TEST_ASSERT(symbol->name[length] == '\0' || symbol->name[length] == '.');
}

/* Whether the line of text that starts at line holds word. */
static bool line_holds(const char *line, const char *word)
{
    size_t length = strlen(word);
    for (; *line != '\0' && *line != '\n'; line++) {
        if (memcmp(line, word, length) == 0) {
            return true;
        }
    }
    return false;
}

static struct test_jump_buffer after_the_backtrace;

/* Reports the backtrace from its own frame and jumps back into the test: it never
   returns, so the call to it is its caller's last instruction, and the return address
   the first byte after that caller (padding, or the next function). */
static noreturn __attribute__((noinline)) void report_and_jump_back(void)
{
    report_backtrace(test_capture, 0, (uintptr_t)__builtin_frame_address(0));
    test_longjmp(&after_the_backtrace, 1);
}

static __attribute__((noinline)) void ends_with_a_call_that_never_returns(void)
{
    report_and_jump_back();
}

TEST(backtrace_names_the_caller_of_a_function_that_never_returns)
{
    test_capture_start();
    if (test_setjmp(&after_the_backtrace) == 0) {
        ends_with_a_call_that_never_returns();
    }
    const char *report = test_captured();
    const char *first_frame = report;
    while (*first_frame != '\0' && *first_frame++ != '\n') {
    }
    if (!line_holds(first_frame, "  ends_with_a_call_that_never_returns+")) {
        test_fail(__FILE__, __LINE__, "the first frame is not the caller:\n%s", report);
    }
}
