/* keyboard.h: key events from the PS/2 keyboard, for the code that waits for input
   (not for interrupt handlers). */
#ifndef KEYBOARD_H
#define KEYBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/keyboard/key.h"

/* Set up the controller and the decoder, and start taking the keyboard's interrupts
   (or say that there is no PS/2 controller, and go on without). */
void keyboard_init(void);

/* Feed one byte of the scancode stream to the decoder: true, with *event set, if it
   completed a key event. Switches the Caps Lock light when caps lock toggles. For the
   one reader of the stream (the keyboard task, or keyboard_next_event). */
bool keyboard_decode(uint8_t byte, struct key_event *event);

/* The next key event, decoded from the bytes the interrupt handler queued. False if
   there is none yet. */
bool keyboard_next_event(struct key_event *event);

/* Whether a byte is waiting to be decoded (a snapshot: one may arrive just after; to
   sleep until one does, check with interrupts off and wait with sti_hlt). */
bool keyboard_has_input(void);

#endif
