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

/* Wait a moment for a slow device: a write to port 0x80, which the POST diagnostic
   card used to read and nothing else does, takes about a microsecond. */
static inline __attribute__((always_inline)) void io_wait(void)
{
    __asm__ volatile("outb %%al, $0x80" : : "a"(0) : "memory");
}

/* Write a 32-bit value to an I/O port. */
static inline __attribute__((always_inline)) void outl(uint16_t port, uint32_t value)
{
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

/* Stop the CPU until the next interrupt arrives. "memory": the interrupt may have
   changed memory, so nothing read before hlt may be reused after it. */
static inline __attribute__((always_inline)) void hlt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

/* Accept interrupts and wait for one, as one step: an interrupt between sti and hlt
   cannot happen, because sti takes effect only after the next instruction. So a wakeup
   that arrives now cannot be missed by a caller that checked for work with interrupts
   off. */
static inline __attribute__((always_inline)) void sti_hlt(void)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

/* Ignore maskable interrupts until sti. */
static inline __attribute__((always_inline)) void cli(void)
{
    __asm__ volatile("cli" ::: "memory");
}

/* Accept maskable interrupts again. */
static inline __attribute__((always_inline)) void sti(void)
{
    __asm__ volatile("sti" ::: "memory");
}

#define RFLAGS_INTERRUPTS (1u << 9)    /* IF: maskable interrupts are accepted */
#define RFLAGS_DIRECTION  (1u << 10)   /* DF: string instructions count down */

/* The RFLAGS register: the interrupt flag and the arithmetic and control flags. */
static inline __attribute__((always_inline)) uint64_t read_rflags(void)
{
    uint64_t rflags;
    __asm__ volatile("pushfq; popq %0" : "=r"(rflags) : : "memory");
    return rflags;
}

/* Tell the CPU we are spinning on a lock, so it can save power and let the lock go.
   "memory": whatever we are waiting for must be read again after each pause. */
static inline __attribute__((always_inline)) void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* Raise the breakpoint exception (vector 3), as a debugger's int3 would. */
static inline __attribute__((always_inline)) void breakpoint(void)
{
    __asm__ volatile("int3" ::: "memory");
}

/* What lidt and lgdt load: the table's size in bytes minus one, and its address. */
struct descriptor_table_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* Load the interrupt descriptor table register. */
static inline __attribute__((always_inline)) void lidt(const struct descriptor_table_pointer *idt)
{
    __asm__ volatile("lidt %0" : : "m"(*idt) : "memory");
}

/* Store the interrupt descriptor table register: what lidt loaded. */
static inline __attribute__((always_inline)) void sidt(struct descriptor_table_pointer *idt)
{
    __asm__ volatile("sidt %0" : "=m"(*idt));
}

/* Load the global descriptor table register. */
static inline __attribute__((always_inline)) void lgdt(const struct descriptor_table_pointer *gdt)
{
    __asm__ volatile("lgdt %0" : : "m"(*gdt) : "memory");
}

/* Store the global descriptor table register: what lgdt loaded. */
static inline __attribute__((always_inline)) void sgdt(struct descriptor_table_pointer *gdt)
{
    __asm__ volatile("sgdt %0" : "=m"(*gdt));
}

/* Load CS. mov cannot, so push the selector and the address of the next instruction,
   and let a far return pop both. */
static inline __attribute__((always_inline)) void load_code_segment(uint16_t selector)
{
    __asm__ volatile("pushq %q0\n"
                     "leaq 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "lretq\n"
                     "1:" : : "r"((uint64_t)selector) : "rax", "memory");
}

/* Load the data segment registers DS, ES and SS with selector, and FS and GS with the
   null selector (in 64-bit mode their bases come from MSRs, when anything needs them). */
static inline __attribute__((always_inline)) void load_data_segments(uint16_t selector)
{
    __asm__ volatile("mov %0, %%ds\n"
                     "mov %0, %%es\n"
                     "mov %0, %%ss\n"
                     "mov %1, %%fs\n"
                     "mov %1, %%gs" : : "r"(selector), "r"((uint16_t)0) : "memory");
}

/* Load the task register: which GDT entry describes the TSS. */
static inline __attribute__((always_inline)) void ltr(uint16_t selector)
{
    __asm__ volatile("ltr %0" : : "r"(selector) : "memory");
}

/* The task register's selector. */
static inline __attribute__((always_inline)) uint16_t str(void)
{
    uint16_t selector;
    __asm__ volatile("str %0" : "=r"(selector));
    return selector;
}

/* The stack segment selector. */
static inline __attribute__((always_inline)) uint16_t read_ss(void)
{
    uint16_t selector;
    __asm__ volatile("mov %%ss, %0" : "=r"(selector));
    return selector;
}

/* Load SS alone. */
static inline __attribute__((always_inline)) void load_stack_segment(uint16_t selector)
{
    __asm__ volatile("mov %0, %%ss" : : "r"(selector) : "memory");
}

/* CR3: the physical address of the active level 4 page table. */
static inline __attribute__((always_inline)) uint64_t read_cr3(void)
{
    uint64_t value;
    __asm__ volatile("mov %%cr3, %0" : "=r"(value));
    return value;
}

/* Load CR3: switch to the level 4 table at physical address value. Loading the same
   value again is how the kernel flushes the TLB: every cached translation but the
   global ones is dropped. */
static inline __attribute__((always_inline)) void write_cr3(uint64_t value)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(value) : "memory");
}

