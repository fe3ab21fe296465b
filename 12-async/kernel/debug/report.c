/* report.c: the pieces of a panic or exception report. */
#include "debug/report.h"

#include <stdarg.h>
#include <stdbool.h>

#include "console/print.h"
#include "cpu/spinlock.h"
#include "cpu/stacks.h"
#include "cpu/x86.h"
#include "debug/backtrace.h"
#include "debug/symbols.h"
#include "interrupts/exception_info.h"
#include "interrupts/idt.h"
#include "lib/format.h"
#include "memory/page_fault.h"

#define SYMBOL_TEXT_SIZE 64

int report_vprintf(const char *fmt, va_list args)
{
    return kvprintf(fmt, args);     /* the screen and the serial port */
}

int report_printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int count = report_vprintf(fmt, args);
    va_end(args);
    return count;
}

/* "name+0x1c": address as an offset into the function whose bytes hold `inside`
   (address itself, or the call before a return address), or "?" if none does. */
static void symbol_and_offset(char *buffer, size_t size, uintptr_t address, uintptr_t inside)
{
    const struct kernel_symbol *symbol = symbol_lookup(inside);
    if (symbol) {
        format_buffer(buffer, size, "%s+%#lx", symbol->name,
                      (unsigned long)(address - symbol->address));
    } else {
        format_buffer(buffer, size, "?");
    }
}

void report_trap_frame(report_printer print, const struct trap_frame *frame)
{
    char symbol[SYMBOL_TEXT_SIZE];
    symbol_and_offset(symbol, sizeof(symbol), frame->rip, frame->rip);
    print("RIP 0x%016lx  %s\n", frame->rip, symbol);
    print("CS  0x%04lx  RFLAGS 0x%016lx  RSP 0x%016lx  SS 0x%04lx\n", frame->cs, frame->rflags,
          frame->rsp, frame->ss);
    if (frame->vector == EXCEPTION_PAGE_FAULT) {
        print("CR2 0x%016lx  (the address that faulted)\n", read_cr2());
    }
    const struct {
        const char *name;
        uint64_t value;
    } registers[] = {
        {"RAX", frame->rax}, {"RBX", frame->rbx}, {"RCX", frame->rcx},
        {"RDX", frame->rdx}, {"RSI", frame->rsi}, {"RDI", frame->rdi},
        {"RBP", frame->rbp}, {"R8 ", frame->r8},  {"R9 ", frame->r9},
        {"R10", frame->r10}, {"R11", frame->r11}, {"R12", frame->r12},
        {"R13", frame->r13}, {"R14", frame->r14}, {"R15", frame->r15},
    };
    for (size_t i = 0; i < sizeof(registers) / sizeof(registers[0]); i++) {
        print("%s 0x%016lx%s", registers[i].name, registers[i].value, i % 3 == 2 ? "\n" : "  ");
    }
}

/* How far above its guard page the saved RSP of an overflowed stack may be: the
   instruction that ran into the guard (a call, a push) started from there. */
#define OVERFLOW_RSP_SLACK 256

/* Whether rsp is in stack's guard page or just above it. */
static bool rsp_near_guard(uintptr_t rsp, const struct kernel_stack *stack)
{
    return rsp >= (uintptr_t)stack->guard &&
           rsp < (uintptr_t)stack->bottom + OVERFLOW_RSP_SLACK;
}

/* A fault on a guard page is a stack that overflowed: CR2 holds the address for a page
   fault, and still does for the double fault that follows when the CPU cannot push the
   page fault's frame; the saved RSP points into the guard page too, or just above it.
   A double fault for another reason finds in CR2 whatever page fault came last (one a
   test caught on a guard page, say): for it, CR2 counts only with the RSP to match. */
static void report_stack_overflow(report_printer print, const struct trap_frame *frame)
{
    uintptr_t address = 0;
    if (frame->vector == EXCEPTION_PAGE_FAULT || frame->vector == EXCEPTION_DOUBLE_FAULT) {
        address = read_cr2();
    }
    const struct kernel_stack *stack = stack_guard_containing(address);
    if (stack && frame->vector == EXCEPTION_DOUBLE_FAULT &&
        !rsp_near_guard(frame->rsp, stack)) {
        stack = NULL;
    }
    if (!stack) {
        address = frame->rsp;
        stack = stack_guard_containing(address);
    }
    if (stack) {
        print("kernel stack overflow: the %s ran into its guard page at %#lx\n",
              stack->name, address);
    }
}

