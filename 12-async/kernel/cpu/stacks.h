/* stacks.h: every stack the kernel runs on, each with a guard page below it that is
   not mapped, so that running off the bottom faults at once instead of overwriting
   whatever lies below. The boot stack (boot/boot.asm) and the IST stacks, which the
   CPU switches to for a double fault and an NMI. */
#ifndef STACKS_H
#define STACKS_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/tss.h"
#include "memory/layout.h"

#define IST_STACK_SIZE (8 * 1024)   /* see tests/unit/stacks_test.c for what is used */

struct kernel_stack {
    const char *name;
    enum ist_stack ist;             /* IST_NONE for the boot stack */
    const uint8_t *guard;           /* the guard page: PAGE_SIZE bytes, not present */
    const uint8_t *bottom;          /* lowest usable byte, just above the guard page */
    const uint8_t *top;             /* one past the highest: the first push goes below */
};

/* Make every stack's guard page not present, and fill the IST stacks with a known
   byte, so that stack_bytes_used can tell how deep they have been used. */
void stacks_init(void);

/* The stack an IST entry names. */
const struct kernel_stack *stack_for_ist(enum ist_stack ist);

/* The stack whose usable bytes hold address, or NULL. */
const struct kernel_stack *stack_containing(uintptr_t address);

/* The stack whose guard page holds address (a stack overflow), or NULL. */
const struct kernel_stack *stack_guard_containing(uintptr_t address);

/* How many bytes of an IST stack have ever been written (its deepest use so far). */
size_t stack_bytes_used(const struct kernel_stack *stack);

#endif
