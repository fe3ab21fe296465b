/* panic.h: stop the kernel because something that must not happen did. */
#ifndef PANIC_H
#define PANIC_H

#include <stdbool.h>
#include <stdnoreturn.h>

/* Print "PANIC at file:line: message" in white on red, and the backtrace, and halt the
   CPU for good. A panic while reporting a panic prints one short line instead. */
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* For every report of a fatal error (panic_at, exception_fatal): interrupts off, and a
   panic under way, so that the report can take locks that this CPU holds already.
   Returns true for the first panic; false if one is already under way, when the caller
   prints one short line and calls panic_stop. */
bool panic_begin(void);

/* Whether a panic is being reported (between panic_begin and a stop or a recovery). */
bool panic_in_progress(void);

/* Stop for good: halt (in a test kernel, exit QEMU with failure). */
noreturn void panic_stop(void);

/* For the test runner only: the panic was handled (it ended a test), so the next one
   is a first panic again. */
void panic_recovered(void);

#endif
