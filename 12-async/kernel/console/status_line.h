/* status_line.h: a row at the bottom of the screen with the uptime and counters. */
#ifndef STATUS_LINE_H
#define STATUS_LINE_H

#include <stdbool.h>

/* Take the bottom row of the screen for the status line (text scrolls above it) and
   draw it once. */
void status_line_init(void);

/* Draw the line again with the current numbers: uptime, ticks, keyboard bytes,
   dropped bytes, spurious IRQs, caps lock, idle. The clock task calls it ten times a
   second. Task code only (not from interrupt handlers). */
void status_line_update(void);

/* Show "idle" on the line, or stop showing it; drawn at once. */
void status_line_set_idle(bool is_idle);

#endif
