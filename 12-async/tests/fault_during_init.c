/* fault_during_init.c: a fault inside kernel_init, before the TSS and the kernel's own
   GDT exist, must be reported like any other. This kernel unmaps a page of the
   double-fault stack first, so that stacks_init faults when it paints that stack. With
   the IDT loaded after stacks_init, tss_init and gdt_init, there would be no IDT yet:
   a triple fault, and a reset with nothing said. fault_during_init.py reads the report.
   harness: expect=failure printed="in the double-fault stack"
   harness: printed="EXCEPTION: page fault (#PF), vector 14" */
#include <stdint.h>

#include "cpu/stacks.h"
#include "devices/serial.h"
#include "init.h"
#include "memory/paging.h"

void kernel_main(uintptr_t multiboot_info)
{
    serial_init();
    uintptr_t page = (uintptr_t)stack_for_ist(IST_DOUBLE_FAULT)->bottom;
    serial_printf("fault_during_init: unmapped %#lx, in the double-fault stack\n",
                  paging_unmap_page(page) ? page : 0);
    kernel_init(multiboot_info);
    serial_printf("fault_during_init: kernel_init returned, which it cannot\n");
}
