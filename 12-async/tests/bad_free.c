/* bad_free.c: a free of a pointer the heap never handed out (the middle of a block),
   outside any test. The heap must stop it with a report naming the pointer; bad_free.py
   reads it.
   harness: expect=failure printed="bad_free: freeing 0x"
   harness: printed="heap: bad free of 0x" */
#include <stdint.h>

#include "devices/serial.h"
#include "init.h"
#include "memory/heap.h"

#define BLOCK_SIZE   64
#define INSIDE_BLOCK 16     /* bytes into the block: 16-aligned, so only the header tells */

static __attribute__((noinline)) void free_inside(uint8_t *block)
{
    kfree(block + INSIDE_BLOCK);
    __asm__ volatile("" ::: "memory");
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    uint8_t *block = kmalloc(BLOCK_SIZE);
    serial_printf("bad_free: freeing %#lx, %d bytes into a block\n",
                  (unsigned long)(block + INSIDE_BLOCK), INSIDE_BLOCK);
    free_inside(block);
    serial_printf("bad_free: still running after the bad free, which is wrong\n");
}
