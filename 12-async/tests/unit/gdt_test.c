/* gdt_test.c: the GDT that gdt_init loaded, the segment registers it set, and
   exceptions that return through it, even with a stale stack segment. */
#include <stdint.h>

#include "cpu/gdt.h"
#include "cpu/tss.h"
#include "cpu/x86.h"
#include "interrupts/exception_info.h"
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

/* A selector that was loaded from another table and that the GDT in use no longer has:
   entry 5 lies past its end. */
#define STALE_SELECTOR 0x28

static struct segment_descriptor other_gdt[STALE_SELECTOR / 8 + 1];

/* Loads SS from a table of its own, puts the kernel's GDT back without reloading SS
   (the stale-SS pitfall of a GDT switch), and faults. An iretq that loaded SS from the
   frame would fault on the stale selector, and again, for ever. */
static void fault_with_a_stale_stack_segment(void *unused)
{
    (void)unused;
    struct descriptor_table_pointer kernel_gdt;
    sgdt(&kernel_gdt);
    other_gdt[GDT_KERNEL_CODE / 8] = gdt_segment(SEGMENT_PRESENT | SEGMENT_CODE_OR_DATA |
                                                 SEGMENT_EXECUTABLE | SEGMENT_READ_WRITE |
                                                 SEGMENT_ACCESSED, SEGMENT_LONG_MODE);
    other_gdt[STALE_SELECTOR / 8] = gdt_segment(SEGMENT_PRESENT | SEGMENT_CODE_OR_DATA |
                                                SEGMENT_READ_WRITE | SEGMENT_ACCESSED, 0);
    struct descriptor_table_pointer other = {
        .limit = sizeof(other_gdt) - 1,
        .base = (uintptr_t)other_gdt,
    };
    cli();      /* a timer interrupt's iretq would load the stale SS too */
    lgdt(&other);
    load_stack_segment(STALE_SELECTOR);
    lgdt(&kernel_gdt);
    __asm__ volatile("ud2");
}

TEST(a_fault_with_a_stale_stack_segment_returns_into_the_test)
{
    struct test_fault fault = test_expect_fault(fault_with_a_stale_stack_segment, NULL);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_INVALID_OPCODE);
    TEST_ASSERT_EQ(read_ss(), GDT_KERNEL_DATA);     /* test_expect_fault's own, again */
}
