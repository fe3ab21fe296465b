/* x86.h: the privileged instructions the kernel uses, as static inline functions.
   This is the only place that writes inline assembly for them. */
#ifndef X86_H
#define X86_H

/* Stop the CPU until the next interrupt arrives. */
static inline void hlt(void)
{
    __asm__ volatile("hlt");
}

#endif
