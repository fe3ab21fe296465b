/* panic.h: stop the kernel because something that must not happen did. */
#ifndef PANIC_H
#define PANIC_H

#include <stdnoreturn.h>

/* Print "PANIC at file:line: message" in white on red and halt the CPU for good. */
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
