/* heap_overrun.c: a write one byte past the end of a block, outside any test. kfree
   finds the canary after the block overwritten and must stop with a report naming the
   block and its size; heap_overrun.py reads it.
   harness: expect=failure printed="heap_overrun: writing past 0x"
   harness: printed="heap: overrun of 0x" */
#include <stdint.h>

#include "devices/serial.h"
#include "init.h"
#include "memory/heap.h"

#define BLOCK_SIZE 20

/* An off-by-one, the classic: <= where < was meant. */
static __attribute__((noinline)) void fill_one_too_many(uint8_t *block)
{
    for (int i = 0; i <= BLOCK_SIZE; i++) {
        block[i] = (uint8_t)i;
    }
    kfree(block);
    __asm__ volatile("" ::: "memory");
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    uint8_t *block = kmalloc(BLOCK_SIZE);
    serial_printf("heap_overrun: writing past %#lx (%d bytes), then freeing it\n",
                  (unsigned long)block, BLOCK_SIZE);
    fill_one_too_many(block);
    serial_printf("heap_overrun: still running after the free, which is wrong\n");
}
