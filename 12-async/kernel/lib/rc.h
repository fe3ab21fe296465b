/* rc.h: reference-counted heap objects, C's counterpart of Rust's Rc<T>: each holder
   retains, each lets go with rc_release, and the last release runs the destructor and
   frees. Not for interrupt handlers (they must not allocate or free). */
#ifndef RC_H
#define RC_H

#include <stddef.h>

/* Run on the object just before its memory is freed: let go of what it holds. */
typedef void (*rc_destructor)(void *object);

/* A zeroed object of size bytes with a count of 1 and this destructor (NULL for
   none); NULL if out of memory. */
void *rc_new(size_t size, rc_destructor destructor);

/* One more holder: the count goes up by one. Returns object, for p = rc_retain(q). */
void *rc_retain(void *object);

/* One holder fewer; at zero, the destructor runs and the object is freed. A release
   of an object that is not a live rc object (released once too often) panics. */
void rc_release(void *object);

/* How many holders it has. */
size_t rc_count(const void *object);

#endif
