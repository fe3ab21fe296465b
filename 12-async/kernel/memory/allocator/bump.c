/* bump.c: the bump allocator: a pointer that only moves up. Each block gets a small
   header (for the catchers and for realloc's size); freeing only counts down, and
   when nothing is live any more the pointer goes back to the region's start. */
#include "memory/allocator/allocator.h"

#include "lib/string.h"

#define BUMP_MAGIC      0x504D5542u     /* "BUMP" */
#define STATE_ALLOCATED 0xA11Cu
#define STATE_FREE      0xF4EEu
#define STATE_PADDING   0x9ADu      /* alignment padding: requested is its length */
#define REQUEST_MAX     ((size_t)1 << 48)   /* so that the sums below cannot wrap */

/* Just before each pointer handed out; 16 bytes keep the pointer 16-aligned. */
struct bump_header {
    uint32_t magic;
    uint32_t state;
    uint64_t requested;
};
#define HEADER sizeof(struct bump_header)

static struct {
    uintptr_t start, next, end;     /* [start, next) handed out, [next, end) not yet */
    free_list_grow grow;
    free_list_error error;
    bool checks;
    size_t bytes_in_use, blocks_in_use;
} bump;

static uintptr_t align_up(uintptr_t value, size_t align)
{
    return (value + align - 1) & ~(uintptr_t)(align - 1);
}

static size_t canary_size(void)
{
    return bump.checks ? FREE_LIST_CANARY_SIZE : 0;
}

static void bump_init(void *start, size_t size, free_list_grow grow, free_list_error error,
                      bool checks)
{
    bump = (typeof(bump)){.start = (uintptr_t)start, .next = (uintptr_t)start,
                          .end = (uintptr_t)start + size, .grow = grow, .error = error,
                          .checks = checks};
}

static void *bump_alloc(size_t size, size_t align)
{
    if (size == 0 || size > REQUEST_MAX || align == 0 || (align & (align - 1)) != 0 ||
        align > FREE_LIST_ALIGN_MAX) {
        return NULL;
    }
    align = align < FREE_LIST_ALIGN ? FREE_LIST_ALIGN : align;
    uintptr_t at = align_up(bump.next + HEADER, align), after;
    if (__builtin_add_overflow(at, size + canary_size() + FREE_LIST_ALIGN - 1, &after)) {
        return NULL;    /* past the top of the address space */
    }
    after &= ~(uintptr_t)(FREE_LIST_ALIGN - 1);
    if (after > bump.end) {
        /* The checked end: ask for what is missing, which the region adds above end. */
        size_t added = bump.grow ? bump.grow(after - bump.end) : 0;
        if (added < after - bump.end) {
            bump.end += added;  /* kept: it is mapped now */
            return NULL;
        }
        bump.end += added;
    }
    if (at - HEADER != bump.next) {
        /* Marked, so that verify can walk the blocks, and never a stale header. */
        *(struct bump_header *)bump.next = (struct bump_header){
            .magic = BUMP_MAGIC, .state = STATE_PADDING, .requested = at - 2 * HEADER - bump.next};
    }
    struct bump_header *header = (struct bump_header *)(at - HEADER);
    *header = (struct bump_header){.magic = BUMP_MAGIC, .state = STATE_ALLOCATED,
                                   .requested = size};
    if (bump.checks) {
        memset((uint8_t *)at + size, FREE_LIST_CANARY, FREE_LIST_CANARY_SIZE);
    }
    bump.next = after;
    bump.bytes_in_use += size;
    bump.blocks_in_use++;
    return (void *)at;
}

static bool canary_intact(const struct bump_header *header)
{
    const uint8_t *canary = (const uint8_t *)(header + 1) + header->requested;
    for (size_t i = 0; i < canary_size(); i++) {
        if (canary[i] != FREE_LIST_CANARY) {
            return false;
        }
    }
    return true;
}

/* The live block at pointer, or NULL after telling the error function why not. */
static struct bump_header *checked_header(void *pointer)
{
    uintptr_t address = (uintptr_t)pointer;
    struct bump_header *header = (struct bump_header *)(address - HEADER);
    /* Up to end, not next: a block freed twice, the second time after the reset that
       the first free made, still has its header saying so. */
    if (address < bump.start + HEADER || address >= bump.end ||
        address % FREE_LIST_ALIGN != 0 || header->magic != BUMP_MAGIC) {
        bump.error(FREE_LIST_BAD_FREE, address, 0);
        return NULL;
    }
    if (header->state == STATE_FREE) {
        bump.error(FREE_LIST_DOUBLE_FREE, address, header->requested);
        return NULL;
    }
    /* The live count never goes below zero: nothing above next is live. */
    if (header->state != STATE_ALLOCATED || address >= bump.next || bump.blocks_in_use == 0) {
        bump.error(FREE_LIST_BAD_FREE, address, 0);
        return NULL;
    }
    if (!canary_intact(header)) {
        bump.error(FREE_LIST_OVERRUN, address, header->requested);
        return NULL;
    }
    return header;
}