void report_exception(report_printer print, const struct trap_frame *frame)
{
    if (frame->vector < EXCEPTION_VECTORS) {
        const char *mnemonic = exception_mnemonic(frame->vector);
        print("EXCEPTION: %s%s%s%s, vector %lu\n", exception_name(frame->vector),
              *mnemonic ? " (" : "", mnemonic, *mnemonic ? ")" : "", frame->vector);
    } else {
        print("EXCEPTION: interrupt %lu, which has no handler\n", frame->vector);
    }
    /* Only where the CPU pushed one: the other vectors' 0 is the stub's dummy, and
       printed it would read as if the CPU had said 0. */
    if (frame->vector < EXCEPTION_VECTORS &&
        (interrupt_error_code_vectors >> frame->vector) & 1) {
        char error_code[80];
        exception_describe_error_code(error_code, sizeof(error_code), frame->vector,
                                      frame->error_code);
        print("error code %s\n", error_code);
    }
    if (frame->vector == EXCEPTION_PAGE_FAULT) {
        page_fault_report(print, read_cr2(), frame->error_code);
    }
    report_stack_overflow(print, frame);
    const struct kernel_stack *here = stack_containing((uintptr_t)__builtin_frame_address(0));
    print("handled on the %s\n", here ? here->name : "(unknown stack)");
    report_trap_frame(print, frame);
}

void report_held_locks(report_printer print)
{
    /* The report's own printing takes locks too, and adds them to the list after
       these: the first count entries stay the ones held at the panic. */
    size_t count = spinlock_held_count();
    if (count == 0) {
        return;
    }
    print("%zu lock%s held:", count, count == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        print("%s %s", i ? "," : "", spinlock_held(i)->name);
    }
    print("\n");
}

/* One backtrace line: the address, and the function it belongs to, looked up at
   `inside`. */
static void print_frame(report_printer print, uintptr_t address, uintptr_t inside)
{
    char symbol[SYMBOL_TEXT_SIZE];
    symbol_and_offset(symbol, sizeof(symbol), address, inside);
    print("  0x%016lx  %s\n", address, symbol);
}

size_t report_collect_backtrace(uintptr_t rbp, uintptr_t *return_addresses, size_t max)
{
    /* Only the stack that rbp is on: a walk never reads outside it, or into a guard. */
    const struct kernel_stack *stack = stack_containing(rbp);
    if (!stack) {
        return 0;
    }
    return backtrace_walk(rbp, (uintptr_t)stack->bottom, (uintptr_t)stack->top,
                          return_addresses, max);
}

void report_backtrace(report_printer print, uintptr_t rip, uintptr_t rbp)
{
    uintptr_t addresses[BACKTRACE_MAX_FRAMES];
    size_t count = report_collect_backtrace(rbp, addresses, BACKTRACE_MAX_FRAMES);
    print("backtrace:\n");
    if (rip) {
        print_frame(print, rip, rip);
    }
    for (size_t i = 0; i < count; i++) {
        /* A return address is just past its call, and the call, one byte back, is what
           belongs to the caller: a call to a function that never returns can be the
           caller's last instruction, and its return address the next function's
           first. */
        print_frame(print, addresses[i], addresses[i] - 1);
        /* A recursion: one line for the repeats, so that the callers stay on screen. */
        size_t repeats = 0;
        while (i + 1 < count && addresses[i + 1] == addresses[i]) {
            repeats++;
            i++;
        }
        if (repeats) {
            print("  ... the same call %zu more time%s\n", repeats, repeats == 1 ? "" : "s");
        }
    }
    if (count == BACKTRACE_MAX_FRAMES) {
        print("  ... (the walk stops after %d frames)\n", BACKTRACE_MAX_FRAMES);
    }
}
