/* main.c: the kernel's C entry point. boot/long_mode.asm calls kernel_main in 64-bit
   mode with a stack and the identity-mapped first 1 GiB of memory. */
#include <stdint.h>

#include "console/print.h"
#include "console/vga.h"
#include "cpu/x86.h"
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
    kputs("Hello from chapter 05: the IDT is loaded, every vector has a handler.");
    kputs("Next, int3: the breakpoint handler prints the trap frame and returns.");
    breakpoint();
    vga_set_colour(VGA_LIGHT_GREEN, VGA_BLACK);
    kputs("Back in kernel_main after the breakpoint: execution went on.");
    vga_set_colour(VGA_DEFAULT_FOREGROUND, VGA_DEFAULT_BACKGROUND);
}
