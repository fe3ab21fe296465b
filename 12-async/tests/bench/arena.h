/* arena.h: the memory both benchmarks hand an allocator, shared by tests/bench.c and
   tests/host/allocator_bench.c: a fixed arena of ARENA_SIZE bytes (the includer
   defines it) into which the allocator's region grows GROW_CHUNK at a time, and the
   calls made through `current`, counting NULLs and reported errors. Static, as in
   traces.h: each benchmark is a program of its own. */
#ifndef BENCH_ARENA_H
#define BENCH_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "memory/allocator/allocator.h"

#define REGION_START  (4 * 1024ul)      /* each run's region at first; grows in the arena */
#define GROW_CHUNK    (4 * 1024ul)

static uint8_t *arena;
static size_t region_size;
static const struct allocator_ops *current;
static uint64_t nulls, errors;

static size_t grow(size_t bytes)
{
    size_t chunk = (bytes + GROW_CHUNK - 1) / GROW_CHUNK * GROW_CHUNK;
    if (chunk > ARENA_SIZE - region_size) {
        return 0;
    }
    region_size += chunk;
    return chunk;
}

static void count_error(enum free_list_error_kind kind, uintptr_t pointer, size_t size)
{
    (void)kind, (void)pointer, (void)size;
    errors++;
}

static void *bench_alloc(size_t size, size_t align)
{
    void *p = current->alloc(size, align);
    nulls += p == NULL;
    return p;
}

static void bench_free(void *pointer)
{
    if (pointer) {      /* a NULL from a full arena (the bump allocator) */
        current->free(pointer);
    }
}

/* A failed reallocation keeps the old block, as realloc does: the trace goes on. */
static void *bench_realloc(void *pointer, size_t size)
{
    void *p = current->realloc(pointer, size);
    nulls += p == NULL;
    return p ? p : pointer;
}

#endif
