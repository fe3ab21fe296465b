/* init.c: kernel_init, the one boot-time initialisation sequence. */
#include "init.h"

#include "console/print.h"
#include "console/status_line.h"
#include "cpu/gdt.h"
#include "cpu/stacks.h"
#include "cpu/tss.h"
#include "cpu/x86.h"
#include "devices/keyboard/keyboard.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "interrupts/exceptions.h"
#include "interrupts/idt.h"
#include "interrupts/pic.h"
#include "memory/heap.h"
#include "memory/memory.h"
#include "memory/protection.h"
#include "task/sleep.h"

void kernel_init(uintptr_t multiboot_info)
{
    serial_init();
    print_init(multiboot_info); /* the screen, or COM1 alone on a machine without one */
    idt_init();                 /* first: from here on, a fault is reported, not a reset */
    exceptions_init();
    protection_init();          /* W^X, page 0 unmapped, CR0.WP: for all that follows */
    memory_init(multiboot_info); /* the memory map, frames, all memory at PHYS_OFFSET */
    heap_init();                /* kmalloc from here on: it maps pages from frames */
    stacks_init();
    tss_init();
    gdt_init();
    idt_use_ist_stacks();       /* after gdt_init's ltr: the TSS is the CPU's now */
    pic_init();
    pit_init(PIT_DEFAULT_HZ);
    sleep_init();               /* the timer future: the PIT wakes sleeping tasks */
    status_line_init();
    keyboard_init();
    sti();
    pit_check_ticking();
}
