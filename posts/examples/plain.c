#include <stdint.h>

/* Show '1', then overwrite it with '2': a progress counter, say. */
void count_to_two(void)
{
    uint16_t *screen = (uint16_t *)0xB8000;
    screen[0] = 0x0700 | '1';
    screen[0] = 0x0700 | '2';
}
