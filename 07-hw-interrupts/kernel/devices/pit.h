/* pit.h: the 8254 programmable interval timer. Its channel 0 is wired to IRQ 0 and
   counts down from a divisor of its 1.193182 MHz clock: each time it reaches zero, a
   timer interrupt, a tick. */
#ifndef PIT_H
#define PIT_H

#include <stdint.h>

/* 100 ticks a second: 10 ms is fine enough for an uptime, a status line and sleeping
   tasks (chapter 12), and costs the CPU next to nothing, even emulated. Linux ran at
   100 Hz for years; the PIT's default, 18.2 Hz, is too coarse to time anything. */
#define PIT_DEFAULT_HZ 100

/* Called on every tick, in the interrupt handler, with the new tick count. */
typedef void (*tick_callback)(uint64_t ticks);

/* Program channel 0 to tick hz times a second, call on_tick (if not NULL) on each
   tick, and unmask IRQ 0. */
void pit_init(unsigned hz, tick_callback on_tick);

/* Ticks since pit_init. */
uint64_t pit_ticks(void);

/* The tick rate really programmed: the clock divided by a whole divisor. */
unsigned pit_frequency(void);

/* Milliseconds since pit_init, from the ticks. */
uint64_t pit_uptime_ms(void);

#endif
