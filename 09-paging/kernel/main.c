/* main.c: the kernel's C entry point. boot/long_mode.asm calls kernel_main in 64-bit
   mode with a stack and the identity-mapped first 1 GiB of memory. */
#include <stdint.h>

#include "console/print.h"
#include "console/terminal.h"
#include "cpu/x86.h"
#include "devices/keyboard/keyboard.h"
#include "init.h"
#include "memory/page_table_dump.h"
#ifdef KERNEL_TEST
#include "test/test.h"
#endif

/* Sleep until an interrupt, unless a key is already waiting. Checked with interrupts
   off, and sti_hlt turns them on and halts as one step: a key arriving in between
   still wakes us. */
static void wait_for_input(void)
{
    cli();
    if (keyboard_has_input()) {
        sti();
    } else {
        sti_hlt();
    }
}

/* The C kernel. multiboot_info is the physical address of GRUB's boot information,
   which later chapters read. It shows the page tables it runs on, then never returns:
   it waits for keys and shows them. */
void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
#ifdef KERNEL_TEST
    test_main();    /* only in the unit test kernel; never returns */
#endif
    kprintf("Hello from chapter 09: the page tables this kernel runs on, from CR3 = %#lx:\n",
            read_cr3());
    page_table_dump(kprintf);
    page_table_walk(kprintf, (uintptr_t)kernel_main, "kernel_main");
    kputs("Type something (backspace, enter, tab and caps lock work):");
    for (;;) {
        struct key_event event;
        while (keyboard_next_event(&event)) {
            terminal_key(&event);
        }
        wait_for_input();
    }
}
