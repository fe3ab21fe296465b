/* string.c: byte-at-a-time versions of the C library's memory and string functions.
   Simple rather than fast; nothing in the kernel copies much yet. */
#include "lib/string.h"

#include <stdint.h>

void *memset(void *dest, int byte, size_t count)
{
    uint8_t *d = dest;
    while (count--) {
        *d++ = (uint8_t)byte;
    }
    return dest;
}

void *memcpy(void *restrict dest, const void *restrict src, size_t count)
{
    uint8_t *d = dest;
    const uint8_t *s = src;
    while (count--) {
        *d++ = *s++;
    }
    return dest;
}

/* Copies correctly even when the two ranges overlap, by copying backwards when the
   destination lies after the source. */
void *memmove(void *dest, const void *src, size_t count)
{
    uint8_t *d = dest;
    const uint8_t *s = src;
    if (d < s) {
        while (count--) {
            *d++ = *s++;
        }
    } else {
        while (count--) {
            d[count] = s[count];
        }
    }
    return dest;
}

int memcmp(const void *a, const void *b, size_t count)
{
    const uint8_t *x = a;
    const uint8_t *y = b;
    for (size_t i = 0; i < count; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}

size_t strlen(const char *text)
{
    size_t length = 0;
    while (text[length] != '\0') {
        length++;
    }
    return length;
}

size_t strnlen(const char *text, size_t max_length)
{
    size_t length = 0;
    while (length < max_length && text[length] != '\0') {
        length++;
    }
    return length;
}
