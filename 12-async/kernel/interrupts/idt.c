/* idt.c: the interrupt descriptor table itself, filled in and loaded with lidt. */
#include "interrupts/idt.h"

#include <stdbool.h>

#include "cpu/x86.h"
#include "interrupts/exception_info.h"

#define GATE_PRESENT   0x80
#define GATE_DPL_SHIFT 5

/* Aligned for speed; it lives as long as the kernel, as the CPU reads it on every
   interrupt. */
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

void idt_set_gate(uint8_t vector, uintptr_t handler, enum idt_gate_type type, uint8_t dpl,
                  enum ist_stack ist)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = read_cs(),
        .ist = (uint8_t)ist,
        .type_attributes = GATE_PRESENT | (uint8_t)((dpl & 0x3) << GATE_DPL_SHIFT) | type,
        .offset_middle = (handler >> 16) & 0xFFFF,
        .offset_high = (uint32_t)(handler >> 32),
    };
}

/* A double fault may come from a stack that is gone (overflowed into its guard page):
   its handler needs a stack of its own. So does an NMI, which can arrive at any
   instruction, even the first of another handler, on a stack that is nearly full. */
static enum ist_stack stack_for_vector(int vector)
{
    switch (vector) {
    case EXCEPTION_DOUBLE_FAULT:
        return IST_DOUBLE_FAULT;
    case EXCEPTION_NMI:
        return IST_NMI;
    default:
        return IST_NONE;
    }
}

/* Every gate at its stub, in the code segment the CPU runs in now; on the IST stacks,
   or on none. */
static void set_all_gates(bool with_ist_stacks)
{
    for (int vector = 0; vector < IDT_VECTORS; vector++) {
        idt_set_gate((uint8_t)vector, interrupt_stubs[vector], IDT_INTERRUPT_GATE, 0,
                     with_ist_stacks ? stack_for_vector(vector) : IST_NONE);
    }
}

void idt_init(void)
{
    set_all_gates(false);
    struct descriptor_table_pointer pointer = {
        .limit = sizeof(idt) - 1,
        .base = (uintptr_t)idt,
    };
    lidt(&pointer);
}

void idt_use_ist_stacks(void)
{
    set_all_gates(true);    /* the CPU reads the gates from memory: no lidt again */
}
