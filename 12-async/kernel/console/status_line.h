/* status_line.h: a row at the bottom of the screen that the timer keeps up to date. */
#ifndef STATUS_LINE_H
#define STATUS_LINE_H

#include <stdint.h>

/* Take the bottom row of the screen for the status line (text scrolls above it), and
   listen to the timer: ten times a second the line is drawn again with the uptime,
   ticks, keyboard bytes, dropped bytes, spurious IRQs and caps lock. */
void status_line_init(void);

#endif
