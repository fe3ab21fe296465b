/* capture.c: test_capture, a report_printer into a buffer (see capture.h), linked into
   the unit test kernel only. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/format.h"
#include "lib/string.h"
#include "capture.h"
#include "test/test.h"

/* Room for the longest text a test captures: the page table dump with a second p4 entry,
   which the heap's tables make longer in later chapters (16 KiB did not hold it). */
#define CAPTURE_SIZE 32768

static char captured[CAPTURE_SIZE];
static size_t captured_length;
static bool cut;    /* some text did not fit */

void test_capture_start(void)
{
    captured_length = 0;
    captured[0] = '\0';
    cut = false;
}

/* format's output: keeps what fits, one byte for the terminating NUL. */
static void append(void *context, const char *text, size_t length)
{
    (void)context;
    for (size_t i = 0; i < length; i++) {
        if (captured_length + 1 >= sizeof(captured)) {
            cut = true;
            break;
        }
        captured[captured_length++] = text[i];
    }
    captured[captured_length] = '\0';
}

int test_capture(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int count = format(append, NULL, fmt, args);
    va_end(args);
    return count;
}

const char *test_captured(void)
{
    if (cut) {
        test_fail(__FILE__, __LINE__, "the capture is full: %zu bytes kept of a longer "
                  "text", captured_length);
    }
    return captured;
}

int test_captured_count(const char *text)
{
    size_t length = strlen(text);
    int count = 0;
    for (const char *at = test_captured(); *at != '\0'; at++) {
        count += memcmp(at, text, length) == 0;
    }
    return count;
}
