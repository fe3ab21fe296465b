/* pic.c: the 8259A pair (Intel's 8259A datasheet), remapped and masked, with one
   dispatcher for all 16 IRQ vectors that sends the end of interrupt in one place. */
#include "interrupts/pic.h"

#include <stdbool.h>
#include <stddef.h>

#include "console/print.h"
#include "cpu/x86.h"
#include "interrupts/interrupts.h"

#define PIC1_COMMAND 0x20   /* primary: IRQ 0-7 */
#define PIC1_DATA    0x21
#define PIC2_COMMAND 0xA0   /* secondary: IRQ 8-15, chained to the primary's IRQ 2 */
#define PIC2_DATA    0xA1

#define ICW1_INIT       0x10    /* start the initialisation sequence */
#define ICW1_NEEDS_ICW4 0x01
#define ICW3_PRIMARY_CASCADE_LINE (1 << IRQ_CASCADE)    /* a bit mask on the primary */
#define ICW3_SECONDARY_IDENTITY   IRQ_CASCADE           /* a number on the secondary */
#define ICW4_8086_MODE  0x01
#define OCW2_END_OF_INTERRUPT 0x20
#define OCW3_READ_IN_SERVICE  0x0B  /* the next read of the command port gives the ISR */
#define OCW3_READ_REQUESTS    0x0A  /* ... gives the IRR: lines raised, not yet taken */
#define IRQS_PER_PIC    8
#define ALL_MASKED      0xFF
#define MASK_CHECK      0x5A    /* any mask but 0xFF, what a port without a chip reads */

static irq_handler handlers[PIC_IRQS];
static uint64_t spurious;

static void send_end_of_interrupt(unsigned irq)
{
    if (irq >= IRQS_PER_PIC) {
        outb(PIC2_COMMAND, OCW2_END_OF_INTERRUPT);
    }
    outb(PIC1_COMMAND, OCW2_END_OF_INTERRUPT);
}

/* The in-service register of the PIC that serves irq: which requests it is serving. */
static uint8_t in_service(unsigned irq)
{
    uint16_t port = irq >= IRQS_PER_PIC ? PIC2_COMMAND : PIC1_COMMAND;
    outb(port, OCW3_READ_IN_SERVICE);
    return inb(port);
}

/* A request that went away between the PIC raising it and the CPU acknowledging it
   arrives as the lowest-priority line, 7 (or 15), with its in-service bit clear. The
   primary must not get an end of interrupt for it; a spurious IRQ 15 did, however,
   come through the primary's cascade line, which does. */
static bool is_spurious(unsigned irq)
{
    if (irq != IRQ_PRIMARY_SPURIOUS && irq != IRQ_SECONDARY_SPURIOUS) {
        return false;
    }
    if (in_service(irq) & (1 << (irq % IRQS_PER_PIC))) {
        return false;
    }
    spurious++;
    if (irq == IRQ_SECONDARY_SPURIOUS) {
        outb(PIC1_COMMAND, OCW2_END_OF_INTERRUPT);
    }
    return true;
}

/* The end of interrupt goes first, then the handler runs (Linux's 8259 code does the
   same). The interrupt gate keeps interrupts off until iretq, so the line cannot
   interrupt its own handler; and a handler that never returns (a panic that ends a test
   and jumps back to the runner) cannot leave its line in service for ever, which would
   silence it and every line of lower priority. */
static void irq_dispatch(struct trap_frame *frame)
{
    unsigned irq = (unsigned)(frame->vector - PIC_FIRST_VECTOR);
    if (is_spurious(irq)) {
        return;
    }
    send_end_of_interrupt(irq);
    if (handlers[irq]) {
        handlers[irq](frame);
    }
}

static void set_mask(unsigned irq, bool masked)
{
    uint16_t port = irq >= IRQS_PER_PIC ? PIC2_DATA : PIC1_DATA;
    uint8_t bit = (uint8_t)(1 << (irq % IRQS_PER_PIC));
    uint8_t mask = inb(port);
    outb(port, masked ? mask | bit : mask & (uint8_t)~bit);
}

/* A PIC keeps what is written to its mask register; with no PIC at the port, the
   value is lost. */
static bool mask_register_works(uint16_t port)
{
    outb(port, MASK_CHECK);
    return inb(port) == MASK_CHECK;
}

bool pic_init(void)
{
    /* ICW1-ICW4 to each PIC, with a short wait after each write for old hardware. */
    outb(PIC1_COMMAND, ICW1_INIT | ICW1_NEEDS_ICW4);
    io_wait();
    outb(PIC2_COMMAND, ICW1_INIT | ICW1_NEEDS_ICW4);
    io_wait();
    outb(PIC1_DATA, PIC_FIRST_VECTOR);                  /* ICW2: vector of IRQ 0 */
    io_wait();
    outb(PIC2_DATA, PIC_FIRST_VECTOR + IRQS_PER_PIC);   /* ... and of IRQ 8 */
    io_wait();
    outb(PIC1_DATA, ICW3_PRIMARY_CASCADE_LINE);
    io_wait();
    outb(PIC2_DATA, ICW3_SECONDARY_IDENTITY);
    io_wait();
    outb(PIC1_DATA, ICW4_8086_MODE);
    io_wait();
    outb(PIC2_DATA, ICW4_8086_MODE);
    io_wait();

    bool present = mask_register_works(PIC1_DATA) && mask_register_works(PIC2_DATA);
    outb(PIC1_DATA, ALL_MASKED);
    outb(PIC2_DATA, ALL_MASKED);
    set_mask(IRQ_CASCADE, false);
    for (unsigned irq = 0; irq < PIC_IRQS; irq++) {
        interrupts_set_handler((uint8_t)(PIC_FIRST_VECTOR + irq), irq_dispatch);
    }
    if (!present) {
        kprintf("no 8259 PIC: its mask register does not keep what is written; no "
                "timer or keyboard interrupts\n");
    }
    return present;
}

void pic_install(enum irq irq, irq_handler handler)
{
    handlers[irq] = handler;
    set_mask(irq, false);
}

uint64_t pic_spurious_count(void)
{
    return spurious;
}

uint16_t pic_in_service(void)
{
    return (uint16_t)(in_service(IRQ_SECONDARY_SPURIOUS) << IRQS_PER_PIC |
                      in_service(IRQ_TIMER));
}

uint16_t pic_requested(void)
{
    outb(PIC2_COMMAND, OCW3_READ_REQUESTS);
    uint8_t secondary = inb(PIC2_COMMAND);
    outb(PIC1_COMMAND, OCW3_READ_REQUESTS);
    return (uint16_t)(secondary << IRQS_PER_PIC | inb(PIC1_COMMAND));
}
