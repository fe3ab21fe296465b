/* overflow.c: a stack overflow on purpose, for the demo in kernel_main and the tests
   of the guard pages: a recursion that never ends, with a few bytes in every frame. */
#include "debug/overflow.h"

#include <stdbool.h>

/* Always true, but volatile: the compiler must read it on every call, so it can neither
   see that the recursion never ends (gcc would refuse it: -Werror=infinite-recursion)
   nor fold the test away. */
static volatile bool bottomless = true;

static __attribute__((noinline)) unsigned recurse(unsigned depth)
{
    volatile unsigned on_this_frame = depth;
    if (bottomless) {
        /* A volatile write after the call: every frame must still exist when the call
           returns, so the compiler cannot turn the recursion into a loop. */
        on_this_frame += recurse(depth + 1);
    }
    return on_this_frame;
}

void overflow_the_stack(void)
{
    recurse(0);
}
