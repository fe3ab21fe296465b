/* fixed_block.c: the fixed-size block allocator: requests up to 2048 bytes rounded up
   to a power of two (8 classes, 8 to 2048), each class with its own list of free
   blocks, so that alloc and free are a pop and a push. Bigger or more aligned
   requests, and new blocks for an empty class, come from a linked list (free_list.c);
   under memory pressure the classes give their free blocks back to it. */
#include "memory/allocator/allocator.h"

#include "lib/string.h"

#define FIXED_MAGIC     0x4B4C4246u     /* "FBLK": never a free_list magic */
#define STATE_ALLOCATED 0xA11Cu
#define STATE_FREE      0xF4EEu
#define CLASS_MIN_SHIFT 3               /* 8 bytes */
#define CLASS_MAX_SHIFT 11              /* 2048 bytes */
#define CLASSES         (CLASS_MAX_SHIFT - CLASS_MIN_SHIFT + 1)

/* A class block's header, just before the pointer handed out: where a free_list block
   has its own header, so that free tells the two apart by the magic. The block itself
   is the inside of one free_list block, which stays allocated while the class has it. */
struct fixed_block {
    uint32_t magic;
    uint16_t state;
    uint16_t class_index;
    uint32_t requested;
    uint32_t unused;
    struct fixed_block *next_free;  /* on its class's free list */
    uint64_t reserved;
};
#define HEADER sizeof(struct fixed_block)   /* 32: pointers stay 16-aligned */

static struct free_list list;
static struct {
    struct fixed_block *free[CLASSES];
    size_t free_count[CLASSES];
    bool checks;
    free_list_error error;
    size_t held_blocks, held_bytes;     /* free_list blocks the classes hold */
    size_t live_blocks, live_bytes;     /* class blocks handed out */
} fixed;

static size_t canary_size(void)
{
    return fixed.checks ? FREE_LIST_CANARY_SIZE : 0;
}

static size_t class_size(unsigned index)
{
    return (size_t)1 << (index + CLASS_MIN_SHIFT);
}

/* The class for size bytes: the smallest power of two that holds it (size <= 2048). */
static unsigned class_of(size_t size)
{
    if (size <= class_size(0)) {
        return 0;
    }
    unsigned bits = 64 - (unsigned)__builtin_clzl(size - 1);   /* 2^bits >= size */
    return bits - CLASS_MIN_SHIFT;
}

static void fixed_init(void *start, size_t size, free_list_grow grow, free_list_error error,
                       bool checks)
{
    free_list_init(&list, start, size, grow, error, checks);
    fixed = (typeof(fixed)){.checks = checks, .error = error};
}

/* Give every free class block back to the linked list, which merges them. */
static void give_back(void)
{
    for (unsigned index = 0; index < CLASSES; index++) {
        struct fixed_block *block = fixed.free[index];
        while (block) {
            struct fixed_block *next = block->next_free;
            block->magic = 0;   /* no longer a class block */
            fixed.held_blocks--;
            fixed.held_bytes -= HEADER + class_size(index) + canary_size();
            free_list_free(&list, block);
            block = next;
        }
        fixed.free[index] = NULL;
        fixed.free_count[index] = 0;
    }
}

/* A linked-list allocation (which grows the region if it must), retried once the
   classes gave their free blocks back if that failed. */
static void *list_alloc(size_t size, size_t align)
{
    void *pointer = free_list_alloc(&list, size, align);
    if (!pointer && fixed.held_blocks > fixed.live_blocks) {
        give_back();
        pointer = free_list_alloc(&list, size, align);
    }
    return pointer;
}

static void *fixed_alloc(size_t size, size_t align)
{
    if (size == 0) {
        return NULL;
    }
    if (size > class_size(CLASSES - 1) || align > FREE_LIST_ALIGN) {
        return list_alloc(size, align);     /* it checks size and align itself */
    }
    unsigned index = class_of(size);
    struct fixed_block *block = fixed.free[index];
    if (block) {
        fixed.free[index] = block->next_free;
        fixed.free_count[index]--;
    } else {
        block = free_list_alloc(&list, HEADER + class_size(index) + canary_size(),
                                FREE_LIST_ALIGN);
        if (!block) {
            return list_alloc(size, align);     /* the classes' spares, merged, may do */
        }
        fixed.held_blocks++;
        fixed.held_bytes += HEADER + class_size(index) + canary_size();
    }
    *block = (struct fixed_block){.magic = FIXED_MAGIC, .state = STATE_ALLOCATED,
                                  .class_index = (uint16_t)index, .requested = (uint32_t)size};
    uint8_t *bytes = (uint8_t *)(block + 1);
    if (fixed.checks) {
        memset(bytes + size, FREE_LIST_CANARY, FREE_LIST_CANARY_SIZE);
    }
    fixed.live_blocks++;
    fixed.live_bytes += size;
    return bytes;
}

/* pointer's class block, NULL if it is a linked-list block. A class block that is
   not live is reported (and *reported set). */
