/* check.h: the few lines every host test of this chapter shares: checks that print the
   harness's `test NAME ... [ok]` protocol, and the closing `test result:` count.
   Include it once, in the test program's only file. */
#ifndef HOST_CHECK_H
#define HOST_CHECK_H

#include <stdio.h>
#include <string.h>

static int passed;
static int failed;

static inline void check(const char *name, int ok, const char *detail)
{
    printf("test %s ... [%s]\n", name, ok ? "ok" : "failed");
    if (!ok) {
        printf("    %s\n", detail);
    }
    ok ? passed++ : failed++;
}

/* Pass if the two strings are equal. */
static inline void check_string(const char *name, const char *actual, const char *expected)
{
    char detail[512];
    snprintf(detail, sizeof(detail), "expected \"%s\"\n    got      \"%s\"", expected,
             actual ? actual : "(null)");
    check(name, actual && strcmp(actual, expected) == 0, detail);
}

/* Pass if the two numbers are equal. */
static inline void check_number(const char *name, unsigned long long actual,
                         unsigned long long expected)
{
    char detail[128];
    snprintf(detail, sizeof(detail), "expected %#llx, got %#llx", expected, actual);
    check(name, actual == expected, detail);
}

/* Print the closing count in the harness's protocol and give main its exit status.
   The harness fails a program that exits without this line (a `return` halfway
   through main) or that ran no test. */
static inline int check_summary(void)
{
    printf("test result: %s. %d passed; %d failed; 0 failed as expected\n",
           failed == 0 ? "ok" : "FAILED", passed, failed);
    return failed == 0 ? 0 : 1;
}

#endif
