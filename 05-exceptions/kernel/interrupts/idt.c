/* idt.c: the interrupt descriptor table itself, filled in and loaded with lidt. */
#include "interrupts/idt.h"

#include "cpu/x86.h"

#define GATE_PRESENT   0x80
#define GATE_DPL_SHIFT 5

/* The stubs' addresses in vector order (boot/interrupt_stubs.asm). */
extern const uint64_t interrupt_stubs[IDT_VECTORS];

/* Aligned for speed; it lives as long as the kernel, as the CPU reads it on every
   interrupt. */
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

void idt_set_gate(uint8_t vector, uintptr_t handler, enum idt_gate_type type, uint8_t dpl,
                  uint8_t ist)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = read_cs(),
        .ist = ist & 0x7,
        .type_attributes = GATE_PRESENT | (uint8_t)((dpl & 0x3) << GATE_DPL_SHIFT) | type,
        .offset_middle = (handler >> 16) & 0xFFFF,
        .offset_high = (uint32_t)(handler >> 32),
    };
}

void idt_init(void)
{
    for (int vector = 0; vector < IDT_VECTORS; vector++) {
        idt_set_gate((uint8_t)vector, interrupt_stubs[vector], IDT_INTERRUPT_GATE, 0, 0);
    }
    struct descriptor_table_pointer pointer = {
        .limit = sizeof(idt) - 1,
        .base = (uintptr_t)idt,
    };
    lidt(&pointer);
}
