/* idt.h: the interrupt descriptor table, which tells the CPU where to go for each of
   the 256 interrupt vectors: CPU exceptions (0-31), hardware interrupts and software
   `int n` (32-255). */
#ifndef IDT_H
#define IDT_H

#include <stdint.h>

#include "cpu/tss.h"

#define IDT_VECTORS 256

/* An interrupt gate clears the interrupt flag on entry, so a handler starts with
   interrupts off; a trap gate leaves it as it was. */
enum idt_gate_type {
    IDT_INTERRUPT_GATE = 0xE,
    IDT_TRAP_GATE = 0xF,
};

/* One 16-byte gate (Intel SDM vol. 3A, 6.14.1). The handler's address is split in
   three pieces, a relic of the 8-byte gates of 32-bit mode. */
struct idt_gate {
    uint16_t offset_low;        /* handler address bits 0-15 */
    uint16_t selector;          /* code segment to run the handler in */
    uint8_t ist;                /* bits 0-2: Interrupt Stack Table index, 0 for none */
    uint8_t type_attributes;    /* bits 0-3 type, 5-6 DPL, 7 present */
    uint16_t offset_middle;     /* bits 16-31 */
    uint32_t offset_high;       /* bits 32-63 */
    uint32_t reserved;
};

_Static_assert(sizeof(struct idt_gate) == 16, "a long-mode IDT gate is 16 bytes");

/* The stubs' addresses in vector order (boot/interrupt_stubs.asm). */
extern const uint64_t interrupt_stubs[IDT_VECTORS];

/* Bit n set: the CPU pushes an error code for vector n (0-31); the stubs of all other
   vectors push a dummy 0 in its place (boot/interrupt_stubs.asm keeps the list). */
extern const uint32_t interrupt_error_code_vectors;

/* Point vector's gate at handler, in the kernel's code segment. dpl is the lowest
   privilege that may raise the vector with `int n` (0: only the kernel); ist picks a
   stack from the TSS's Interrupt Stack Table (IST_NONE: stay on the current stack). */
void idt_set_gate(uint8_t vector, uintptr_t handler, enum idt_gate_type type, uint8_t dpl,
                  enum ist_stack ist);

/* Fill all 256 gates with the stubs of boot/interrupt_stubs.asm (interrupt gates,
   DPL 0), none on an IST stack yet, and load the table. The first of the CPU's tables
   to be loaded: from then on a fault is reported, even one in stacks_init, tss_init or
   gdt_init, instead of resetting the machine. */
void idt_init(void);

/* The second step, once gdt_init has loaded the task register: a double fault and an
   NMI on their own IST stacks. Before that, an IST index in a gate would name a stack
   in whatever TSS the bootloader left, if any (Linux sets its IDT up in the same two
   steps). Every gate is written again, in the code segment of the kernel's GDT. */
void idt_use_ist_stacks(void);

#endif
