/* ps2.h: the 8042 PS/2 controller and the keyboard on its first port. The interrupt
   handler only moves bytes from the controller into the scancode stream; decoding them
   is for whoever reads the stream (keyboard.c, the keyboard task). */
#ifndef KEYBOARD_PS2_H
#define KEYBOARD_PS2_H

#include <stdbool.h>
#include <stdint.h>

/* Set up the controller: its self test (0xAA, answered 0x55), interrupts for the
   keyboard, translation to scancode set 1, checked by reading the configuration back;
   drop the bytes that are waiting in it, and unmask IRQ 1. If the controller does not
   answer or fails, say "no PS/2 controller" on the screen and the serial port, leave
   IRQ 1 masked, and return false: the kernel goes on without a keyboard. */
bool ps2_init(void);

/* Ask the keyboard to switch its Caps Lock light. The keyboard's answers (0xFA) come
   back through the interrupt handler, which sends the second half of the command. It
   shares that state with the handler: call it with interrupts off (keyboard.c does);
   it panics if they are on. */
void ps2_set_caps_lock_light(bool on);

/* The controller's configuration byte as ps2_init read it back, before it enabled the
   port (so with the clock-off bit set), or 0 if there is none. */
uint8_t ps2_config(void);

/* The Caps Lock light as the keyboard last acknowledged it. */
bool ps2_caps_lock_light(void);

/* Bytes received, and bytes dropped because the queue was full. */
uint64_t ps2_bytes_received(void);
uint64_t ps2_bytes_dropped(void);

#endif
