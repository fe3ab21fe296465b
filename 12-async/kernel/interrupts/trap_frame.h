/* trap_frame.h: what the stack holds when interrupt_dispatch runs: the registers that
   boot/interrupt_stubs.asm pushed, then the vector and error code, then the frame the
   CPU pushed. The fields are in address order, lowest first, so the struct is the
   reverse of the push order; the offsets below tie the two files together. */
#ifndef TRAP_FRAME_H
#define TRAP_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct trap_frame {
    /* Pushed by interrupt_common, rax last. */
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    /* Pushed by the vector's stub: the vector, and the CPU's error code or a 0. */
    uint64_t vector;
    uint64_t error_code;
    /* Pushed by the CPU: where to return to, and the stack to return on. */
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(offsetof(struct trap_frame, r15) == 14 * 8, "15 registers, rax at 0");
_Static_assert(offsetof(struct trap_frame, vector) == 15 * 8, "the stub's push vector");
_Static_assert(offsetof(struct trap_frame, rip) == 17 * 8, "the CPU's frame");
/* The CPU aligns rsp to 16 before pushing; a frame of a multiple of 16 bytes keeps
   it aligned for the call into C. */
_Static_assert(sizeof(struct trap_frame) % 16 == 0, "rsp aligned at the call");

#endif
