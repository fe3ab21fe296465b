/* heap.c: the kernel heap: the allocator chosen at build time (memory/allocator/) over
   virtual memory at HEAP_START, mapped page by page from the frame allocator before
   anything writes to it, behind an interrupt-safe lock. */
#include "memory/heap.h"

#include <stdbool.h>
#include <stdint.h>

#include "cpu/spinlock.h"
#include "debug/panic.h"
#include "interrupts/interrupts.h"
#include "lib/string.h"
#include "memory/allocator/allocator.h"
#include "memory/frame.h"
#include "memory/free_list.h"
#include "memory/layout.h"
#include "memory/paging.h"

/* 1 MiB at boot: room for the demo and every unit test but the growth one, for 256
   frames (1% of a 32 MiB machine, the smallest one we test). More is mapped only when
   a request does not fit, so a kernel that allocates little costs little. */
#define HEAP_INITIAL_SIZE (1024 * 1024ul)
/* Growth comes in chunks of 64 KiB (16 pages) or the request rounded up to pages: a
   run of small allocations past the end does not map one page per call. */
#define HEAP_GROW_CHUNK   (64 * 1024ul)

/* Canaries and poison cost a few bytes a block and a memset a free: on in the test
   kernels, and in the normal kernel built with CFLAGS=-DHEAP_DEBUG. */
#if defined(KERNEL_TEST) || defined(HEAP_DEBUG)
#define HEAP_CHECKS true
#else
#define HEAP_CHECKS false
#endif

/* `make ALLOCATOR=bump|linked_list|fixed_block` names it (the Makefile turns the
   name into -DHEAP_ALLOCATOR=NAME_allocator); fixed-size blocks by default. */
#ifndef HEAP_ALLOCATOR
#define HEAP_ALLOCATOR fixed_block_allocator
#endif
static const struct allocator_ops *const heap = &HEAP_ALLOCATOR;
static size_t mapped;   /* bytes mapped from HEAP_START on */
static struct spinlock heap_lock = SPINLOCK_INIT("heap");

/* Map pages at the heap's end until bytes more are mapped or the frames run out;
   returns how many bytes it mapped. Called with the heap's lock held. */
static size_t map_pages(size_t bytes)
{
    size_t done = 0;
    while (done < bytes) {
        uint64_t frame = frame_alloc();
        if (frame == FRAME_NONE) {
            break;
        }
        if (paging_map(HEAP_START + mapped, frame, PTE_WRITABLE | PTE_NO_EXECUTE) != PAGING_OK) {
            frame_free(frame);  /* no frame for a page table: out of memory too */
            break;
        }
        mapped += PAGE_SIZE;
        done += PAGE_SIZE;
    }
    return done;
}

/* The allocator's grow callback: a chunk, or the request rounded up to pages, if it keeps
   the heap within HEAP_LIMIT. */
static size_t grow_heap(size_t bytes)
{
    size_t chunk = (bytes + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
    chunk = chunk < HEAP_GROW_CHUNK ? HEAP_GROW_CHUNK : chunk;
    size_t room = HEAP_LIMIT - mapped;
    if (bytes > room) {
        return 0;
    }
    return map_pages(chunk < room ? chunk : room);
}

/* The allocator's error callback: a panic naming the error, the pointer and the block.
   The heap's lock is held, and the report says so. */
static void heap_error(enum free_list_error_kind kind, uintptr_t pointer, size_t size)
{
    switch (kind) {
    case FREE_LIST_BAD_FREE:
        panic("heap: bad free of %#lx (not a block the heap handed out)",
              (unsigned long)pointer);
    case FREE_LIST_OVERRUN:
        panic("heap: overrun of %#lx (a block of %zu bytes): the bytes after it are "
              "overwritten", (unsigned long)pointer, size);
    case FREE_LIST_DOUBLE_FREE:
        panic("heap: double free of %#lx (a block of %zu bytes)", (unsigned long)pointer,
              size);
    }
    panic("heap: error %d at %#lx", (int)kind, (unsigned long)pointer);
}

void heap_init(void)
{
    if (map_pages(HEAP_INITIAL_SIZE) != HEAP_INITIAL_SIZE) {
        panic("heap_init: no frames for the heap's first %lu KiB", HEAP_INITIAL_SIZE / 1024);
    }
    heap->init((void *)HEAP_START, mapped, grow_heap, heap_error, HEAP_CHECKS);
}

/* The heap under its lock, from outside any interrupt handler. */
static void heap_enter(const char *caller)
{
    if (in_interrupt()) {
        panic("%s called in an interrupt handler", caller);
    }
    spinlock_lock(&heap_lock);
}

void *kmalloc(size_t size)
{
    return kmalloc_aligned(size, FREE_LIST_ALIGN);
}

void *kmalloc_aligned(size_t size, size_t align)
{
    heap_enter("kmalloc");
    void *pointer = align <= PAGE_SIZE ? heap->alloc(size, align) : NULL;
    spinlock_unlock(&heap_lock);
    return pointer;
}

void kfree(void *pointer)
{
    if (!pointer) {
        return;
    }
    heap_enter("kfree");
    heap->free(pointer);
    spinlock_unlock(&heap_lock);
}

void *kcalloc(size_t count, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) {
        return NULL;
    }
    void *pointer = kmalloc(bytes);
    if (pointer) {
        memset(pointer, 0, bytes);
    }
    return pointer;
}

void *krealloc(void *pointer, size_t size)
{
    heap_enter("krealloc");
    void *result = heap->realloc(pointer, size);
    spinlock_unlock(&heap_lock);
    return result;
}

size_t heap_size(void)
{
    return heap->region_size();
}

size_t heap_bytes_in_use(void)
{
    return heap->bytes_in_use();
}

size_t heap_allocation_count(void)
{
    return heap->blocks_in_use();
}

size_t heap_largest_free(void)
{
    spinlock_lock(&heap_lock);
    size_t largest = heap->largest();
    spinlock_unlock(&heap_lock);
    return largest;
}

const char *heap_verify(void)
{
    spinlock_lock(&heap_lock);
    const char *problem = heap->verify();
    spinlock_unlock(&heap_lock);
    return problem;
}

const char *heap_allocator_name(void)
{
    return heap->name;
}
