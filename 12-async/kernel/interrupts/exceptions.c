/* exceptions.c: the breakpoint handler, and the report for every exception that has no
   handler. */
#include "interrupts/exceptions.h"

#include "console/vga.h"
#include "cpu/x86.h"
#include "debug/panic.h"
#include "debug/report.h"
#include "interrupts/exception_info.h"
#include "interrupts/interrupts.h"
#ifdef KERNEL_TEST
#include "test/test.h"
#endif

static uint64_t breakpoints;
static struct trap_frame last_breakpoint;
static struct handler_entry last_entry;

/* int3 is a trap: the saved RIP is already past it, so returning continues with the
   next instruction. A debugger would take over here; we print where we were. */
static void breakpoint_handler(struct trap_frame *frame)
{
    last_entry = (struct handler_entry){    /* first, before any C code changes them */
        .direction_flag = (read_rflags() & RFLAGS_DIRECTION) != 0,
        .frame_address = (uintptr_t)__builtin_frame_address(0),
        .in_interrupt = in_interrupt(),
    };
    breakpoints++;
    last_breakpoint = *frame;
    vga_set_colour(VGA_YELLOW, VGA_BLACK);
    report_printf("breakpoint (#BP, vector 3): the trap frame, then back to the code\n");
    vga_set_colour(VGA_DEFAULT_FOREGROUND, VGA_DEFAULT_BACKGROUND);
    report_trap_frame(report_printf, frame);
}

void exceptions_init(void)
{
    interrupts_set_handler(EXCEPTION_BREAKPOINT, breakpoint_handler);
}

void exception_fatal(struct trap_frame *frame)
{
#ifdef KERNEL_TEST
    if (test_fault_caught(frame)) {
        return;     /* a test_expect_fault was waiting for it */
    }
#endif
    if (!panic_begin()) {
        report_printf("PANIC while panicking: %s (vector %lu) at %#lx\n",
                      exception_name(frame->vector), frame->vector, frame->rip);
        panic_stop();
    }
#ifdef KERNEL_TEST
    if (test_exception(frame)) {
        return;     /* the runner took it as the running test's failure */
    }
#endif
    vga_set_colour(VGA_WHITE, VGA_RED);
    report_exception(report_printf, frame);
    report_held_locks(report_printf);
    report_backtrace(report_printf, frame->rip, frame->rbp);
    panic_stop();
}

uint64_t breakpoint_count(void)
{
    return breakpoints;
}

struct trap_frame breakpoint_last_frame(void)
{
    return last_breakpoint;
}

struct handler_entry breakpoint_last_entry(void)
{
    return last_entry;
}
