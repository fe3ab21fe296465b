/* panic.c: the last thing the kernel does when it finds itself in a state it cannot
   continue from: say where, say why, and stop. */
#include "debug/panic.h"

#include <stdarg.h>

#include "console/print.h"
#include "console/vga.h"
#include "cpu/x86.h"

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
    cli();
    /* If the panic came from inside kprintf, this CPU holds the lock already. */
    print_break_lock();
    vga_set_colour(VGA_WHITE, VGA_RED);
    kprintf("PANIC at %s:%d: ", file, line);
    va_list args;
    va_start(args, fmt);
    kvprintf(fmt, args);
    va_end(args);
    kputs("");
    halt_forever();
}
