/* string.h: the memory and string functions of the C library that the kernel needs.
   The compiler may also emit calls to memset, memcpy and memmove on its own. */
#ifndef STRING_H
#define STRING_H

#include <stddef.h>

void *memset(void *dest, int byte, size_t count);
void *memcpy(void *restrict dest, const void *restrict src, size_t count);
void *memmove(void *dest, const void *src, size_t count);
int memcmp(const void *a, const void *b, size_t count);
size_t strlen(const char *text);
size_t strnlen(const char *text, size_t max_length);

#endif
