/* init.c: kernel_init, the one boot-time initialisation sequence. */
#include "init.h"

#include "console/vga.h"
#include "devices/serial.h"
#include "interrupts/exceptions.h"
#include "interrupts/idt.h"

void kernel_init(uintptr_t multiboot_info)
{
    (void)multiboot_info;   /* read from chapter 09 on, for the memory map */
    vga_clear();
    serial_init();
    idt_init();
    exceptions_init();
}
