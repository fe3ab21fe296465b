/* frame_test.c: the frame allocator on the machine's own memory: frames handed out are
   distinct, page-aligned, in usable memory and outside every reserved range; a freed
   frame comes back; a double free panics; and every frame can be taken until none is
   left (when paging_map, needing a table, gets PAGING_NO_FRAME) and given back, to the
   same count. No frame is written to in the big test: on a 4 GiB machine, that would
   have QEMU give the guest 4 GiB of the host's memory. */
#include <stdbool.h>
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/serial.h"
#include "memory/frame.h"
#include "memory/layout.h"
#include "memory/memory.h"
#include "memory/paging.h"
#include "memory/virtual_address.h"
#include "test/test.h"

#define SAMPLE      256         /* frames in the small tests */
#define KEPT_MAX    512         /* frames in use before the big test, at most (the
                                   heap's first MiB is 256 of them) */
#define FOUR_GIB    0x100000000ull
#define PATTERN     0x0123456789ABCDEFull

static bool in_usable_memory(uint64_t frame)
{
    size_t count;
    const struct memory_range *usable = memory_usable(&count);
    for (size_t i = 0; i < count; i++) {
        if (frame >= usable[i].start && frame + PAGE_SIZE <= usable[i].end) {
            return true;
        }
    }
    return false;
}

static bool in_a_reserved_range(uint64_t frame)
{
    size_t count;
    const struct memory_reserved *reserved = memory_reserved(&count);
    for (size_t i = 0; i < count; i++) {
        if (frame < reserved[i].range.end && frame + PAGE_SIZE > reserved[i].range.start) {
            return true;
        }
    }
    return false;
}

static bool good_frame(uint64_t frame)
{
    return frame % PAGE_SIZE == 0 && in_usable_memory(frame) && !in_a_reserved_range(frame);
}

TEST(frames_are_distinct_aligned_usable_and_not_reserved)
{
    static uint64_t frames[SAMPLE];
    size_t used = frame_used_count();
    for (size_t i = 0; i < SAMPLE; i++) {
        frames[i] = frame_alloc();
        TEST_ASSERT(frames[i] != FRAME_NONE);
        TEST_ASSERT(good_frame(frames[i]));
        TEST_ASSERT(frame_in_use(frames[i]));
        for (size_t j = 0; j < i; j++) {
            TEST_ASSERT(frames[j] != frames[i]);
        }
    }
    TEST_ASSERT_EQ(frame_used_count(), used + SAMPLE);
    for (size_t i = 0; i < SAMPLE; i++) {
        frame_free(frames[i]);
        TEST_ASSERT(!frame_in_use(frames[i]));
    }
    TEST_ASSERT_EQ(frame_used_count(), used);
}

TEST(the_reserved_ranges_are_what_the_kernel_uses)
{
    extern const uint8_t kernel_text_start[], kernel_end[];
    size_t count;
    const struct memory_reserved *reserved = memory_reserved(&count);
    TEST_ASSERT_EQ(reserved[0].range.end, 0x100000);                   /* the first MiB */
    TEST_ASSERT_EQ(reserved[1].range.start, (uintptr_t)kernel_text_start);
    TEST_ASSERT_EQ(reserved[1].range.end, (uintptr_t)kernel_end);
    /* GRUB puts the boot information just after the kernel's code, in its last page
       (0x107340 here): inside the image's range too, but kept for its own sake. */
    const struct multiboot_info_parsed *info = memory_boot_info();
    TEST_ASSERT_EQ(reserved[3].range.start, info->physical);
    TEST_ASSERT_EQ(reserved[3].range.end, info->physical + info->size);
    TEST_ASSERT(in_a_reserved_range(info->physical & ~(uint64_t)(PAGE_SIZE - 1)));
    TEST_ASSERT(in_a_reserved_range((uintptr_t)phys_to_virt(0) - PHYS_OFFSET)); /* page 0 */
    TEST_ASSERT(in_a_reserved_range(read_cr3() & PTE_ADDRESS_MASK));     /* the boot p4 */
}

