/* layout.h: the US keyboard layout for scancode set 1: which key each make code means,
   and what character each key types. Pure tables, tested on the host. */
#ifndef KEYBOARD_LAYOUT_H
#define KEYBOARD_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/keyboard/key.h"

/* The key whose make code (the byte without its release bit 0x80) is code, after an
   0xE0 prefix if extended; KEY_NONE for a code the layout does not know. */
enum key layout_key(uint8_t code, bool extended);

/* The character key types: letters in capitals if shift or caps lock (not both) is on,
   other keys their shifted symbol with shift. 0 for keys that type none. */
char layout_character(enum key key, bool shift, bool caps_lock);

/* "A", "left shift", "page up", ...; "?" for KEY_NONE or out of range. */
const char *key_name(enum key key);

#endif
