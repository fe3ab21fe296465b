/* nmi_report.c: a non-maskable interrupt (injected by nmi_report.py through QEMU's
   monitor) must be reported like any other vector without a handler, not end in a
   triple fault. It may land anywhere (the serial line may still be going out); after
   that the CPU waits in hlt, which an NMI wakes even with interrupts off.
   harness: expect=failure printed="nmi_report: waiting for an NMI"
   harness: printed="EXCEPTION: non-maskable interrupt (NMI), vector 2" */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/serial.h"
#include "init.h"

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    serial_printf("nmi_report: waiting for an NMI\n");
    for (;;) {
        hlt();
    }
}
