/* frame.h: the physical frame allocator: 4 KiB frames of usable RAM, handed out and
   taken back in constant time, with counters and a check against freeing twice. Pure
   (it writes only the storage it is given, never a frame): host-tested. */
#ifndef FRAME_H
#define FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory/memory_map.h"

#define FRAME_NONE UINT64_MAX   /* frame_alloc's "no frame left" */

/* Told of a frame_free that must not be: a frame freed twice, one that was never
   handed out, or one that is not a frame of usable memory (the kernel panics). */
typedef void (*frame_error)(uint64_t frame, const char *what);

/* The bytes of storage that frame_init needs for these ranges: a bit per frame from
   the lowest range's start to the highest one's end, and 4 bytes per frame for the
   stack of freed frames (about 0.1% of the memory: 4 MiB for 4 GiB). */
size_t frame_storage_size(const struct memory_range *ranges, size_t count);

/* Start handing out the frames of ranges[0..count) (sorted, disjoint, page-aligned:
   memory_map_usable's), all free. storage has frame_storage_size bytes, 8-aligned,
   outside the ranges, and stays where it is; error hears of bad frees. Writes only
   the bitmap now (a bit per frame). May be called again to start over (the host tests
   do). */
void frame_init(const struct memory_range *ranges, size_t count, void *storage,
                frame_error error);

/* A free frame's physical address (page-aligned, its contents whatever they were),
   now in use; or FRAME_NONE if every frame is in use. */
uint64_t frame_alloc(void);

/* Give back a frame that frame_alloc handed out; it may be handed out again. A frame
   that is not in use (freed twice, say) or not the allocator's goes to the error
   function, and is not freed. */
void frame_free(uint64_t frame);

/* Whether frame is one of the allocator's frames and in use. */
bool frame_in_use(uint64_t frame);

/* How many frames are free, in use, and the allocator's in all. */
size_t frame_free_count(void);
size_t frame_used_count(void);
size_t frame_total_count(void);

#endif
