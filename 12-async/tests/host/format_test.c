/* format_test.c: the kernel's formatter compiled for Linux and compared with the C
   library's snprintf, conversion by conversion, under AddressSanitizer and UBSan.
   Prints one `test ... [ok]` line per case, then the `test result:` count, and
   exits non-zero if any failed. */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "lib/format.h"

static int passed;
static int failed;

static void report(const char *name, const char *want, int want_length,
                   const char *got, int got_length)
{
    if (strcmp(want, got) == 0 && want_length == got_length) {
        printf("test %s ... [ok]\n", name);
        passed++;
    } else {
        printf("test %s ... [failed]\n    expected \"%s\" (%d)\n    got      \"%s\" (%d)\n",
               name, want, want_length, got, got_length);
        failed++;
    }
}

/* Format the same thing with both formatters and compare text and returned length. */
#define SAME_AS_SNPRINTF(...)                                                   \
    do {                                                                        \
        char want[256], got[256];                                               \
        int want_length = snprintf(want, sizeof(want), __VA_ARGS__);            \
        int got_length = format_buffer(got, sizeof(got), __VA_ARGS__);          \
        report(#__VA_ARGS__, want, want_length, got, got_length);               \
    } while (0)

/* A NULL that the compiler cannot see through, so it does not warn about %s. */
static const char *volatile null_string = NULL;

static void test_integers(void)
{
    SAME_AS_SNPRINTF("%d", 0);
    SAME_AS_SNPRINTF("%d", 42);
    SAME_AS_SNPRINTF("%d", -42);
    SAME_AS_SNPRINTF("%d %d", INT_MIN, INT_MAX);
    SAME_AS_SNPRINTF("%i", -7);
    SAME_AS_SNPRINTF("%u %u", 0u, UINT_MAX);
    SAME_AS_SNPRINTF("%x %X", 0xdeadbeefu, 0xdeadbeefu);
    SAME_AS_SNPRINTF("%x", 0u);
    SAME_AS_SNPRINTF("%#x %#X %#x", 255u, 255u, 0u);
    SAME_AS_SNPRINTF("%lld", (long long)INT64_MIN);
    SAME_AS_SNPRINTF("%lld", (long long)INT64_MAX);
    SAME_AS_SNPRINTF("%llu", (unsigned long long)UINT64_MAX);
    SAME_AS_SNPRINTF("%llx", (unsigned long long)UINT64_MAX);
    SAME_AS_SNPRINTF("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0x123456789abcdefUL);
    SAME_AS_SNPRINTF("%zu %zx", SIZE_MAX, (size_t)4096);
    SAME_AS_SNPRINTF("%zd", (ssize_t)-5);
    SAME_AS_SNPRINTF("%hd %hu", (short)-5, (unsigned short)65535);
    SAME_AS_SNPRINTF("%hhd %hhu", (signed char)-128, (unsigned char)255);
    SAME_AS_SNPRINTF("%o %o %#o %#o %#.3o", 8u, 0u, 8u, 0u, 8u);
    SAME_AS_SNPRINTF("%jd %ju %td|%s", (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX,
                     (ptrdiff_t)-3, "arguments stay in step");
}

static void test_width_and_flags(void)
{
    SAME_AS_SNPRINTF("[%5d] [%-5d] [%05d]", 42, 42, 42);
    SAME_AS_SNPRINTF("[%05d]", -42);
    SAME_AS_SNPRINTF("[%+d] [%+d] [% d] [% d]", 5, -5, 5, -5);
    SAME_AS_SNPRINTF("[%+05d] [%#06x] [%#6x]", 5, 0xabu, 0xabu);
    SAME_AS_SNPRINTF("[%*d] [%-*d] [%*d]", 6, 42, 6, 42, -6, 42);
    SAME_AS_SNPRINTF("[%2d]", 12345);
    SAME_AS_SNPRINTF("[%020llu]", (unsigned long long)UINT64_MAX);
}

static void test_precision(void)
{
    SAME_AS_SNPRINTF("[%.3d] [%8.3d] [%-8.3d]", 7, -7, 7);
    SAME_AS_SNPRINTF("[%.0d] [%5.0d] [%.0x]", 0, 0, 0u);
    SAME_AS_SNPRINTF("[%.5x] [%#.5x]", 0xabu, 0xabu);
    SAME_AS_SNPRINTF("[%.*d]", -1, 3);
}

static void test_strings_and_chars(void)
{
    SAME_AS_SNPRINTF("[%s]", "hello");
    SAME_AS_SNPRINTF("[%s]", "");
    SAME_AS_SNPRINTF("[%10s] [%-10s]", "hi", "hi");
    SAME_AS_SNPRINTF("[%.3s] [%.10s] [%.0s]", "abcdef", "abc", "abc");
    SAME_AS_SNPRINTF("[%.*s] [%*s]", 2, "abcdef", 4, "x");
    SAME_AS_SNPRINTF("[%s] [%8s]", null_string, null_string);
    SAME_AS_SNPRINTF("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
    SAME_AS_SNPRINTF("100%% of %s", "tests");
    SAME_AS_SNPRINTF("%s=%d, %s=%#x, %c%c", "a", 1, "b", 16, 'o', 'k');
}

/* Legal C that -Wformat warns about because a flag has no effect; the formatter must
   still ignore the flag exactly as the C library does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void test_ignored_flags(void)
{
    SAME_AS_SNPRINTF("[%-05d]", -42);
    SAME_AS_SNPRINTF("[%08.3d]", 7);
}

/* A format that ends inside a conversion, an unknown conversion and everything after
   it are shown as written instead of reading arguments from the wrong place; %n takes
   its argument and writes nothing. */
static void test_malformed_formats(void)
{
    char got[16];
    int length = format_buffer(got, sizeof(got), "50%");
    report("trailing %", "50%", 3, got, length);
    length = format_buffer(got, sizeof(got), "%q");
    report("unknown conversion %q", "%q", 2, got, length);
    length = format_buffer(got, sizeof(got), "%d %qd then %d", 1, 5LL, 7);
    report("after an unknown conversion, the rest as written", "1 %qd then %d", 13, got,
           length);
    int written = 0;
    length = format_buffer(got, sizeof(got), "a%nb%s", &written, "c");
    report("%n writes nothing and keeps arguments in step", "abc", 3, got, length);
    report("%n left its target alone", "0", 1, written == 0 ? "0" : "changed", 1);
}
#pragma GCC diagnostic pop

/* Where the kernel deliberately differs from the C library, or has no counterpart. */
static void test_kernel_specific(void)
{
    char got[64], want[64];
    int length;

    /* %p: 0x and all 16 hex digits, so addresses line up in a column. */
    void *pointer = (void *)0xb8000;
    snprintf(want, sizeof(want), "0x%016" PRIxPTR, (uintptr_t)pointer);
    length = format_buffer(got, sizeof(got), "%p", pointer);
    report("\"%p\" is 0x and 16 digits", want, 18, got, length);
    length = format_buffer(got, sizeof(got), "%p", NULL);
    report("\"%p\" of NULL", "0x0000000000000000", 18, got, length);

    /* Truncation: at most size - 1 characters and a NUL; the full length is returned. */
    memset(got, 'X', sizeof(got));
    length = format_buffer(got, 5, "%d", 1234567);
    report("truncated to the buffer", "1234", 7, got, length);
    report("byte after the NUL untouched", "X", 1, (char[]){ got[5], '\0' }, 1);
    length = format_buffer(NULL, 0, "%s", "counted, not written");
    report("size 0 only counts", "", 20, "", length);
}

int main(void)
{
    /* Line by line, so that a sanitizer's abort cannot swallow what came before it. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_integers();
    test_width_and_flags();
    test_precision();
    test_strings_and_chars();
    test_ignored_flags();
    test_malformed_formats();
    test_kernel_specific();
    /* The closing count, in the protocol the harness reads: without it, the harness
       fails the program, so a return before this line cannot pass. */
    printf("test result: %s. %d passed; %d failed; 0 failed as expected\n",
           failed == 0 ? "ok" : "FAILED", passed, failed);
    return failed == 0 ? 0 : 1;
}
