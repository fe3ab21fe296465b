/* panic.c: the last thing the kernel does when it finds itself in a state it cannot
   continue from: say where and why, on the screen and the serial port, and stop. */
#include "debug/panic.h"

#include <stdarg.h>

#include "console/print.h"
#include "console/vga.h"
#include "cpu/x86.h"
#include "devices/serial.h"
#ifdef KERNEL_TEST
#include "debug/qemu_exit.h"
#include "test/test.h"
#endif

/* How many panics are under way. More than one means that printing a panic panicked
   again (from later chapters on, a fault while printing can), and trying the same
   thing once more would only recurse. */
static int panics_in_progress;

static noreturn void stop(void)
{
#ifdef KERNEL_TEST
    qemu_exit(QEMU_EXIT_FAILURE);   /* the harness gets a verdict instead of a hang */
#endif
    halt_forever();
}

/* A panic inside a panic: one short line through as little code as possible, then
   stop. If even that line panics, the third panic stops without a word. */
static noreturn void nested_panic(const char *file, int line)
{
    if (panics_in_progress == 2) {
        print_break_lock();
        serial_break_lock();
        kprintf("PANIC while panicking, at %s:%d\n", file, line);
    }
    stop();
}

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    cli();
    if (++panics_in_progress > 1) {
        nested_panic(file, line);
    }
    /* If the panic came from inside kprintf or serial_printf, this CPU holds that
       lock already, and would wait for itself forever. */
    print_break_lock();
    serial_break_lock();
    va_list args;
    va_start(args, fmt);
#ifdef KERNEL_TEST
    /* In a test kernel the runner decides: a should-panic test has just passed. */
    test_panicked(file, line, fmt, args);
#endif
    vga_set_colour(VGA_WHITE, VGA_RED);
    kprintf("PANIC at %s:%d: ", file, line);
    kvprintf(fmt, args);
    kputs("");
    va_end(args);
    stop();
}

void panic_recovered(void)
{
    panics_in_progress = 0;
}
