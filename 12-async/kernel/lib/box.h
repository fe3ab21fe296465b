/* box.h: an owned heap object, C's counterpart of Rust's Box<T>: one owner, which
   frees it. C cannot stop a second owner or a use after box_free; the heap's checks
   catch the double free and poison what was freed. */
#ifndef BOX_H
#define BOX_H

#include "memory/heap.h"

/* A zeroed object of the type on the heap, as a pointer of that type (so it cannot
   be assigned to a pointer of another type without a cast); NULL if out of memory. */
#define BOX_NEW(type) ((type *)kcalloc(1, sizeof(type)))

/* Free what BOX_NEW returned (NULL does nothing). */
static inline void box_free(void *box)
{
    kfree(box);
}

#endif
