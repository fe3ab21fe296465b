/* symbols_test.c: looking addresses up in a symbol table, and walking frame-pointer
   chains through a stack made up for the test, on the host. */
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "debug/backtrace.h"
#include "debug/symbols.h"

static const struct kernel_symbol table[] = {
    {0x1000, 0x10, "first"},
    {0x1010, 0x20, "second"},
    {0x1040, 0x8, "after_a_gap"},   /* 0x1030-0x103f belongs to nobody */
};
#define COUNT (sizeof(table) / sizeof(table[0]))

static const char *name_at(uintptr_t address)
{
    const struct kernel_symbol *symbol = symbol_find(table, COUNT, address);
    return symbol ? symbol->name : "(none)";
}

static void test_symbols(void)
{
    check_string("start_of_first", name_at(0x1000), "first");
    check_string("last_byte_of_first", name_at(0x100F), "first");
    check_string("start_of_second", name_at(0x1010), "second");
    check_string("inside_second", name_at(0x101C), "second");
    check_string("in_the_gap", name_at(0x1030), "(none)");
    check_string("last_symbol", name_at(0x1047), "after_a_gap");
    check_string("past_the_end", name_at(0x1048), "(none)");
    check_string("below_the_first", name_at(0xFFF), "(none)");
    check_string("empty_table", symbol_find(table, 0, 0x1000) ? "found" : "(none)", "(none)");
}

static void test_backtrace(void)
{
    /* A stack of three frames, each [caller's rbp, return address], the outermost
       ending in a zero frame, as boot/long_mode.asm leaves it. */
    uintptr_t stack[16] = {0};
    uintptr_t low = (uintptr_t)stack, high = (uintptr_t)(stack + 16);
    stack[2] = (uintptr_t)&stack[6];  stack[3] = 0xA1;
    stack[6] = (uintptr_t)&stack[10]; stack[7] = 0xA2;
    stack[10] = (uintptr_t)&stack[14]; stack[11] = 0xA3;
    stack[14] = 0;                    stack[15] = 0;    /* the zero frame */
    uintptr_t found[BACKTRACE_MAX_FRAMES];
    size_t count = backtrace_walk((uintptr_t)&stack[2], low, high, found, BACKTRACE_MAX_FRAMES);
    check_number("walks_three_frames", count, 3);
    check_number("innermost_first", found[0], 0xA1);
    check_number("outermost_last", found[2], 0xA3);
    check_number("stops_at_max", backtrace_walk((uintptr_t)&stack[2], low, high, found, 2), 2);
    check_number("outside_the_stack_reads_nothing",
                 backtrace_walk(high, low, high, found, BACKTRACE_MAX_FRAMES), 0);
    check_number("misaligned_reads_nothing",
                 backtrace_walk((uintptr_t)&stack[2] + 4, low, high, found, BACKTRACE_MAX_FRAMES), 0);
    stack[6] = (uintptr_t)&stack[2];    /* a frame that points back down: a loop */
    check_number("frame_pointing_down_ends_the_walk",
                 backtrace_walk((uintptr_t)&stack[2], low, high, found, BACKTRACE_MAX_FRAMES), 2);
    stack[6] = high + 64;               /* a frame pointing out of the stack */
    check_number("frame_pointing_outside_ends_the_walk",
                 backtrace_walk((uintptr_t)&stack[2], low, high, found, BACKTRACE_MAX_FRAMES), 2);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_symbols();
    test_backtrace();
    return check_summary();
}
