/* test.h: the in-kernel test framework. TEST(name) { ... } defines a test and puts a
   description of it in the linker section test_cases, where the runner finds it. No
   list to keep up to date: a test that is compiled in is a test that runs. */
#ifndef TEST_TEST_H
#define TEST_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "interrupts/trap_frame.h"

struct test_case {
    const char *name;
    void (*function)(void);
    const char *file;
    int line;
    bool should_panic;      /* passes only if the function panics */
};

/* The section holds one pointer per test, so that it is an array however the
   compiler chooses to align the test_case structs. Its bounds come from linker.ld. */
extern const struct test_case *const __start_test_cases[];
extern const struct test_case *const __stop_test_cases[];

/* The test's function is test_body_NAME, so that TEST(vga_clear) can test vga_clear
   without defining a second function of that name. */
#define TEST_CASE(name, panics)                                                     \
    static void test_body_##name(void);                                             \
    static const struct test_case test_case_##name = {                              \
        #name, test_body_##name, __FILE__, __LINE__, panics,                        \
    };                                                                              \
    __attribute__((used, section("test_cases")))                                    \
    static const struct test_case *const test_case_pointer_##name = &test_case_##name; \
    static void test_body_##name(void)

/* A test that passes when its function returns. */
#define TEST(name) TEST_CASE(name, false)

/* A test that passes only when its function panics. */
#define TEST_SHOULD_PANIC(name) TEST_CASE(name, true)

/* Fail the current test, printing where and why, unless cond holds. */
#define TEST_ASSERT(cond)                                                           \
    do {                                                                            \
        if (!(cond)) {                                                              \
            test_fail(__FILE__, __LINE__, "%s", #cond);                             \
        }                                                                           \
    } while (0)

/* Fail unless two integers are equal; prints both in decimal and hex. */
#define TEST_ASSERT_EQ(left, right)                                                 \
    do {                                                                            \
        unsigned long long left_ = (unsigned long long)(left);                      \
        unsigned long long right_ = (unsigned long long)(right);                    \
        if (left_ != right_) {                                                      \
            test_fail(__FILE__, __LINE__,                                           \
                      "%s == %s\n      left:  %lld (%#llx)\n      right: %lld (%#llx)", \
                      #left, #right, (long long)left_, left_,                       \
                      (long long)right_, right_);                                   \
        }                                                                           \
    } while (0)

/* Fail unless two C strings are equal; prints both. */
#define TEST_ASSERT_STR_EQ(left, right)                                             \
    do {                                                                            \
        const char *left_ = (left);                                                 \
        const char *right_ = (right);                                               \
        if (test_strings_differ(left_, right_)) {                                   \
            test_fail(__FILE__, __LINE__, "%s == %s\n      left:  \"%s\"\n      right: \"%s\"", \
                      #left, #right, left_, right_);                                \
        }                                                                           \
    } while (0)

/* Run every test in the section, report each on the serial port, and exit QEMU with
   success if none failed. Each test starts at the same stack depth, with interrupts
   on or off as they were when test_main was called. */
noreturn void test_main(void);

/* Called at the start of a test: the test is expected to fail, for the reason given
   (a known limitation, say). Its failure is then reported as "[expected failure]" and
   does not fail the kernel; if it passes instead, it is reported as failed. */
void test_expect_failure(const char *reason);

/* Report the running test as failed at file:line and go on with the next test. */
noreturn void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Called by panic() in test kernels: a pass for a should-panic test, a failure for
   any other. Goes on with the next test either way. */
noreturn void test_panicked(const char *file, int line, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));

/* What test_expect_fault saw: whether an exception happened, and its details. */
struct test_fault {
    bool happened;
    uint64_t vector;
    uint64_t error_code;
    uint64_t rip;           /* the faulting instruction (after it, for int3 and int n) */
    uint64_t cr2;           /* for a page fault: the address accessed */
    uintptr_t handler_stack; /* where the handler's stack was: which stack it ran on */
};

/* Run function(argument), and if it raises an exception that has no handler, stop it
   there and return the exception's details instead of failing the test. The test then
   asserts on them and goes on. Interrupts are as they were when it was called. */
struct test_fault test_expect_fault(void (*function)(void *), void *argument);

/* Called by exception_fatal first: true if a test_expect_fault is waiting for this
   exception (the frame is then changed to return into it). */
bool test_fault_caught(struct trap_frame *frame);

/* Called by exception_fatal in a test kernel: true if a test is running, which then
   fails with the exception's report, and frame is changed to return into the runner;
   false outside any test. */
bool test_exception(struct trap_frame *frame);

/* For TEST_ASSERT_STR_EQ: true unless both strings are equal (or both NULL). */
bool test_strings_differ(const char *left, const char *right);

#endif
