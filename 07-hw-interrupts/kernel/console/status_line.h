/* status_line.h: a row at the bottom of the screen that the timer keeps up to date. */
#ifndef STATUS_LINE_H
#define STATUS_LINE_H

#include <stdint.h>

/* Take the bottom row of the screen for the status line: text scrolls above it. */
void status_line_init(void);

/* The timer's tick callback: rewrites the status line ten times a second (uptime,
   ticks, keyboard bytes, dropped bytes, spurious IRQs, caps lock). */
void status_line_tick(uint64_t ticks);

#endif
