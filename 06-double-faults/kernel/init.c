/* init.c: kernel_init, the one boot-time initialisation sequence. */
#include "init.h"

#include "console/vga.h"
#include "cpu/gdt.h"
#include "cpu/stacks.h"
#include "cpu/tss.h"
#include "devices/serial.h"
#include "interrupts/exceptions.h"
#include "interrupts/idt.h"

void kernel_init(uintptr_t multiboot_info)
{
    (void)multiboot_info;   /* read from chapter 09 on, for the memory map */
    vga_clear();
    serial_init();
    idt_init();             /* first: from here on, a fault is reported, not a reset */
    exceptions_init();
    stacks_init();
    tss_init();
    gdt_init();
    idt_use_ist_stacks();   /* after gdt_init's ltr: the TSS is the CPU's now */
}
