/* terminal.h: what typing does on the screen. */
#ifndef TERMINAL_H
#define TERMINAL_H

#include "devices/keyboard/key.h"

/* Show a key press: its character appears at the cursor; backspace takes back the last
   character typed (never past the start of the line being typed), enter ends the line,
   tab moves to the next tab stop. Releases, and keys typed with ctrl or alt, show
   nothing. */
void terminal_key(const struct key_event *event);

#endif
