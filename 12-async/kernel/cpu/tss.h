/* tss.h: the task state segment. In 64-bit mode it no longer switches tasks; what is
   left is a list of stack pointers: for a change to ring 0 (unused until user mode),
   and the Interrupt Stack Table, seven stacks that a gate can ask the CPU to switch to. */
#ifndef TSS_H
#define TSS_H

#include <stdint.h>

/* The IST stacks the kernel has. The CPU numbers IST entries from 1; 0 in a gate means
   "no switch". Gates and the TSS both use these names, never bare numbers, so the
   two cannot disagree. */
enum ist_stack {
    IST_NONE = 0,
    IST_DOUBLE_FAULT = 1,
    IST_NMI = 2,
};

/* The 64-bit TSS (Intel SDM vol. 3A, 7.7). packed: the CPU's layout puts 8-byte fields
   at 4-byte offsets. */
struct tss {
    uint32_t reserved0;
    uint64_t privilege_stacks[3];   /* RSP0-RSP2: for entering rings 0-2 from above */
    uint64_t reserved1;
    uint64_t ist[7];                /* IST1-IST7, at ist[0]-ist[6] */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t io_bitmap_offset;      /* past the end: no I/O permission bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "the 64-bit TSS is 104 bytes");

/* Fill the TSS: the top of each IST stack (kernel/cpu/stacks.c), no I/O bitmap. */
void tss_init(void);

/* The TSS, for its descriptor in the GDT. */
const struct tss *tss_address(void);

#endif
