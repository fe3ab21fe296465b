/* free_list.c: first fit over an address-ordered list of free blocks. Allocation takes
   the first free block big enough and splits off what it does not need; freeing puts
   the block back in address order and merges it with the free blocks on either side,
   so that freeing everything leaves one block as big as the region again. Freeing
   walks the list (O(free blocks)): simple first, faster designs in chapter 11. */
#include "memory/free_list.h"

#include "lib/string.h"

#define FREE_LIST_MAGIC 0x4B48454Au     /* "JEHK": a header this allocator wrote */
#define STATE_ALLOCATED 0xA11Cu
#define STATE_FREE      0xF4EEu
/* The smallest block: a header and one aligned slot. Leftovers smaller than this stay
   in the block they came from, as a few bytes of slack. */
#define MIN_BLOCK       (FREE_LIST_HEADER + FREE_LIST_ALIGN)
/* Requests above this are refused outright, so that the sums below cannot wrap. */
#define REQUEST_MAX     ((size_t)1 << 48)

static uintptr_t align_up(uintptr_t value, size_t align)
{
    return (value + align - 1) & ~(uintptr_t)(align - 1);
}

static struct free_list_block *block_of(const void *pointer)
{
    return (struct free_list_block *)((uintptr_t)pointer - FREE_LIST_HEADER);
}

static uint8_t *user_bytes(struct free_list_block *block)
{
    return (uint8_t *)block + FREE_LIST_HEADER;
}

/* The bytes of block a request of size needs: header, bytes, canary, rounded up. */
static size_t block_size_for(const struct free_list *list, size_t size)
{
    size_t canary = list->checks ? FREE_LIST_CANARY_SIZE : 0;
    return align_up(FREE_LIST_HEADER + size + canary, FREE_LIST_ALIGN);
}

static void write_canary(const struct free_list *list, struct free_list_block *block)
{
    if (list->checks) {
        memset(user_bytes(block) + block->requested, FREE_LIST_CANARY, FREE_LIST_CANARY_SIZE);
    }
}

static bool canary_intact(const struct free_list *list, struct free_list_block *block)
{
    if (!list->checks) {
        return true;
    }
    const uint8_t *canary = user_bytes(block) + block->requested;
    for (size_t i = 0; i < FREE_LIST_CANARY_SIZE; i++) {
        if (canary[i] != FREE_LIST_CANARY) {
            return false;
        }
    }
    return true;
}

/* Put a free block into the list in address order and merge it with the free blocks
   just below and just above it. A merged header stays where it was, marked free, so
   that freeing its pointer again is still seen as a double free. */
static void insert_free(struct free_list *list, struct free_list_block *block)
{
    struct free_list_block *below = NULL, *above = list->free;
    while (above && above < block) {
        below = above;
        above = above->next;
    }
    block->state = STATE_FREE;
    block->next = above;
    if (below) {
        below->next = block;
    } else {
        list->free = block;
    }
    if (above && (uintptr_t)block + block->size == (uintptr_t)above) {
        block->size += above->size;
        block->next = above->next;
    }
    if (below && (uintptr_t)below + below->size == (uintptr_t)block) {
        below->size += block->size;
        below->next = block->next;
    }
}

void free_list_init(struct free_list *list, void *start, size_t size, free_list_grow grow,
                    free_list_error error, bool checks)
{
    *list = (struct free_list){
        .start = (uintptr_t)start, .end = (uintptr_t)start + size,
        .grow = grow, .error = error, .checks = checks,
    };
    struct free_list_block *block = start;
    *block = (struct free_list_block){.magic = FREE_LIST_MAGIC, .size = size};
    insert_free(list, block);
}

/* Where in free block a block of need bytes aligned to align can start, or 0 if it
   does not fit. A gap left in front must be able to stay a free block of its own. */
static uintptr_t fit(const struct free_list_block *block, size_t need, size_t align)
{
    uintptr_t start = (uintptr_t)block;
    uintptr_t at = align_up(start + FREE_LIST_HEADER, align) - FREE_LIST_HEADER;
    while (at != start && at - start < MIN_BLOCK) {
        at += align;
    }
    return at - start <= block->size && need <= block->size - (at - start) ? at : 0;
}

/* Cut a block of need bytes at at out of the free block found after below (NULL: it
   is the first), mark it allocated for size bytes. */
static struct free_list_block *carve(struct free_list *list, struct free_list_block *below,
                                     struct free_list_block *found, uintptr_t at,
                                     size_t need, size_t size)
{
    uintptr_t found_end = (uintptr_t)found + found->size;
    struct free_list_block *next = found->next;
    if (at != (uintptr_t)found) {
        found->size = at - (uintptr_t)found;    /* the gap in front stays free */
        below = found;
    }
    size_t tail = found_end - (at + need);
    if (tail >= MIN_BLOCK) {
        struct free_list_block *rest = (struct free_list_block *)(at + need);
        *rest = (struct free_list_block){.magic = FREE_LIST_MAGIC, .state = STATE_FREE,
                                         .size = tail, .next = next};
        next = rest;
    } else {
        need += tail;   /* too small to be a block: slack at the end of this one */
    }
    if (below) {
        below->next = next;
    } else {
        list->free = next;
    }
    struct free_list_block *block = (struct free_list_block *)at;
    *block = (struct free_list_block){.magic = FREE_LIST_MAGIC, .state = STATE_ALLOCATED,
                                      .size = need, .requested = size};
    write_canary(list, block);
    list->bytes_in_use += size;
    list->blocks_in_use++;
    return block;
}

