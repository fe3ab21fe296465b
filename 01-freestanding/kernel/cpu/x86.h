/* x86.h: the privileged instructions the kernel uses, as static inline functions.
   This is the only place that writes inline assembly for them. always_inline: each is
   one instruction, and must stay one even without optimisation (_start has no stack
   to call a function with). */
#ifndef X86_H
#define X86_H

/* Stop the CPU until the next interrupt arrives. "memory": the interrupt may have
   changed memory, so nothing read before hlt may be reused after it. */
static inline __attribute__((always_inline)) void hlt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

#endif
