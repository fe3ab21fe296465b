/* unhandled_ud2.c: an invalid opcode with no handler and no test around it, two calls
   deep. The kernel must report it (name, vector, RIP, registers, a backtrace naming
   these functions) and stop; unhandled_ud2.py reads the report.
   harness: expect=failure printed="unhandled_ud2: about to execute ud2"
   harness: printed="EXCEPTION: invalid opcode (#UD), vector 6" */
#include <stdint.h>

#include "devices/serial.h"
#include "init.h"

/* The label lets the harness find the ud2's address with nm; the kernel's own table
   leaves out labels with a dot and no size, so the report still says fault_level_two.
   The volatile local gives the function a frame: gcc builds none for a leaf function
   that never touches the stack, and a backtrace from inside one skips its caller. */
static __attribute__((noinline)) void fault_level_two(void)
{
    volatile int depth = 2;
    (void)depth;
    __asm__ volatile("fault_level_two.ud2: ud2");
}

static __attribute__((noinline)) void fault_level_one(void)
{
    fault_level_two();
    __asm__ volatile("" ::: "memory");  /* keeps the call a call, not a jump */
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    serial_printf("unhandled_ud2: about to execute ud2\n");
    fault_level_one();
    serial_printf("unhandled_ud2: still running after ud2, which is wrong\n");
}
