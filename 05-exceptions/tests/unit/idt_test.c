/* idt_test.c: the IDT that idt_init loaded: where it is, and what its gates say. */
#include <stdint.h>

#include "cpu/x86.h"
#include "interrupts/idt.h"
#include "test/test.h"

extern const uint64_t interrupt_stubs[IDT_VECTORS];

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
        TEST_ASSERT_EQ(idt[vector].ist, 0);
        TEST_ASSERT_EQ(idt[vector].reserved, 0);
    }
}
