/* format_test.c: the formatter as the kernel runs it. tests/host/format_test.c covers
   it far more widely on the host; these prove the kernel build behaves the same. */
#include <stdint.h>

#include "lib/format.h"
#include "test/test.h"

TEST(format_integers_at_the_limits)
{
    char text[64];
    format_buffer(text, sizeof(text), "%lld %llu", (long long)INT64_MIN,
                  (unsigned long long)UINT64_MAX);
    TEST_ASSERT_STR_EQ(text, "-9223372036854775808 18446744073709551615");
}

TEST(format_padding_and_hex)
{
    char text[64];
    format_buffer(text, sizeof(text), "[%5d|%-5d|%05d|%#x|%X]", 42, 42, -42, 255u, 0xbeefu);
    TEST_ASSERT_STR_EQ(text, "[   42|42   |-0042|0xff|BEEF]");
}

/* A NULL the compiler cannot see through, so that it does not warn about %s. */
static const char *volatile null_string;

TEST(format_strings_and_pointers)
{
    char text[64];
    format_buffer(text, sizeof(text), "%.3s|%s|%p", "abcdef", null_string, (void *)0xb8000);
    TEST_ASSERT_STR_EQ(text, "abc|(null)|0x00000000000b8000");
}

TEST(format_buffer_truncates_and_counts)
{
    char text[4];
    int length = format_buffer(text, sizeof(text), "%d", 123456);
    TEST_ASSERT_EQ(length, 6);
    TEST_ASSERT_STR_EQ(text, "123");
}
