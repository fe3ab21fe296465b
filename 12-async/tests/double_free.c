/* double_free.c: a block freed twice, outside any test. The heap must stop it with a
   report naming the error, the pointer and the block's size, the heap's lock held, and
   the calls that led there; double_free.py reads it.
   harness: expect=failure printed="double_free: freeing 0x"
   harness: printed="heap: double free of 0x" */
#include <stdint.h>

#include "devices/serial.h"
#include "init.h"
#include "memory/heap.h"

#define BLOCK_SIZE 24

/* noinline: the backtrace names it between kfree and kernel_main. */
static __attribute__((noinline)) void free_twice(void *block)
{
    kfree(block);
    kfree(block);
    __asm__ volatile("" ::: "memory");  /* keeps the call a call, not a jump */
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    void *block = kmalloc(BLOCK_SIZE);
    serial_printf("double_free: freeing %#lx (%d bytes) twice\n", (unsigned long)block,
                  BLOCK_SIZE);
    free_twice(block);
    serial_printf("double_free: still running after the second free, which is wrong\n");
}