TEST(a_freed_frame_is_the_next_one_handed_out)
{
    uint64_t frame = frame_alloc();
    frame_free(frame);
    TEST_ASSERT_EQ(frame_alloc(), frame);
    frame_free(frame);
}

TEST_SHOULD_PANIC(freeing_a_frame_twice_panics)
{
    uint64_t frame = frame_alloc();
    frame_free(frame);
    frame_free(frame);
}

TEST_SHOULD_PANIC(freeing_a_reserved_frame_panics)
{
    extern const uint8_t kernel_text_start[];
    frame_free((uintptr_t)kernel_text_start);
}

/* The frames in use now, in address order (the scan goes up through the ranges). */
static size_t frames_in_use(uint64_t *kept, size_t max)
{
    size_t count, kept_count = 0;
    const struct memory_range *usable = memory_usable(&count);
    for (size_t i = 0; i < count; i++) {
        for (uint64_t frame = usable[i].start; frame < usable[i].end; frame += PAGE_SIZE) {
            if (frame_in_use(frame)) {
                if (kept_count == max) {
                    return max + 1;
                }
                kept[kept_count++] = frame;
            }
        }
    }
    return kept_count;
}

/* Free every frame in use that is not in kept[0..kept_count) (sorted). */
static size_t free_all_but(const uint64_t *kept, size_t kept_count)
{
    size_t count, freed = 0, k = 0;
    const struct memory_range *usable = memory_usable(&count);
    for (size_t i = 0; i < count; i++) {
        for (uint64_t frame = usable[i].start; frame < usable[i].end; frame += PAGE_SIZE) {
            if (k < kept_count && kept[k] == frame) {
                k++;
            } else if (frame_in_use(frame)) {
                frame_free(frame);
                freed++;
            }
        }
    }
    return freed;
}

TEST(every_frame_can_be_taken_and_given_back)
{
    static uint64_t kept[KEPT_MAX];
    size_t kept_count = frames_in_use(kept, KEPT_MAX);
    TEST_ASSERT(kept_count <= KEPT_MAX);
    size_t free_before = frame_free_count();
    TEST_ASSERT_EQ(kept_count, frame_used_count());
    size_t taken = 0, bad = 0;
    uint64_t frame, highest = 0;
    while ((frame = frame_alloc()) != FRAME_NONE) {
        bad += !good_frame(frame);
        highest = frame > highest ? frame : highest;
        taken++;
    }
    TEST_ASSERT_EQ(taken, free_before);
    TEST_ASSERT_EQ(bad, 0);
    TEST_ASSERT_EQ(frame_free_count(), 0);
    TEST_ASSERT_EQ(frame_alloc(), FRAME_NONE);
    /* Nothing left for a table: p4[449] has none yet, so paging_map needs three. */
    uintptr_t far = SCRATCH_START + va_entry_span(4);
    enum paging_result result = paging_map(far, 0xB8000, PTE_NO_EXECUTE);
    /* The highest frame, through the offset map (above 4 GiB on a big machine). */
    volatile uint64_t *top = phys_to_virt(highest);
    *top = PATTERN;
    bool readable = *top == PATTERN;
    size_t freed = free_all_but(kept, kept_count);
    serial_printf("frames: %lu taken and given back, the highest at 0x%lx\n",
                  (unsigned long)taken, (unsigned long)highest);
    TEST_ASSERT_EQ(result, PAGING_NO_FRAME);
    TEST_ASSERT_EQ(paging_translate(far), PAGING_NOT_MAPPED);
    TEST_ASSERT(readable);
    TEST_ASSERT_EQ(freed, taken);
    TEST_ASSERT_EQ(frame_free_count(), free_before);
    TEST_ASSERT_EQ(frame_used_count(), kept_count);
}
