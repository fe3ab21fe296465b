/* free_list.h: the heap's allocator: a region of memory cut into blocks, the free ones
   on a list in address order, found first fit, split, and merged with their free
   neighbours when freed. Pure (it knows nothing of paging: the region grows through a
   callback): host-tested. */
#ifndef FREE_LIST_H
#define FREE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FREE_LIST_ALIGN     16      /* every block and every pointer handed out */
#define FREE_LIST_ALIGN_MAX 4096    /* the largest alignment free_list_alloc takes */
#define FREE_LIST_POISON    0xDF    /* freed bytes, with checks on: "dead, freed" */
#define FREE_LIST_CANARY    0xCA    /* the bytes just past a block, with checks on */
#define FREE_LIST_CANARY_SIZE 8

/* A block's header, just before the pointer handed out. The blocks tile the region:
   the next block starts size bytes after this one. */
struct free_list_block {
    uint32_t magic;                 /* FREE_LIST_MAGIC: a header we wrote */
    uint32_t state;                 /* allocated or free */
    size_t size;                    /* the whole block, header included */
    size_t requested;               /* the bytes asked for */
    struct free_list_block *next;   /* free blocks: the next free one, higher up */
};

#define FREE_LIST_HEADER sizeof(struct free_list_block)    /* 32 bytes */

/* What a check found wrong with a pointer given to free_list_free or _realloc. */
enum free_list_error_kind {
    FREE_LIST_BAD_FREE,     /* not a block the allocator handed out */
    FREE_LIST_DOUBLE_FREE,  /* a block already freed */
    FREE_LIST_OVERRUN,      /* the canary after the block is overwritten */
};

/* Told of an error, with the pointer and the block's requested size (0 for a bad
   free: there is no block). If it returns, the call that found the error does
   nothing more (free_list_realloc returns NULL). */
typedef void (*free_list_error)(enum free_list_error_kind kind, uintptr_t pointer,
                                size_t size);

/* Asked for at least bytes more at the region's end: makes them usable and returns
   how many it added (a multiple of FREE_LIST_ALIGN, maybe more than asked, maybe fewer
   if memory ran out part way), or 0. */
typedef size_t (*free_list_grow)(size_t bytes);

struct free_list {
    uintptr_t start, end;           /* the region: [start, end) */
    struct free_list_block *free;   /* the free blocks, lowest first */
    free_list_grow grow;            /* NULL: the region never grows */
    free_list_error error;
    bool checks;                    /* canaries and poison (headers are always checked) */
    size_t bytes_in_use;            /* requested bytes of the allocated blocks */
    size_t blocks_in_use;
};

/* Manage size bytes at start (both multiples of FREE_LIST_ALIGN, size at least
   FREE_LIST_MIN_REGION), all free. grow may be NULL; error must not be. With checks,
   each block gets a canary after its bytes, checked when it is freed, and freed
   bytes are filled with FREE_LIST_POISON. */
#define FREE_LIST_MIN_REGION 64
void free_list_init(struct free_list *list, void *start, size_t size, free_list_grow grow,
                    free_list_error error, bool checks);

/* size bytes aligned to align (a power of two up to FREE_LIST_ALIGN_MAX; smaller ones
   give FREE_LIST_ALIGN), contents whatever they were; NULL for size 0, a bad align, or
   if neither the region nor its growth can hold it. */
void *free_list_alloc(struct free_list *list, size_t size, size_t align);

/* Give back a block free_list_alloc or _realloc handed out, and merge it with free
   neighbours. A pointer that fails the checks goes to the error function instead. */
void free_list_free(struct free_list *list, void *pointer);

/* The block at pointer resized to size bytes, its contents kept up to the smaller
   size: in place if it fits, else moved (to FREE_LIST_ALIGN only). NULL pointer: as
   free_list_alloc(size). Size 0: frees it and returns NULL. NULL if there is no room,
   the old block then untouched. */
void *free_list_realloc(struct free_list *list, void *pointer, size_t size);

/* The largest size that one free_list_alloc could get without growing the region. */
size_t free_list_largest(const struct free_list *list);

/* Walk every block and the free list and check that they agree: blocks tiling the
   region, headers intact, the free list in order with no two free blocks side by
   side, counts right (and, with checks, every allocated block's canary). NULL if all
   is well, else what is wrong. For tests. */
const char *free_list_verify(const struct free_list *list);

#endif
