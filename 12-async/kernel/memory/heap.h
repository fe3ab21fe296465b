/* heap.h: the kernel heap: kmalloc and friends over memory mapped at HEAP_START, which
   grows on demand up to HEAP_LIMIT. Exhaustion is a NULL, never a panic; a free that
   must not be (double, bad, after an overrun) is a panic that names it. */
#ifndef HEAP_H
#define HEAP_H

#include <stddef.h>

/* Map the heap's first HEAP_INITIAL_SIZE bytes and start the allocator on them. Once,
   in kernel_init, after memory_init (it needs frames and paging_map). Panics if the
   frames for the initial size cannot be had: the kernel cannot run without a heap. */
void heap_init(void);

/* size bytes, 16-aligned, contents undefined; NULL for size 0 or if there is no
   memory (the heap at HEAP_LIMIT, or no frames left to grow it). Not from an interrupt
   handler (it panics): a handler that interrupted kmalloc would find the heap's lock
   held, and one that waited for memory would wait with interrupts off. */
void *kmalloc(size_t size);

/* Give back what kmalloc, kcalloc, krealloc or kmalloc_aligned returned; NULL does
   nothing. Panics on a double free, a pointer the heap never handed out, and (in test
   kernels and with HEAP_DEBUG) a block whose canary was overwritten. Not from an
   interrupt handler. */
void kfree(void *pointer);

/* count * size bytes, zeroed; NULL if the product overflows, is 0, or has no room. */
void *kcalloc(size_t count, size_t size);

/* The block at pointer resized to size bytes, its contents kept up to the smaller of
   the sizes; it may move (then 16-aligned, whatever alignment it had). krealloc(NULL,
   size) is kmalloc(size); krealloc(pointer, 0) frees it and returns NULL. NULL if
   there is no room: the old block is then untouched and still the caller's. */
void *krealloc(void *pointer, size_t size);

/* size bytes aligned to align, a power of two up to PAGE_SIZE (NULL for others);
   freed with kfree. */
void *kmalloc_aligned(size_t size, size_t align);

/* Bytes the heap has mapped (its size now), bytes handed out and not freed (as asked
   for, without headers), and how many blocks that is. */
size_t heap_size(void);
size_t heap_bytes_in_use(void);
size_t heap_allocation_count(void);

/* The largest kmalloc that succeeds without the heap growing. */
size_t heap_largest_free(void);

/* The allocator's verify on the heap, under its lock: NULL if its blocks are
   consistent. */
const char *heap_verify(void);

/* Which allocator this kernel was built with: "bump", "linked_list", "fixed_block". */
const char *heap_allocator_name(void);

#endif
