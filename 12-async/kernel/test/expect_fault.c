/* expect_fault.c: test_expect_fault, for tests of code that must raise an exception.
   It works like Linux's exception tables, which say "if this instruction faults,
   continue there instead": before reporting an exception that no handler takes,
   exception_fatal asks test_fault_caught, which records the exception and points the
   interrupt frame at our jump buffer. Vectors with a handler (a breakpoint, later the
   timer) are handled as usual. */
#include <stddef.h>

#include "cpu/x86.h"
#include "test/jump.h"
#include "test/test.h"

static bool waiting;                    /* a test_expect_fault is running */
static struct test_jump_buffer resume;  /* where it continues after a fault */
static struct test_fault caught;

struct test_fault test_expect_fault(void (*function)(void *), void *argument)
{
    bool interrupts_were_on = (read_rflags() & RFLAGS_INTERRUPTS) != 0;
    uint16_t stack_segment = read_ss();
    caught = (struct test_fault){0};
    waiting = true;
    if (test_setjmp(&resume) == 0) {
        function(argument);
    }
    waiting = false;
    load_stack_segment(stack_segment);  /* a fault comes back with a null SS */
    if (interrupts_were_on) {
        sti();
    }
    return caught;
}

bool test_fault_caught(struct trap_frame *frame)
{
    if (!waiting) {
        return false;
    }
    waiting = false;
    caught = (struct test_fault){
        .happened = true,
        .vector = frame->vector,
        .error_code = frame->error_code,
        .rip = frame->rip,
        .cr2 = read_cr2(),
        .handler_stack = (uintptr_t)__builtin_frame_address(0),
    };
    test_resume_after_trap(frame, &resume);
    return true;
}
