/* overflow.h: running off the bottom of the stack, on purpose. */
#ifndef OVERFLOW_H
#define OVERFLOW_H

/* Recurse until the stack runs out: into its guard page, a page fault the CPU cannot
   deliver on that stack, and a double fault on the double-fault stack. Never returns. */
void overflow_the_stack(void);

#endif
