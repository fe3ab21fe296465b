/* idt_test.c: the IDT that idt_init loaded: where it is, and what its gates say. */
#include <stdint.h>

#include "cpu/x86.h"
#include "interrupts/exception_info.h"
#include "interrupts/idt.h"
#include "test/test.h"

static const struct idt_gate *loaded_idt(void)
{
    struct descriptor_table_pointer pointer;
    sidt(&pointer);
    TEST_ASSERT_EQ(pointer.limit, IDT_VECTORS * sizeof(struct idt_gate) - 1);
    return (const struct idt_gate *)pointer.base;
}

static uint64_t gate_handler(const struct idt_gate *gate)
{
    return gate->offset_low | (uint64_t)gate->offset_middle << 16 |
           (uint64_t)gate->offset_high << 32;
}

TEST(idt_has_256_gates_each_pointing_at_its_stub)
{
    const struct idt_gate *idt = loaded_idt();
    for (int vector = 0; vector < IDT_VECTORS; vector++) {
        TEST_ASSERT_EQ(gate_handler(&idt[vector]), interrupt_stubs[vector]);
    }
}

TEST(idt_gates_are_present_kernel_interrupt_gates)
{
    const struct idt_gate *idt = loaded_idt();
    for (int vector = 0; vector < IDT_VECTORS; vector++) {
        TEST_ASSERT_EQ(idt[vector].type_attributes, 0x80 | IDT_INTERRUPT_GATE);
        TEST_ASSERT_EQ(idt[vector].selector, read_cs());
        TEST_ASSERT_EQ(idt[vector].reserved, 0);
    }
}

TEST(double_fault_and_nmi_switch_to_their_own_stacks)
{
    const struct idt_gate *idt = loaded_idt();
    for (int vector = 0; vector < IDT_VECTORS; vector++) {
        enum ist_stack expected = vector == EXCEPTION_DOUBLE_FAULT ? IST_DOUBLE_FAULT
                                : vector == EXCEPTION_NMI ? IST_NMI : IST_NONE;
        TEST_ASSERT_EQ(idt[vector].ist, expected);
    }
}
