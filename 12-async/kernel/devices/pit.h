/* pit.h: the 8254 programmable interval timer. Its channel 0 is wired to IRQ 0 and
   counts down from a divisor of its 1.193182 MHz clock: each time it reaches zero, a
   timer interrupt, a tick. */
#ifndef PIT_H
#define PIT_H

#include <stdbool.h>
#include <stdint.h>

/* 100 ticks a second: 10 ms is fine enough for an uptime, a status line and sleeping
   tasks (chapter 12), and costs the CPU next to nothing, even emulated. Linux ran at
   100 Hz for years; the PIT's default, 18.2 Hz, is too coarse to time anything. */
#define PIT_DEFAULT_HZ 100

/* How many callbacks may listen to the tick at once: the sleeping tasks' timer
   (task/sleep.c; the clock task draws the status line now), and a few more for tests. */
#define PIT_SUBSCRIBERS_MAX 4

/* Called on every tick, in the interrupt handler, with the new tick count. */
typedef void (*tick_callback)(uint64_t ticks);

/* Program channel 0 to tick hz times a second, and unmask IRQ 0. Called again, it
   changes the rate and keeps the subscribers. */
void pit_init(unsigned hz);

/* For tests: one tick count clock periods from now (count >= 1), then none until
   pit_init programs the rate again. */
void pit_one_shot(uint16_t count);

/* Call callback on every tick from now on, after those subscribed before it. False if
   all PIT_SUBSCRIBERS_MAX places are taken. */
bool pit_subscribe(tick_callback callback);

/* Stop calling callback. A callback may unsubscribe itself. */
void pit_unsubscribe(tick_callback callback);

/* With interrupts on: wait for a tick, five of the channel's periods at most (timed
   by its own count, so it takes as long on any CPU). If none comes, say so on the
   screen and the serial port ("the timer is not ticking") and return false. */
bool pit_check_ticking(void);

/* Ticks since the first pit_init. */
uint64_t pit_ticks(void);

/* The tick rate really programmed: the clock divided by a whole divisor. */
unsigned pit_frequency(void);

/* Milliseconds since the first pit_init, from the ticks. */
uint64_t pit_uptime_ms(void);

/* What channel 0 says of itself (the read-back command): its status byte, whose low
   six bits are how it was programmed (PIT_STATUS_PROGRAMMING), and the count it has
   reached, which runs down from the divisor. */
struct pit_channel_state {
    uint8_t status;
    uint16_t count;
};

#define PIT_STATUS_PROGRAMMING 0x3F     /* access mode, operating mode, BCD */

struct pit_channel_state pit_read_back(void);

#endif
