/* vec.h: a growable array of any element type, C's counterpart of Rust's Vec<T>: a
   struct declared by VEC(type), and macros that assign through items, so that the
   compiler checks each element's type (pushing a pointer into a VEC(int), or a struct
   of another type, fails the build). Capacity doubles through krealloc. */
#ifndef VEC_H
#define VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debug/panic.h"
#include "memory/heap.h"

#define VEC_FIRST_CAPACITY 4

/* The type: VEC(int) numbers = VEC_INIT; an anonymous struct, so declare a vec of a
   type once (typedef VEC(int) int_vec;) to pass it around. */
#define VEC(type) struct { type *items; size_t length, capacity; }
#define VEC_INIT {NULL, 0, 0}

/* items grown to hold twice capacity (VEC_FIRST_CAPACITY at first) elements of
   element_size bytes, capacity updated; NULL if there is no memory (items and
   capacity then unchanged). For vec_push. */
static inline void *vec_grow(void *items, size_t *capacity, size_t element_size)
{
    size_t wanted = *capacity ? *capacity * 2 : VEC_FIRST_CAPACITY;
    if (wanted < *capacity || wanted > SIZE_MAX / element_size) {
        return NULL;
    }
    void *grown = krealloc(items, wanted * element_size);
    if (grown) {
        *capacity = wanted;
    }
    return grown;
}

/* Append value (evaluated once, and only if there is room); true, or false if the
   vec was full and no memory could be had (the vec is then unchanged). */
#define vec_push(v, value)                                                          \
    ({                                                                              \
        __typeof__(v) vec_ = (v);                                                   \
        bool vec_ok_ = true;                                                        \
        if (vec_->length == vec_->capacity) {                                       \
            void *vec_grown_ = vec_grow(vec_->items, &vec_->capacity,               \
                                        sizeof(*vec_->items));                      \
            vec_ok_ = vec_grown_ != NULL;                                           \
            if (vec_ok_) {                                                          \
                vec_->items = vec_grown_;                                           \
            }                                                                       \
        }                                                                           \
        if (vec_ok_) {                                                              \
            vec_->items[vec_->length++] = (value);                                  \
        }                                                                           \
        vec_ok_;                                                                    \
    })

/* The element at index, as an lvalue (vec_at(v, 2) = 7 works); an index past the end
   is a panic naming it and the length, at the caller's line. */
#define vec_at(v, index)                                                            \
    (*({                                                                            \
        __typeof__(v) vec_ = (v);                                                   \
        size_t vec_index_ = (index);                                                \
        if (vec_index_ >= vec_->length) {                                           \
            panic_at(__FILE__, __LINE__, "vec_at: index %zu out of bounds (length %zu)", \
                     vec_index_, vec_->length);                                     \
        }                                                                           \
        &vec_->items[vec_index_];                                                   \
    }))

/* Remove the last element and give its value; popping an empty vec is a panic. */
#define vec_pop(v)                                                                  \
    ({                                                                              \
        __typeof__(v) vec_ = (v);                                                   \
        if (vec_->length == 0) {                                                    \
            panic_at(__FILE__, __LINE__, "vec_pop: the vec is empty");              \
        }                                                                           \
        vec_->items[--vec_->length];                                                \
    })

/* Free the elements' storage; the vec is empty again, and may be reused. */
#define vec_free(v)                                                                 \
    do {                                                                            \
        __typeof__(v) vec_ = (v);                                                   \
        kfree(vec_->items);                                                         \
        vec_->items = NULL;                                                         \
        vec_->length = vec_->capacity = 0;                                          \
    } while (0)

#endif
