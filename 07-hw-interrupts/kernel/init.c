/* init.c: kernel_init, the one boot-time initialisation sequence. */
#include "init.h"

#include "exceptions.h"
#include "gdt.h"
#include "idt.h"
#include "keyboard/keyboard.h"
#include "pic.h"
#include "pit.h"
#include "serial.h"
#include "stacks.h"
#include "status_line.h"
#include "tss.h"
#include "vga.h"
#include "x86.h"

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
    pic_init();
    status_line_init();
    pit_init(PIT_DEFAULT_HZ, status_line_tick);
    keyboard_init();
    sti();
}
