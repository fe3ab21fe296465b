/* tss.c: the one task state segment, which holds the Interrupt Stack Table. */
#include "cpu/tss.h"

#include "cpu/stacks.h"

static struct tss tss;

/* The only place that turns an IST name into an index into tss.ist. */
static void set_interrupt_stack(enum ist_stack which, uintptr_t top)
{
    tss.ist[which - 1] = top;
}

void tss_init(void)
{
    set_interrupt_stack(IST_DOUBLE_FAULT, (uintptr_t)stack_for_ist(IST_DOUBLE_FAULT)->top);
    set_interrupt_stack(IST_NMI, (uintptr_t)stack_for_ist(IST_NMI)->top);
    tss.io_bitmap_offset = sizeof(tss);
}

const struct tss *tss_address(void)
{
    return &tss;
}
