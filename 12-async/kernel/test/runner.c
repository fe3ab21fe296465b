/* runner.c: runs the tests that TEST() placed in the test_cases section, one line per
   test on the serial port in the form the harness reads:
       running 3 tests
       test vga_writes_a_line ... [ok]
   and exits QEMU with success only if no test failed. */
#include <stddef.h>

#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "debug/panic.h"
#include "debug/qemu_exit.h"
#include "debug/report.h"
#include "devices/serial.h"
#include "interrupts/interrupts.h"
#include "lib/string.h"
#include "test/jump.h"
#include "test/test.h"

#define NO_TEST ((size_t)-1)

static size_t current = NO_TEST;
static size_t passed;
static size_t failed;
static size_t expected_failures;

/* Where a test that fails or panics goes: back into run_test, at the stack depth the
   test started from, whatever it had called. */
static struct test_jump_buffer test_abandoned;
/* What each test starts with, whatever the test before it left behind. */
static bool interrupts_at_start;
static uint16_t stack_segment_at_start;
/* Set by test_expect_failure: why the running test is expected to fail. */
static const char *expected_failure_reason;
/* Serial bytes sent when the running test started, to tell whether it printed. */
static size_t serial_sent_at_start;

static size_t test_count(void)
{
    return (size_t)(__stop_test_cases - __start_test_cases);
}

/* Print the result marker ("[ok]", ...) for the running test. If the test printed
   something of its own, its line is broken, so the result gets a fresh one. */
static void print_result(const char *marker)
{
    if (serial_bytes_sent() != serial_sent_at_start) {
        serial_printf("\ntest %s ... ", __start_test_cases[current]->name);
    }
    serial_printf("%s\n", marker);
}

/* The test did not do what it should: a failure, or an expected one. The caller
   prints what went wrong on the lines after. */
static void record_failure(void)
{
    if (expected_failure_reason) {
        expected_failures++;
        print_result("[expected failure]");
        serial_printf("    expected because: %s\n", expected_failure_reason);
    } else {
        failed++;
        print_result("[failed]");
    }
}

/* One indented line: "    assertion failed at file:line: message". */
static void print_failure(const char *how, const char *file, int line, const char *fmt,
                          va_list args)
{
    serial_printf("    %s at %s:%d: ", how, file, line);
    serial_vprintf(fmt, args);
    serial_printf("\n");
}

/* The test did what it should: a pass, unless it was expected to fail. */
static void record_success(void)
{
    if (expected_failure_reason) {
        failed++;
        print_result("[failed]");
        serial_printf("    passed, but was expected to fail because: %s\n",
                      expected_failure_reason);
    } else {
        passed++;
        print_result("[ok]");
    }
}

/* The test's function returned: a pass, unless it should have panicked. */
static void record_return(const struct test_case *test)
{
    if (test->should_panic) {
        record_failure();
        serial_printf("    %s:%d: returned normally, but should have panicked\n",
                      test->file, test->line);
    } else {
        record_success();
    }
}

/* A test that failed or panicked was abandoned wherever it was: perhaps inside locks,
   which it never gave back, or inside an interrupt handler, which then never returned
   through the dispatcher. Say which locks it left held (a test that returns with one
   held has a bug too), and give them back. */
static void clean_up_after_test(const struct test_case *test)
{
    const char *locks[SPINLOCKS_HELD_MAX];
    size_t count = spinlock_release_all(locks, SPINLOCKS_HELD_MAX);
    interrupts_reset_nesting();
    interrupt_reset_depth();
    for (size_t i = 0; i < count && i < SPINLOCKS_HELD_MAX; i++) {
        serial_printf("    test %s left the %s lock held\n", test->name, locks[i]);
    }
}

static void run_test(size_t index)
{
    const struct test_case *test = __start_test_cases[index];
    current = index;
    expected_failure_reason = NULL;
    if (interrupts_at_start) {
        sti();
    } else {
        cli();
    }
    serial_printf("test %s ... ", test->name);
    serial_sent_at_start = serial_bytes_sent();
    if (test_setjmp(&test_abandoned) == 0) {
        /* After test_setjmp: if this selector faults (it is stale), the test fails. */
        load_stack_segment(stack_segment_at_start);
        test->function();
        record_return(test);
    }
    /* Here after it returned, and after a failure or panic (from test_longjmp). */
    clean_up_after_test(test);
}

noreturn void test_main(void)
{
    interrupts_at_start = (read_rflags() & RFLAGS_INTERRUPTS) != 0;
    stack_segment_at_start = read_ss();
    serial_printf("running %zu test%s\n", test_count(), test_count() == 1 ? "" : "s");
    for (size_t i = 0; i < test_count(); i++) {
        run_test(i);
    }
    current = NO_TEST;
    serial_printf("test result: %s. %zu passed; %zu failed; %zu failed as expected\n",
                  failed == 0 ? "ok" : "FAILED", passed, failed, expected_failures);
    qemu_exit(failed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

void test_expect_failure(const char *reason)
{
    expected_failure_reason = reason;
}

noreturn void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    record_failure();
    print_failure("assertion failed", file, line, fmt, args);
    va_end(args);
    test_longjmp(&test_abandoned, 1);
}

noreturn void test_panicked(const char *file, int line, const char *fmt, va_list args)
{
    if (current == NO_TEST) {
        serial_printf("panic outside any test at %s:%d: ", file, line);
        serial_vprintf(fmt, args);
        serial_printf("\n");
        /* As panic's own report: a test kernel's declared outcome may be this report
           (the heap's catchers name the call that found the error). */
        report_held_locks(serial_printf);
        report_backtrace(serial_printf, 0, (uintptr_t)__builtin_frame_address(0));
        qemu_exit(QEMU_EXIT_FAILURE);
    }
    if (__start_test_cases[current]->should_panic) {
        record_success();
    } else {
        record_failure();
        print_failure("panicked", file, line, fmt, args);
    }
    panic_recovered();
    test_longjmp(&test_abandoned, 1);
}

bool test_exception(struct trap_frame *frame)
{
    if (current == NO_TEST) {
        return false;
    }
    record_failure();
    serial_printf("    exception in the test:\n");
    report_exception(serial_printf, frame);
    report_backtrace(serial_printf, frame->rip, frame->rbp);
    panic_recovered();
    test_resume_after_trap(frame, &test_abandoned);
    return true;
}

bool test_strings_differ(const char *left, const char *right)
{
    if (left == NULL || right == NULL) {
        return left != right;
    }
    return strlen(left) != strlen(right) || memcmp(left, right, strlen(left)) != 0;
}
