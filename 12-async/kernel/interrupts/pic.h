/* pic.h: the two 8259 programmable interrupt controllers of the PC, primary and
   secondary, which turn the 16 interrupt request lines (IRQ 0-15) of the timer, the
   keyboard and other devices into interrupt vectors for the CPU. */
#ifndef PIC_H
#define PIC_H

#include <stdbool.h>
#include <stdint.h>

#include "interrupts/trap_frame.h"

#define PIC_FIRST_VECTOR 32     /* IRQ n arrives as vector 32 + n, after the exceptions */
#define PIC_IRQS         16

enum irq {
    IRQ_TIMER = 0,
    IRQ_KEYBOARD = 1,
    IRQ_CASCADE = 2,    /* the secondary PIC's requests come through this line */
    IRQ_PRIMARY_SPURIOUS = 7,
    IRQ_SECONDARY_SPURIOUS = 15,
};

/* What a device's interrupt handler gets: the interrupted code's frame. It runs with
   interrupts off; the end of interrupt has been sent for it already. */
typedef void (*irq_handler)(struct trap_frame *frame);

/* Program both PICs to deliver IRQ 0-15 as vectors 32-47, and mask every line (the
   cascade excepted): a line opens when its device installs a handler. If the mask
   registers do not keep what is written, say "no 8259 PIC" on the screen and the
   serial port and return false: the kernel goes on without hardware interrupts. */
bool pic_init(void);

/* Call handler for irq from now on, and unmask the line. */
void pic_install(enum irq irq, irq_handler handler);

/* How many spurious IRQ 7 and IRQ 15 have arrived (requests that vanished before the
   CPU took them). Zero in normal operation. */
uint64_t pic_spurious_count(void);

/* Which IRQs the PICs are serving now (the in-service registers, IRQ n in bit n): those
   taken by the CPU whose end of interrupt has not been sent yet. 0 outside handlers. */
uint16_t pic_in_service(void);

/* Which IRQs are requested now (the interrupt request registers, IRQ n in bit n):
   raised by their device, not yet taken by the CPU (interrupts off, say). For tests
   that need an interrupt to be pending at an exact moment. */
uint16_t pic_requested(void);

#endif
