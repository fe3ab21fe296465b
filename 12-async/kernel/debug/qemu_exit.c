/* qemu_exit.c: the one function that ends a QEMU run from inside the kernel. */
#include "debug/qemu_exit.h"

#include "cpu/x86.h"

#define QEMU_EXIT_PORT 0xF4

noreturn void qemu_exit(enum qemu_exit_code code)
{
    outl(QEMU_EXIT_PORT, code);
    halt_forever();
}
