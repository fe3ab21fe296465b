/* x86.h: the privileged and special instructions the kernel uses, as static inline
   functions. This is the only place that writes inline assembly for them. always_inline:
   each is an instruction or two, and should stay that even without optimisation. */
#ifndef X86_H
#define X86_H

#include <stdint.h>
#include <stdnoreturn.h>

/* Write a byte to an I/O port. */
static inline __attribute__((always_inline)) void outb(uint16_t port, uint8_t value)
{
    __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

/* Read a byte from an I/O port. */
static inline __attribute__((always_inline)) uint8_t inb(uint16_t port)
{
    uint8_t value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}

/* Stop the CPU until the next interrupt arrives. "memory": the interrupt may have
   changed memory, so nothing read before hlt may be reused after it. */
static inline __attribute__((always_inline)) void hlt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

/* Ignore maskable interrupts until sti. */
static inline __attribute__((always_inline)) void cli(void)
{
    __asm__ volatile("cli" ::: "memory");
}

/* Tell the CPU we are spinning on a lock, so it can save power and let the lock go.
   "memory": whatever we are waiting for must be read again after each pause. */
static inline __attribute__((always_inline)) void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* Stop for good: with interrupts off, nothing wakes the CPU from hlt. */
static inline __attribute__((always_inline)) noreturn void halt_forever(void)
{
    cli();
    for (;;) {
        hlt();
    }
}

#endif