static void *first_fit(struct free_list *list, size_t need, size_t size, size_t align)
{
    struct free_list_block *below = NULL;
    for (struct free_list_block *block = list->free; block; below = block, block = block->next) {
        uintptr_t at = fit(block, need, align);
        if (at) {
            return user_bytes(carve(list, below, block, at, need, size));
        }
    }
    return NULL;
}

/* Ask for room for need bytes at align past the region's end, and add what came as a
   free block (merged with a free block that ends the region). */
static bool grow(struct free_list *list, size_t need, size_t align)
{
    if (!list->grow) {
        return false;
    }
    size_t added = list->grow(need + align + MIN_BLOCK);
    if (added < MIN_BLOCK) {
        return false;   /* nothing, or too little to be a block (never, from whole pages) */
    }
    struct free_list_block *block = (struct free_list_block *)list->end;
    *block = (struct free_list_block){.magic = FREE_LIST_MAGIC, .size = added};
    list->end += added;
    insert_free(list, block);
    return true;
}

void *free_list_alloc(struct free_list *list, size_t size, size_t align)
{
    if (size == 0 || size > REQUEST_MAX || align == 0 || (align & (align - 1)) != 0 ||
        align > FREE_LIST_ALIGN_MAX) {
        return NULL;
    }
    align = align < FREE_LIST_ALIGN ? FREE_LIST_ALIGN : align;
    size_t need = block_size_for(list, size);
    void *pointer = first_fit(list, need, size, align);
    if (!pointer && grow(list, need, align)) {
        pointer = first_fit(list, need, size, align);
    }
    return pointer;
}

/* The allocated block at pointer, or NULL after telling the error function why not. */
static struct free_list_block *checked_block(struct free_list *list, void *pointer)
{
    uintptr_t address = (uintptr_t)pointer;
    if (address < list->start + FREE_LIST_HEADER || address >= list->end ||
        address % FREE_LIST_ALIGN != 0 || block_of(pointer)->magic != FREE_LIST_MAGIC) {
        list->error(FREE_LIST_BAD_FREE, address, 0);
        return NULL;
    }
    struct free_list_block *block = block_of(pointer);
    if (block->state == STATE_FREE) {
        list->error(FREE_LIST_DOUBLE_FREE, address, block->requested);
        return NULL;
    }
    if (block->state != STATE_ALLOCATED) {
        list->error(FREE_LIST_BAD_FREE, address, 0);
        return NULL;
    }
    if (!canary_intact(list, block)) {
        list->error(FREE_LIST_OVERRUN, address, block->requested);
        return NULL;
    }
    return block;
}

void free_list_free(struct free_list *list, void *pointer)
{
    struct free_list_block *block = checked_block(list, pointer);
    if (!block) {
        return;
    }
    list->bytes_in_use -= block->requested;
    list->blocks_in_use--;
    if (list->checks) {
        memset(user_bytes(block), FREE_LIST_POISON, block->size - FREE_LIST_HEADER);
    }
    insert_free(list, block);
}

void *free_list_realloc(struct free_list *list, void *pointer, size_t size)
{
    if (!pointer) {
        return free_list_alloc(list, size, FREE_LIST_ALIGN);
    }
    if (size == 0) {
        free_list_free(list, pointer);
        return NULL;
    }
    struct free_list_block *block = checked_block(list, pointer);
    if (!block || size > REQUEST_MAX) {
        return NULL;
    }
    if (block_size_for(list, size) <= block->size) {
        list->bytes_in_use = list->bytes_in_use - block->requested + size;
        block->requested = size;    /* it fits: the slack grows or shrinks */
        write_canary(list, block);
        return pointer;
    }
    void *moved = free_list_alloc(list, size, FREE_LIST_ALIGN);
    if (moved) {
        memcpy(moved, pointer, block->requested);
        free_list_free(list, pointer);
    }
    return moved;
}

size_t free_list_largest(const struct free_list *list)
{
    size_t largest = 0;
    for (const struct free_list_block *block = list->free; block; block = block->next) {
        largest = block->size > largest ? block->size : largest;
    }
    size_t overhead = FREE_LIST_HEADER + (list->checks ? FREE_LIST_CANARY_SIZE : 0);
    return largest > overhead ? (largest - overhead) & ~(size_t)(FREE_LIST_ALIGN - 1) : 0;
}

const char *free_list_verify(const struct free_list *list)
{
    const struct free_list_block *next_free = list->free;
    size_t bytes = 0, blocks = 0;
    bool previous_free = false;
    uintptr_t at = list->start;
    while (at < list->end) {
        struct free_list_block *block = (struct free_list_block *)at;
        if (block->magic != FREE_LIST_MAGIC || block->size < MIN_BLOCK ||
            block->size % FREE_LIST_ALIGN != 0 || block->size > list->end - at) {
            return "a block header is damaged";
        }
        if (block->state == STATE_FREE) {
            if (block != next_free) {
                return "a free block is not on the free list, or not in address order";
            }
            if (previous_free) {
                return "two free blocks side by side were not merged";
            }
            next_free = block->next;
        } else if (block->state == STATE_ALLOCATED) {
            if (block_size_for(list, block->requested) > block->size) {
                return "an allocated block is smaller than its request";
            }
            if (!canary_intact(list, block)) {
                return "an allocated block's canary is overwritten";
            }
            bytes += block->requested;
            blocks++;
        } else {
            return "a block header has an unknown state";
        }
        previous_free = block->state == STATE_FREE;
        at += block->size;
    }
    if (next_free) {
        return "the free list has a block that is not in the region's walk";
    }
    if (bytes != list->bytes_in_use || blocks != list->blocks_in_use) {
        return "the counts of bytes and blocks in use are wrong";
    }
    return NULL;
}