static void bump_free(void *pointer)
{
    struct bump_header *header = checked_header(pointer);
    if (!header) {
        return;
    }
    header->state = STATE_FREE;
    if (bump.checks) {
        memset(pointer, FREE_LIST_POISON, header->requested);
    }
    bump.bytes_in_use -= header->requested;
    if (--bump.blocks_in_use == 0) {
        bump.next = bump.start;     /* nothing live: all of it can be handed out again */
    }
}

static void *bump_realloc(void *pointer, size_t size)
{
    if (!pointer) {
        return bump_alloc(size, FREE_LIST_ALIGN);
    }
    if (size == 0) {
        bump_free(pointer);
        return NULL;
    }
    struct bump_header *header = checked_header(pointer);
    if (!header || size > REQUEST_MAX) {
        return NULL;
    }
    /* In place only if it shrinks: a bump allocator that grew its last block in
       place would be faster at it, but chapter 10's vec test watches items move. */
    if (size <= header->requested) {
        uintptr_t end = align_up((uintptr_t)pointer + header->requested + canary_size(),
                                 FREE_LIST_ALIGN);
        uintptr_t new_end = align_up((uintptr_t)pointer + size + canary_size(),
                                     FREE_LIST_ALIGN);
        if (new_end != end) {   /* the freed tail marked as padding, for verify's walk */
            *(struct bump_header *)new_end = (struct bump_header){
                .magic = BUMP_MAGIC, .state = STATE_PADDING, .requested = end - new_end - HEADER};
        }
        bump.bytes_in_use = bump.bytes_in_use - header->requested + size;
        header->requested = size;
        if (bump.checks) {
            memset((uint8_t *)pointer + size, FREE_LIST_CANARY, FREE_LIST_CANARY_SIZE);
        }
        return pointer;
    }
    void *moved = bump_alloc(size, FREE_LIST_ALIGN);
    if (moved) {
        memcpy(moved, pointer, header->requested);
        bump_free(pointer);
    }
    return moved;
}

static size_t bump_largest(void)
{
    uintptr_t at = align_up(bump.next + HEADER, FREE_LIST_ALIGN);
    size_t overhead = canary_size() + FREE_LIST_ALIGN;  /* the rounding up of the end */
    return at + overhead < bump.end ? (bump.end - at - overhead) & ~(size_t)(FREE_LIST_ALIGN - 1)
                                    : 0;
}

/* Walk the blocks from start to next (padding marked as such): headers intact,
   canaries, counts. */
static const char *bump_verify(void)
{
    size_t bytes = 0, blocks = 0;
    uintptr_t at = bump.start;
    while (at < bump.next) {
        struct bump_header *header = (struct bump_header *)at;
        if (header->magic != BUMP_MAGIC || header->requested > bump.next - at) {
            return "a block header is damaged";
        }
        if (header->state == STATE_PADDING) {
            at += HEADER + header->requested;
            continue;
        }
        if (header->state == STATE_ALLOCATED) {
            if (!canary_intact(header)) {
                return "an allocated block's canary is overwritten";
            }
            bytes += header->requested;
            blocks++;
        } else if (header->state != STATE_FREE) {
            return "a block header has an unknown state";
        }
        at = align_up((uintptr_t)(header + 1) + header->requested + canary_size(),
                      FREE_LIST_ALIGN);
    }
    if (at != bump.next) {
        return "the bump pointer is not at the end of the last block";
    }
    if (bytes != bump.bytes_in_use || blocks != bump.blocks_in_use) {
        return "the counts of bytes and blocks in use are wrong";
    }
    return NULL;
}

static size_t bump_region_size(void) { return bump.end - bump.start; }
static size_t bump_bytes_in_use(void) { return bump.bytes_in_use; }
static size_t bump_blocks_in_use(void) { return bump.blocks_in_use; }

const struct allocator_ops bump_allocator = {
    .name = "bump", .init = bump_init, .alloc = bump_alloc, .free = bump_free,
    .realloc = bump_realloc, .largest = bump_largest, .verify = bump_verify,
    .region_size = bump_region_size, .bytes_in_use = bump_bytes_in_use,
    .blocks_in_use = bump_blocks_in_use,
};