static struct fixed_block *class_block(void *pointer, bool *reported)
{
    *reported = false;
    uintptr_t address = (uintptr_t)pointer;
    if (address < list.start + 2 * HEADER || address >= list.end ||
        address % FREE_LIST_ALIGN != 0) {
        return NULL;    /* free_list reports it */
    }
    struct fixed_block *block = (struct fixed_block *)(address - HEADER);
    if (block->magic != FIXED_MAGIC) {
        return NULL;
    }
    *reported = true;
    if (block->state == STATE_FREE) {
        fixed.error(FREE_LIST_DOUBLE_FREE, address, block->requested);
        return NULL;
    }
    if (block->state != STATE_ALLOCATED || block->class_index >= CLASSES ||
        block->requested > class_size(block->class_index)) {
        fixed.error(FREE_LIST_BAD_FREE, address, 0);
        return NULL;
    }
    const uint8_t *canary = (const uint8_t *)pointer + block->requested;
    for (size_t i = 0; i < canary_size(); i++) {
        if (canary[i] != FREE_LIST_CANARY) {
            fixed.error(FREE_LIST_OVERRUN, address, block->requested);
            return NULL;
        }
    }
    *reported = false;
    return block;
}

static void fixed_free(void *pointer)
{
    bool reported;
    struct fixed_block *block = class_block(pointer, &reported);
    if (!block) {
        if (!reported) {
            free_list_free(&list, pointer);
        }
        return;
    }
    unsigned index = block->class_index;
    if (fixed.checks) {
        memset(pointer, FREE_LIST_POISON, class_size(index));
    }
    block->state = STATE_FREE;
    block->next_free = fixed.free[index];
    fixed.free[index] = block;
    fixed.free_count[index]++;
    fixed.live_blocks--;
    fixed.live_bytes -= block->requested;
}

static void *fixed_realloc(void *pointer, size_t size)
{
    if (!pointer) {
        return fixed_alloc(size, FREE_LIST_ALIGN);
    }
    if (size == 0) {
        fixed_free(pointer);
        return NULL;
    }
    bool reported;
    struct fixed_block *block = class_block(pointer, &reported);
    if (!block) {
        if (reported) {
            return NULL;
        }
        /* A list block stays one, even when it shrinks to a class's size: resized in
           place, a shrink never fails for want of room. */
        return free_list_realloc(&list, pointer, size);
    }
    if (size <= class_size(block->class_index)) {
        fixed.live_bytes = fixed.live_bytes - block->requested + size;
        block->requested = (uint32_t)size;
        if (fixed.checks) {
            memset((uint8_t *)pointer + size, FREE_LIST_CANARY, FREE_LIST_CANARY_SIZE);
        }
        return pointer;
    }
    void *moved = fixed_alloc(size, FREE_LIST_ALIGN);
    if (moved) {
        memcpy(moved, pointer, block->requested);
        fixed_free(pointer);
    }
    return moved;
}

static size_t fixed_largest(void)
{
    give_back();    /* the answer counts what the classes would give back for it */
    return free_list_largest(&list);
}

/* The linked list's own check, then each class's free list: headers, counts, poison. */
static const char *fixed_verify(void)
{
    const char *problem = free_list_verify(&list);
    if (problem) {
        return problem;
    }
    size_t spare = 0;
    for (unsigned index = 0; index < CLASSES; index++) {
        size_t count = 0;
        for (struct fixed_block *block = fixed.free[index]; block; block = block->next_free) {
            uintptr_t at = (uintptr_t)block;
            if (at < list.start || at >= list.end || block->magic != FIXED_MAGIC ||
                block->state != STATE_FREE || block->class_index != index) {
                return "a class free list holds a block that is not a free block of its class";
            }
            if (++count > fixed.free_count[index]) {
                return "a class free list is longer than its count (a cycle?)";
            }
        }
        if (count != fixed.free_count[index]) {
            return "a class free list is shorter than its count";
        }
        spare += count;
    }
    if (spare + fixed.live_blocks != fixed.held_blocks) {
        return "class blocks are lost: held is not free plus live";
    }
    /* Live class blocks' canaries: each is inside a free_list block the classes hold,
       found by walking the linked list's region. */
    for (uintptr_t at = list.start; at < list.end;) {
        struct free_list_block *outer = (struct free_list_block *)at;
        struct fixed_block *block = (struct fixed_block *)(outer + 1);
        if (block->magic == FIXED_MAGIC && block->state == STATE_ALLOCATED &&
            outer->requested == HEADER + class_size(block->class_index) + canary_size()) {
            const uint8_t *canary = (const uint8_t *)(block + 1) + block->requested;
            for (size_t i = 0; i < canary_size(); i++) {
                if (canary[i] != FREE_LIST_CANARY) {
                    return "an allocated block's canary is overwritten";
                }
            }
        }
        at += outer->size;
    }
    return NULL;
}

static size_t fixed_region_size(void) { return list.end - list.start; }

static size_t fixed_bytes_in_use(void)
{
    return list.bytes_in_use - fixed.held_bytes + fixed.live_bytes;
}

static size_t fixed_blocks_in_use(void)
{
    return list.blocks_in_use - fixed.held_blocks + fixed.live_blocks;
}

const struct allocator_ops fixed_block_allocator = {
    .name = "fixed_block", .init = fixed_init, .alloc = fixed_alloc, .free = fixed_free,
    .realloc = fixed_realloc, .largest = fixed_largest, .verify = fixed_verify,
    .region_size = fixed_region_size, .bytes_in_use = fixed_bytes_in_use,
    .blocks_in_use = fixed_blocks_in_use,
};
