/* ps2.h: the 8042 PS/2 controller and the keyboard on its first port. The interrupt
   handler only moves bytes from the controller into a queue; decoding them is for
   whoever reads the queue (keyboard.c). */
#ifndef KEYBOARD_PS2_H
#define KEYBOARD_PS2_H

#include <stdbool.h>
#include <stdint.h>

#define PS2_QUEUE_SIZE 128  /* bytes: over a second of fast typing, a few per key */

/* Set up the controller (interrupts for the keyboard, translation to scancode set 1),
   drop the bytes that are waiting in it, and unmask IRQ 1. */
void ps2_init(void);

/* Take the oldest byte from the queue. False if it is empty. Call with interrupts
   off (keyboard.c does), as the handler adds to the queue. */
bool ps2_take_byte(uint8_t *byte);

/* Whether a byte is waiting in the queue. */
bool ps2_has_byte(void);

/* Ask the keyboard to switch its Caps Lock light. The keyboard's answers (0xFA) come
   back through the interrupt handler, which sends the second half of the command. */
void ps2_set_caps_lock_light(bool on);

/* The Caps Lock light as the keyboard last acknowledged it. */
bool ps2_caps_lock_light(void);

/* Bytes received, and bytes dropped because the queue was full. */
uint64_t ps2_bytes_received(void);
uint64_t ps2_bytes_dropped(void);

#endif
