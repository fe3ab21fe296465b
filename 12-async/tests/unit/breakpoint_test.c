/* breakpoint_test.c: int3 reaches the breakpoint handler, which sees vector 3 and the
   address after the int3, and returns there with every register as it was. */
#include <stdint.h>

#include "cpu/x86.h"
#include "interrupts/exceptions.h"
#include "interrupts/interrupts.h"
#include "test/test.h"

/* tests/unit/registers.asm: sets every general register and RFLAGS to a known value,
   executes int3, and stores what the registers hold after it: rax, rbx, rcx, rdx, rsi,
   rdi, rbp, r8-r15, then RFLAGS. */
void int3_with_known_registers(uint64_t after[16]);

#define PATTERN(n)    (0x0123456789ABCD00ull + (n))   /* what the asm loads into each */
#define FLAGS_PATTERN 0xCD7ull  /* CF PF AF ZF SF DF OF (and bit 1, always set) */

TEST(int3_returns_to_the_next_instruction)
{
    uint64_t before = breakpoint_count();
    uintptr_t after_int3;
    __asm__ volatile("int3\n"
                     "1: lea 1b(%%rip), %0" : "=r"(after_int3) : : "memory");
    TEST_ASSERT_EQ(breakpoint_count(), before + 1);
    struct trap_frame frame = breakpoint_last_frame();
    TEST_ASSERT_EQ(frame.vector, 3);
    TEST_ASSERT_EQ(frame.rip, after_int3);
}

TEST(int3_leaves_every_register_and_flag_as_it_was)
{
    uint64_t after[16];
    int3_with_known_registers(after);
    for (int i = 0; i < 15; i++) {
        TEST_ASSERT_EQ(after[i], PATTERN(i));
    }
    TEST_ASSERT_EQ(after[15], FLAGS_PATTERN);
}

/* The direction flag was set when int3 ran; the handler's C code copies the frame,
   and copies backwards (into the wrong memory) unless the stub cleared the flag. */
TEST(handler_saw_the_registers_with_the_direction_flag_cleared)
{
    uint64_t after[16];
    int3_with_known_registers(after);
    struct trap_frame frame = breakpoint_last_frame();
    const uint64_t seen[15] = {
        frame.rax, frame.rbx, frame.rcx, frame.rdx, frame.rsi, frame.rdi, frame.rbp,
        frame.r8, frame.r9, frame.r10, frame.r11, frame.r12, frame.r13, frame.r14, frame.r15,
    };
    for (int i = 0; i < 15; i++) {
        TEST_ASSERT_EQ(seen[i], PATTERN(i));
    }
    TEST_ASSERT_EQ(frame.vector, 3);
    TEST_ASSERT_EQ(frame.rflags, FLAGS_PATTERN);
    /* clang copies the frame with a call to memcpy, which goes forwards whatever DF
       says: only the flag itself tells whether the stub cleared it. */
    TEST_ASSERT(!breakpoint_last_entry().direction_flag);
}

/* The handler's frame pointer is rsp at the call minus 16 (the return address and the
   saved rbp): a multiple of 16 only if the stub called with rsp aligned, whatever rsp
   the interrupted code had. */
TEST(handler_runs_on_a_16_byte_aligned_stack)
{
    uint64_t after[16];
    int3_with_known_registers(after);
    TEST_ASSERT_EQ(breakpoint_last_entry().frame_address % 16, 0);
    __asm__ volatile("sub $8, %%rsp\n\t"
                     "int3\n\t"
                     "add $8, %%rsp" ::: "memory");
    TEST_ASSERT_EQ(breakpoint_last_entry().frame_address % 16, 0);
}

TEST(in_interrupt_only_inside_a_handler)
{
    TEST_ASSERT(!in_interrupt());
    breakpoint();
    TEST_ASSERT(breakpoint_last_entry().in_interrupt);
    TEST_ASSERT(!in_interrupt());
}
