/* linked_list.c: the linked-list allocator: chapter 10's address-ordered first-fit
   free list (memory/free_list.c, which splits, merges its neighbours on free and puts
   the front padding of an aligned block back on the list), behind the ops table. */
#include "memory/allocator/allocator.h"

static struct free_list list;

static void ll_init(void *start, size_t size, free_list_grow grow, free_list_error error,
                    bool checks)
{
    free_list_init(&list, start, size, grow, error, checks);
}

static void *ll_alloc(size_t size, size_t align) { return free_list_alloc(&list, size, align); }
static void ll_free(void *pointer) { free_list_free(&list, pointer); }
static void *ll_realloc(void *pointer, size_t size) { return free_list_realloc(&list, pointer, size); }
static size_t ll_largest(void) { return free_list_largest(&list); }
static const char *ll_verify(void) { return free_list_verify(&list); }
static size_t ll_region_size(void) { return list.end - list.start; }
static size_t ll_bytes_in_use(void) { return list.bytes_in_use; }
static size_t ll_blocks_in_use(void) { return list.blocks_in_use; }

const struct allocator_ops linked_list_allocator = {
    .name = "linked_list", .init = ll_init, .alloc = ll_alloc, .free = ll_free,
    .realloc = ll_realloc, .largest = ll_largest, .verify = ll_verify,
    .region_size = ll_region_size, .bytes_in_use = ll_bytes_in_use,
    .blocks_in_use = ll_blocks_in_use,
};
