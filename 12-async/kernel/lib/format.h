/* format.h: a printf-style formatter that every kind of output shares. It turns a
   format string and arguments into text and hands the text to an output function. */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives the formatted text piece by piece, in order. context is the caller's. */
typedef void (*format_output)(void *context, const char *text, size_t length);

/* Formats like C's vprintf and passes the text to output. Supports %d %i %u %o %x %X
   %p %c %s %%, the flags - 0 + space #, a width and a precision (either may be *), and
   the length modifiers hh h l ll z j t. %p prints 0x and 16 hex digits; %n writes
   nothing. There is no floating point: from any other conversion on, the format is
   printed as written. Returns the number of characters produced. */
int format(format_output output, void *context, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));

/* Like C's snprintf: writes at most size - 1 characters and a terminating NUL into
   buffer (nothing if size is 0), and returns the length the full text would have. */
int format_buffer(char *buffer, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
