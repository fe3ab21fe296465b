/* init.c: kernel_init, the one boot-time initialisation sequence. */
#include "init.h"

#include "exceptions.h"
#include "gdt.h"
#include "idt.h"
#include "serial.h"
#include "stacks.h"
#include "tss.h"
#include "vga.h"

void kernel_init(uintptr_t multiboot_info)
{
    (void)multiboot_info;   /* read from chapter 09 on, for the memory map */
    vga_clear();
    serial_init();
    stacks_init();
    tss_init();
    gdt_init();
    idt_init();
    exceptions_init();
}
