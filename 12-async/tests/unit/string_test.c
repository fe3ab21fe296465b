/* string_test.c: the kernel's own memset, memcpy, memmove, memcmp and strlen. */
#include "lib/string.h"
#include "test/test.h"

TEST(string_memmove_handles_overlap)
{
    char forward[] = "abcdef";
    memmove(forward + 2, forward, 4);       /* destination after source */
    TEST_ASSERT_STR_EQ(forward, "ababcd");

    char backward[] = "abcdef";
    memmove(backward, backward + 2, 4);     /* destination before source */
    TEST_ASSERT_STR_EQ(backward, "cdefef");
}

TEST(string_memset_memcpy_memcmp)
{
    char a[8], b[8];
    memset(a, 'x', sizeof(a));
    memcpy(b, a, sizeof(b));
    TEST_ASSERT_EQ(memcmp(a, b, sizeof(a)), 0);
    b[7] = 'y';
    TEST_ASSERT(memcmp(a, b, sizeof(a)) < 0);
    TEST_ASSERT_EQ(strlen("four"), 4);
    TEST_ASSERT_EQ(strnlen("four", 2), 2);
}
