/* gdt_test.c: the GDT that gdt_init loaded, the segment registers it set, and
   exceptions that return through it. */
#include <stdint.h>

#include "cpu/gdt.h"
#include "cpu/tss.h"
#include "cpu/x86.h"
#include "interrupts/exceptions.h"
#include "test/test.h"

static const struct segment_descriptor *loaded_gdt(void)
{
    struct descriptor_table_pointer pointer;
    sgdt(&pointer);
    TEST_ASSERT_EQ(pointer.limit, 3 * 8 + 16 - 1);  /* null, code, data, 16-byte TSS */
    return (const struct segment_descriptor *)pointer.base;
}

TEST(segment_registers_hold_the_new_selectors)
{
    TEST_ASSERT_EQ(read_cs(), GDT_KERNEL_CODE);
    TEST_ASSERT_EQ(read_ss(), GDT_KERNEL_DATA);
    TEST_ASSERT_EQ(str(), GDT_TSS);
}

TEST(code_segment_is_64_bit_and_already_accessed)
{
    const struct segment_descriptor *code = &loaded_gdt()[GDT_KERNEL_CODE / 8];
    TEST_ASSERT(code->access & SEGMENT_PRESENT);
    TEST_ASSERT(code->access & SEGMENT_EXECUTABLE);
    TEST_ASSERT(code->access & SEGMENT_ACCESSED);
    TEST_ASSERT(code->limit_high_flags & SEGMENT_LONG_MODE);
    const struct segment_descriptor *data = &loaded_gdt()[GDT_KERNEL_DATA / 8];
    TEST_ASSERT(!(data->access & SEGMENT_EXECUTABLE));
    TEST_ASSERT(data->access & SEGMENT_READ_WRITE);
    TEST_ASSERT(data->access & SEGMENT_ACCESSED);
}

TEST(tss_descriptor_points_at_the_tss)
{
    const struct segment_descriptor *low = &loaded_gdt()[GDT_TSS / 8];
    const uint32_t *upper = (const uint32_t *)(low + 1);
    uint64_t base = low->base_low | (uint64_t)low->base_middle << 16 |
                    (uint64_t)low->base_high << 24 | (uint64_t)upper[0] << 32;
    TEST_ASSERT_EQ(base, (uintptr_t)tss_address());
    TEST_ASSERT_EQ(low->limit_low, sizeof(struct tss) - 1);
    TEST_ASSERT_EQ(low->access & 0xF, 0xB);     /* ltr marked the TSS busy */
}

TEST(int3_returns_after_the_gdt_switch)
{
    uint64_t before = breakpoint_count();
    breakpoint();
    TEST_ASSERT_EQ(breakpoint_count(), before + 1);
    TEST_ASSERT_EQ(read_ss(), GDT_KERNEL_DATA);
}

TEST(int3_returns_with_a_null_stack_segment)
{
    load_stack_segment(0);
    breakpoint();
    TEST_ASSERT_EQ(read_ss(), 0);
    load_stack_segment(GDT_KERNEL_DATA);
}
