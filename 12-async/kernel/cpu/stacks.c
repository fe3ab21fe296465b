/* stacks.c: the IST stacks, and the list of all the kernel's stacks. */
#include "cpu/stacks.h"

#include "debug/panic.h"
#include "lib/string.h"
#include "memory/paging.h"

#define STACK_PAINT 0xA5    /* what an IST stack holds where it was never used */

/* A guard page and the stack above it, page-aligned, in linker.ld's .stack section
   with the boot stack. The CPU keeps rsp 16-byte aligned on an IST switch: the top
   of each stack is page-aligned, so it is. */
struct guarded_stack {
    uint8_t guard[PAGE_SIZE];
    uint8_t stack[IST_STACK_SIZE];
};

static struct guarded_stack double_fault_stack
    __attribute__((section(".stack"), aligned(PAGE_SIZE)));
static struct guarded_stack nmi_stack __attribute__((section(".stack"), aligned(PAGE_SIZE)));

extern uint8_t boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

static const struct kernel_stack stacks[] = {
    {"boot stack", IST_NONE, boot_stack_guard, boot_stack_bottom, boot_stack_top},
    {"double-fault stack (IST 1)", IST_DOUBLE_FAULT, double_fault_stack.guard,
     double_fault_stack.stack, double_fault_stack.stack + IST_STACK_SIZE},
    {"NMI stack (IST 2)", IST_NMI, nmi_stack.guard, nmi_stack.stack,
     nmi_stack.stack + IST_STACK_SIZE},
};

#define STACK_COUNT (sizeof(stacks) / sizeof(stacks[0]))

void stacks_init(void)
{
    for (size_t i = 0; i < STACK_COUNT; i++) {
        if (!paging_unmap_page((uintptr_t)stacks[i].guard)) {
            panic("the guard page of the %s is not a 4 KiB page", stacks[i].name);
        }
        if (stacks[i].ist != IST_NONE) {
            memset((void *)stacks[i].bottom, STACK_PAINT,
                   (size_t)(stacks[i].top - stacks[i].bottom));
        }
    }
}

const struct kernel_stack *stack_for_ist(enum ist_stack ist)
{
    for (size_t i = 0; i < STACK_COUNT; i++) {
        if (stacks[i].ist == ist) {
            return &stacks[i];
        }
    }
    return NULL;
}

const struct kernel_stack *stack_containing(uintptr_t address)
{
    for (size_t i = 0; i < STACK_COUNT; i++) {
        if (address >= (uintptr_t)stacks[i].bottom && address < (uintptr_t)stacks[i].top) {
            return &stacks[i];
        }
    }
    return NULL;
}

const struct kernel_stack *stack_guard_containing(uintptr_t address)
{
    for (size_t i = 0; i < STACK_COUNT; i++) {
        if (address >= (uintptr_t)stacks[i].guard &&
            address < (uintptr_t)stacks[i].guard + PAGE_SIZE) {
            return &stacks[i];
        }
    }
    return NULL;
}

size_t stack_bytes_used(const struct kernel_stack *stack)
{
    const uint8_t *byte = stack->bottom;
    while (byte < stack->top && *byte == STACK_PAINT) {
        byte++;
    }
    return (size_t)(stack->top - byte);
}
