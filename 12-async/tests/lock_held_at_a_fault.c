/* lock_held_at_a_fault.c: an exception with a lock held, outside any test. The report
   must say which locks the CPU holds (as Linux's lockdep says "1 lock held by ...");
   lock_held_at_a_fault.py reads it. Printing the report takes the print and serial
   locks as usual: only the one held before counts.
   harness: expect=failure printed="taking the table lock, then ud2"
   harness: printed="EXCEPTION: invalid opcode (#UD), vector 6" */
#include <stdint.h>

#include "cpu/spinlock.h"
#include "devices/serial.h"
#include "init.h"

static struct spinlock table_lock = SPINLOCK_INIT("table");

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    serial_printf("lock_held_at_a_fault: taking the table lock, then ud2\n");
    spinlock_lock(&table_lock);
    __asm__ volatile("ud2");
    spinlock_unlock(&table_lock);
}
