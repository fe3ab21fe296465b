/* rc.c: the count and the destructor live in a header just before the object. */
#include "lib/rc.h"

#include <stdint.h>

#include "debug/panic.h"
#include "memory/heap.h"

#define RC_MAGIC 0x52434F4Au    /* "JOCR": a live rc header */

/* 32 bytes: the object after it keeps the heap's 16-byte alignment. */
struct rc_header {
    uint32_t magic;
    uint32_t unused;
    size_t count;
    rc_destructor destructor;
    uint64_t padding;
};

static struct rc_header *header_of(const void *object, const char *caller)
{
    struct rc_header *header = (struct rc_header *)object - 1;
    if (header->magic != RC_MAGIC || header->count == 0) {
        panic("%s of %#lx: not a live rc object (released too often?)", caller,
              (unsigned long)object);
    }
    return header;
}

void *rc_new(size_t size, rc_destructor destructor)
{
    if (size > SIZE_MAX - sizeof(struct rc_header)) {
        return NULL;
    }
    struct rc_header *header = kcalloc(1, sizeof(struct rc_header) + size);
    if (!header) {
        return NULL;
    }
    *header = (struct rc_header){.magic = RC_MAGIC, .count = 1, .destructor = destructor};
    return header + 1;
}

void *rc_retain(void *object)
{
    header_of(object, "rc_retain")->count++;
    return object;
}

void rc_release(void *object)
{
    struct rc_header *header = header_of(object, "rc_release");
    if (--header->count > 0) {
        return;
    }
    if (header->destructor) {
        header->destructor(object);
    }
    header->magic = 0;  /* a release after this one panics even without poison */
    kfree(header);
}

size_t rc_count(const void *object)
{
    return header_of(object, "rc_count")->count;
}
