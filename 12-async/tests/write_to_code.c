/* write_to_code.c: a write into the kernel's own code, outside any test. The code is
   mapped read-only and CR0.WP makes that bind ring 0 too, so the write page-faults, and
   the report must show why: a protection violation on a write, in kernel code, and the
   walk with the read-only entry marked. write_to_code.py reads it. The write stores the
   byte that is there already: if it does not fault, the kernel says so and exits with
   failure, which the driver's checks catch.
   harness: expect=failure printed="write_to_code: writing to kernel_main"
   harness: printed="<- read-only" */
#include <stdint.h>

#include "debug/qemu_exit.h"
#include "devices/serial.h"
#include "init.h"

/* Read the first byte of kernel_main and write it back, through a volatile pointer, so
   that the compiler emits the store. */
static __attribute__((noinline)) void patch(volatile uint8_t *code)
{
    *code = *code;
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    serial_printf("write_to_code: writing to kernel_main at %#lx\n", (uintptr_t)kernel_main);
    patch((volatile uint8_t *)kernel_main);
    serial_printf("write_to_code: the write went through, which it must not\n");
    qemu_exit(QEMU_EXIT_FAILURE);
}
