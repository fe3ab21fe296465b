/* panic.c: the last thing the kernel does when it finds itself in a state it cannot
   continue from: say where and why, on the screen and the serial port, and stop. */
#include "panic.h"

#include <stdarg.h>

#include "print.h"
#include "serial.h"
#include "vga.h"
#include "x86.h"
#ifdef KERNEL_TEST
#include "test/test.h"
#endif

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    cli();
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
    va_list serial_args;
    va_copy(serial_args, args);
    serial_printf("PANIC at %s:%d: ", file, line);
    serial_vprintf(fmt, serial_args);
    serial_printf("\n");
    va_end(serial_args);

    vga_set_colour(VGA_WHITE, VGA_RED);
    kprintf("PANIC at %s:%d: ", file, line);
    kvprintf(fmt, args);
    kputs("");
    va_end(args);
    halt_forever();
}
