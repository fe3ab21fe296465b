/* keyboard.h: key events from the PS/2 keyboard, for the code that waits for input
   (not for interrupt handlers). */
#ifndef KEYBOARD_H
#define KEYBOARD_H

#include <stdbool.h>

#include "devices/keyboard/key.h"

/* Set up the controller and the decoder, and start taking the keyboard's interrupts
   (or say that there is no PS/2 controller, and go on without). */
void keyboard_init(void);

/* The next key event, decoded from the bytes the interrupt handler queued. False if
   there is none yet. Switches the Caps Lock light when caps lock toggles. */
bool keyboard_next_event(struct key_event *event);

/* Whether a byte is waiting to be decoded. Call with interrupts off (it panics if they
   are on), then wait with sti_hlt, so that a key arriving in between cannot be
   missed. */
bool keyboard_has_input(void);

#endif
