/* main.c: the kernel's C entry point. boot/long_mode.asm calls kernel_main in 64-bit
   mode with a stack and the identity-mapped first 1 GiB of memory. */
#include <stdint.h>

#include "console/print.h"
#include "debug/overflow.h"
#include "init.h"
#ifdef KERNEL_TEST
#include "test/test.h"
#endif

/* The C kernel. multiboot_info is the physical address of GRUB's boot information,
   which later chapters read. Returning halts the CPU. */
void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
#ifdef KERNEL_TEST
    test_main();    /* only in the unit test kernel; never returns */
#endif
    kputs("Hello from chapter 06: our own GDT and TSS, and a guard page under every stack.");
    kputs("Next, a recursion that never ends runs the stack into its guard page:");
    overflow_the_stack();
}
