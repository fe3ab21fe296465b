/* runner.c: runs the tests that TEST() placed in the test_cases section, one line per
   test on the serial port in the form the harness reads:
       running 3 tests
       test vga_writes_a_line ... [ok]
   and exits QEMU with success only if every test passed. */
#include <stddef.h>

#include "qemu_exit.h"
#include "serial.h"
#include "string.h"
#include "test/test.h"

#define NO_TEST ((size_t)-1)

static size_t current = NO_TEST;
static size_t passed;
static size_t failed;

static size_t test_count(void)
{
    return (size_t)(__stop_test_cases - __start_test_cases);
}

static noreturn void finish(void)
{
    serial_printf("test result: %s. %zu passed; %zu failed\n",
                  failed == 0 ? "ok" : "FAILED", passed, failed);
    qemu_exit(failed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}

/* Run the tests from index first on. A test that fails or panics does not return
   here; its report calls run_from again for the next test, and the stack frames of
   the failed test are simply abandoned. */
static noreturn void run_from(size_t first)
{
    for (size_t i = first; i < test_count(); i++) {
        const struct test_case *test = __start_test_cases[i];
        current = i;
        serial_printf("test %s ... ", test->name);
        test->function();
        if (test->should_panic) {
            failed++;
            serial_printf("[failed]\n    %s:%d: returned normally, but should have panicked\n",
                          test->file, test->line);
        } else {
            passed++;
            serial_printf("[ok]\n");
        }
    }
    current = NO_TEST;
    finish();
}

noreturn void test_main(void)
{
    serial_printf("running %zu test%s\n", test_count(), test_count() == 1 ? "" : "s");
    run_from(0);
}

static noreturn void report_failure(const char *how, const char *file, int line,
                                    const char *fmt, va_list args)
{
    serial_printf("[failed]\n    %s at %s:%d: ", how, file, line);
    serial_vprintf(fmt, args);
    serial_printf("\n");
    failed++;
    run_from(current + 1);
}

noreturn void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    report_failure("assertion failed", file, line, fmt, args);
}

noreturn void test_panicked(const char *file, int line, const char *fmt, va_list args)
{
    if (current == NO_TEST) {
        serial_printf("panic outside any test at %s:%d: ", file, line);
        serial_vprintf(fmt, args);
        serial_printf("\n");
        qemu_exit(QEMU_EXIT_FAILURE);
    }
    if (__start_test_cases[current]->should_panic) {
        passed++;
        serial_printf("[ok]\n");
        run_from(current + 1);
    }
    report_failure("panicked", file, line, fmt, args);
}

bool test_strings_differ(const char *left, const char *right)
{
    if (left == NULL || right == NULL) {
        return left != right;
    }
    return strlen(left) != strlen(right) || memcmp(left, right, strlen(left)) != 0;
}
