/* jump.h: setjmp and longjmp for the test runner (kernel/test/jump.asm): a failing
   test goes back to the runner at the stack depth where the test started. */
#ifndef TEST_JUMP_H
#define TEST_JUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "cpu/x86.h"
#include "interrupts/trap_frame.h"

/* The callee-saved registers, the stack pointer and the return address; the offsets
   are jump.asm's JUMP_* constants. */
struct test_jump_buffer {
    uint64_t rbx, rbp, r12, r13, r14, r15;
    uint64_t rsp, rip;
};

_Static_assert(offsetof(struct test_jump_buffer, rsp) == 48, "jump.asm's JUMP_RSP");
_Static_assert(offsetof(struct test_jump_buffer, rip) == 56, "jump.asm's JUMP_RIP");

/* Save where the caller is and return 0. A later test_longjmp(buffer, value) returns
   here again with value. returns_twice tells the compiler that this call can return
   a second time, so it keeps nothing in registers across it that could be stale. */
__attribute__((returns_twice)) int test_setjmp(struct test_jump_buffer *buffer);

/* Return from the test_setjmp that filled buffer, again, with value (1 if value is
   0). That function must not have returned in between. */
noreturn void test_longjmp(struct test_jump_buffer *buffer, int value);

/* From an exception handler: make the handler's return (iretq) go into
   test_longjmp(buffer, 1) instead of back to the instruction that faulted. iretq still
   restores RFLAGS (all but the interrupt flag) and ends the exception the way the CPU
   expects; test_longjmp then takes the stack pointer and registers from buffer, so the
   interrupted stack does not matter. */
static inline void test_resume_after_trap(struct trap_frame *frame,
                                          struct test_jump_buffer *buffer)
{
    frame->rip = (uintptr_t)test_longjmp;
    frame->rdi = (uintptr_t)buffer;
    frame->rsi = 1;
    /* Interrupts stay off until test_longjmp has left the interrupted stack: it may have
       overflowed, and an interrupt pushed there would fault again. Whoever set the
       buffer turns them back on. */
    frame->rflags &= ~(uint64_t)RFLAGS_INTERRUPTS;
    /* Null is always a valid SS in ring 0, and the old one may be what faulted (a
       stale selector). Whoever set the buffer reloads its own SS after the jump. */
    frame->ss = 0;
}

#endif
