/* panic.c: the last thing the kernel does when it finds itself in a state it cannot
   continue from: say where and why, on the screen and the serial port, show the calls
   that led there, and stop. */
#include "debug/panic.h"

#include <stdarg.h>
#include <stdint.h>

#include "console/vga.h"
#include "cpu/x86.h"
#include "debug/report.h"
#ifdef KERNEL_TEST
#include "debug/qemu_exit.h"
#include "test/test.h"
#endif

/* How many panics are under way. More than one means that reporting a panic failed
   (a fault while printing, say), and trying the same thing again would only recurse. */
static int panics_in_progress;

bool panic_begin(void)
{
    cli();
    if (++panics_in_progress > 2) {
        panic_stop();   /* even the one short line failed: stop without a word */
    }
    /* From now on, spinlock_lock takes a lock this CPU holds already (a panic from
       inside kprintf holds the print lock): the report must get out. */
    return panics_in_progress == 1;
}

bool panic_in_progress(void)
{
    return panics_in_progress > 0;
}

noreturn void panic_stop(void)
{
#ifdef KERNEL_TEST
    qemu_exit(QEMU_EXIT_FAILURE);   /* the harness gets a verdict instead of a hang */
#endif
    halt_forever();
}

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    if (!panic_begin()) {
        report_printf("PANIC while panicking, at %s:%d\n", file, line);
        panic_stop();
    }
    va_list args;
    va_start(args, fmt);
#ifdef KERNEL_TEST
    /* In a test kernel the runner decides: a should-panic test has just passed. */
    test_panicked(file, line, fmt, args);
#endif
    vga_set_colour(VGA_WHITE, VGA_RED);
    report_printf("PANIC at %s:%d: ", file, line);
    report_vprintf(fmt, args);
    report_printf("\n");
    va_end(args);
    report_held_locks(report_printf);
    /* From our own frame: the first return address is the line that called panic. */
    report_backtrace(report_printf, 0, (uintptr_t)__builtin_frame_address(0));
    panic_stop();
}

void panic_recovered(void)
{
    panics_in_progress = 0;
}
