/* allocator.h: what the heap asks of an allocator, as a table of operations, so that
   heap.c stays the same whichever design sits behind it (bump, linked list, fixed-size
   blocks: chosen at build time with ALLOCATOR=). Each allocator manages one region. */
#ifndef ALLOCATOR_H
#define ALLOCATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory/free_list.h"

/* Every operation has free_list's contract (memory/free_list.h): alignment, NULL
   for size 0 or no room, errors to the error callback, canaries and poison with
   checks. Sizes always come from the block's header, never from the caller. */
struct allocator_ops {
    const char *name;
    void (*init)(void *start, size_t size, free_list_grow grow, free_list_error error,
                 bool checks);
    void *(*alloc)(size_t size, size_t align);
    void (*free)(void *pointer);
    void *(*realloc)(void *pointer, size_t size);
    size_t (*largest)(void);            /* the largest alloc that needs no growth */
    const char *(*verify)(void);        /* NULL if consistent */
    size_t (*region_size)(void);        /* bytes of region, growth included */
    size_t (*bytes_in_use)(void);       /* requested bytes of live blocks */
    size_t (*blocks_in_use)(void);
};

/* The three designs; heap.c uses the one named by HEAP_ALLOCATOR. */
extern const struct allocator_ops bump_allocator;
extern const struct allocator_ops linked_list_allocator;
extern const struct allocator_ops fixed_block_allocator;

#endif
