/* report.h: how the kernel tells a person that something went wrong: the same lines
   on the screen and on the serial port, registers from a trap frame, and a backtrace
   with function names. Used by panic and by the exception handlers. */
#ifndef REPORT_H
#define REPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "interrupts/trap_frame.h"

/* Where a report goes: report_printf (screen and serial), or serial_printf alone. */
typedef int (*report_printer)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kprintf under the name of its use: the screen and the serial port, as the screen
   may be all a person sees, the serial port all a test harness sees. */
int report_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* report_printf with a va_list. */
int report_vprintf(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));

/* The registers in frame, laid out in 80 columns: RIP with its function, CS, RFLAGS,
   RSP, SS, CR2 for a page fault, and the 15 general registers, three to a line. */
void report_trap_frame(report_printer print, const struct trap_frame *frame);

/* An exception in full: "EXCEPTION: invalid opcode (#UD), vector 6", the error code
   in words, and the trap frame. */
void report_exception(report_printer print, const struct trap_frame *frame);

/* "2 locks held: shared, print": the locks this CPU holds, the first taken first; nothing
   if it holds none. */
void report_held_locks(report_printer print);

/* The return addresses on the kernel's stack from rbp on (see backtrace_walk). */
size_t report_collect_backtrace(uintptr_t rbp, uintptr_t *return_addresses, size_t max);

/* "backtrace:" and a line per frame: rip first (unless it is 0), then the return
   addresses found by following the frame pointers from rbp. */
void report_backtrace(report_printer print, uintptr_t rip, uintptr_t rbp);

#endif
