/* null_dereference.c: a read through a NULL pointer to a struct, outside any test, one
   call deep. Page 0 is not mapped, so the read page-faults at address 8 (the field's
   offset), and the report must say so in words: a read of page 0, a NULL pointer
   dereference, and the walk that ends at the entry that is not present.
   null_dereference.py reads the report. If the read does not fault (page 0 mapped),
   the kernel says so and exits with failure, which the driver's checks catch.
   harness: expect=failure printed="reading pair->second with pair == NULL"
   harness: printed="a NULL pointer dereference" */
#include <stdint.h>

#include "debug/qemu_exit.h"
#include "devices/serial.h"
#include "init.h"

struct pair {
    uint64_t first;
    uint64_t second;
};

/* The volatile pointer hides from the compiler that it is NULL: what it compiles is an
   ordinary load, as from any pointer (-fno-delete-null-pointer-checks keeps it too). */
static __attribute__((noinline)) uint64_t second_of(const struct pair *volatile *pair)
{
    return (*pair)->second;
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    const struct pair *volatile pair = NULL;
    serial_printf("null_dereference: reading pair->second with pair == NULL\n");
    uint64_t value = second_of(&pair);
    serial_printf("null_dereference: read %#lx from address 8, which must not be mapped\n",
                  value);
    qemu_exit(QEMU_EXIT_FAILURE);
}
