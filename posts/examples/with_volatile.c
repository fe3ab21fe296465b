#include <stdint.h>

/* The same, through a volatile pointer: both stores must happen, in order. */
void count_to_two(void)
{
    volatile uint16_t *screen = (volatile uint16_t *)0xB8000;
    screen[0] = 0x0700 | '1';
    screen[0] = 0x0700 | '2';
}