#define CR0_WRITE_PROTECT (1ull << 16)  /* WP: read-only pages are read-only in ring 0 too */

/* CR0: the switches of protected mode, paging and write protection among them. */
static inline __attribute__((always_inline)) uint64_t read_cr0(void)
{
    uint64_t value;
    __asm__ volatile("mov %%cr0, %0" : "=r"(value));
    return value;
}

/* Load CR0. "memory": what may be written changes with it. */
static inline __attribute__((always_inline)) void write_cr0(uint64_t value)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(value) : "memory");
}

#define MSR_EFER        0xC0000080   /* extended feature enable register */
#define EFER_NO_EXECUTE (1ull << 11) /* NXE: bit 63 of a page-table entry means no-execute */

/* Read a model-specific register: edx:eax, put together. */
static inline __attribute__((always_inline)) uint64_t rdmsr(uint32_t msr)
{
    uint32_t low, high;
    __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
    return (uint64_t)high << 32 | low;
}

/* What CPUID says for leaf (and subleaf 0): eax, ebx, ecx, edx. */
struct cpuid_result {
    uint32_t eax, ebx, ecx, edx;
};

#define CPUID_EXTENDED_INFO  0x80000001u
#define CPUID_EDX_1GIB_PAGES (1u << 26)     /* pdpe1gb: level 3 entries may map 1 GiB */

/* Ask the CPU about itself. */
static inline __attribute__((always_inline)) struct cpuid_result cpuid(uint32_t leaf)
{
    struct cpuid_result r;
    __asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(0));
    return r;
}

/* The time-stamp counter: cycles since reset (under TCG, an emulated count). For
   the allocator benchmark. */
static inline __attribute__((always_inline)) uint64_t rdtsc(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (uint64_t)high << 32 | low;
}

/* Drop the TLB's cached translation of the page holding address. */
static inline __attribute__((always_inline)) void invlpg(uintptr_t address)
{
    __asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
}

/* The code segment selector the CPU is running with. */
static inline __attribute__((always_inline)) uint16_t read_cs(void)
{
    uint16_t selector;
    __asm__ volatile("mov %%cs, %0" : "=r"(selector));
    return selector;
}

/* CR2: the address whose access caused the last page fault. */
static inline __attribute__((always_inline)) uint64_t read_cr2(void)
{
    uint64_t address;
    __asm__ volatile("mov %%cr2, %0" : "=r"(address));
    return address;
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
