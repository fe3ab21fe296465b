/* pic_test.c: the PICs are remapped and masked as pic_init left them, the timer really
   interrupts (the tick count goes up while the CPU sleeps) at the rate the chip itself
   reports, and spurious IRQs are counted and get the end of interrupt they need. */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/pit.h"
#include "interrupts/pic.h"
#include "test/test.h"

#define PIC1_COMMAND 0x20
#define PIC1_DATA    0x21
#define PIC2_DATA    0xA1
#define OCW2_END_OF_INTERRUPT 0x20
/* Poll command: the next read of the command port acknowledges the highest request,
   as the CPU's interrupt acknowledge would, and returns it (8259A datasheet, OCW3). */
#define OCW3_POLL             0x0C
#define POLL_IRQ_PRESENT      0x80
#define POLL_IRQ_LEVEL        0x07
#define POLLS                 1000000

TEST(only_the_timer_keyboard_and_cascade_lines_are_open)
{
    uint8_t open_lines = (uint8_t)~inb(PIC1_DATA);
    TEST_ASSERT_EQ(open_lines, 1 << IRQ_TIMER | 1 << IRQ_KEYBOARD | 1 << IRQ_CASCADE);
    TEST_ASSERT_EQ(inb(PIC2_DATA), 0xFF);
}

TEST(the_timer_is_set_to_100_hz_and_ticks)
{
    TEST_ASSERT_EQ(pit_frequency(), PIT_DEFAULT_HZ);
    uint64_t start = pit_ticks();
    for (int i = 0; i < 5; i++) {
        hlt();      /* each wakeup is an interrupt: nothing else is unmasked and busy */
    }
    TEST_ASSERT(pit_ticks() > start);
}

/* The rate as the chip has it, not as pit.c computed it: channel 0's status says how
   it was programmed, and its count runs down from the divisor, 1193182 / 100 = 11932
   (rounded), to 1, again and again. */
#define PIT_MODE_2_LOBYTE_HIBYTE 0x34   /* access lobyte/hibyte, mode 2, binary */
#define DIVISOR_FOR_100_HZ       11932
#define READ_BACKS_MAX           1000000

TEST(the_pit_counts_down_from_the_divisor_for_100_hz_in_mode_2)
{
    uint16_t lowest = UINT16_MAX, highest = 0;
    uint64_t start = pit_ticks();
    /* For two whole periods at least. */
    for (int i = 0; i < READ_BACKS_MAX && pit_ticks() < start + 3; i++) {
        struct pit_channel_state state = pit_read_back();
        TEST_ASSERT_EQ(state.status & PIT_STATUS_PROGRAMMING, PIT_MODE_2_LOBYTE_HIBYTE);
        lowest = state.count < lowest ? state.count : lowest;
        highest = state.count > highest ? state.count : highest;
    }
    TEST_ASSERT(highest <= DIVISOR_FOR_100_HZ);
    /* Samples from all over the period, not one count read again and again. */
    TEST_ASSERT(highest - lowest > DIVISOR_FOR_100_HZ / 2);
}

TEST(no_spurious_irqs_so_far)
{
    TEST_ASSERT_EQ(pic_spurious_count(), 0);
}

/* With interrupts off, put IRQ 0 in service as the CPU would when it takes it: wait for
   the timer's request, and acknowledge it with a poll. No handler runs for it. */
static bool take_the_timer_irq_by_polling(void)
{
    for (int i = 0; i < POLLS; i++) {
        outb(PIC1_COMMAND, OCW3_POLL);
        uint8_t poll = inb(PIC1_COMMAND);
        if (poll & POLL_IRQ_PRESENT) {
            return (poll & POLL_IRQ_LEVEL) == IRQ_TIMER;
        }
    }
    return false;
}

/* A spurious IRQ 7 is not in service: an end of interrupt for it would end the IRQ that
   is (IRQ 0 here), and that handler would then run with its line open again. */
TEST(spurious_irq_7_is_counted_and_gets_no_end_of_interrupt)
{
    cli();
    bool taken = take_the_timer_irq_by_polling();
    uint64_t before = pic_spurious_count();
    __asm__ volatile("int %0" : : "i"(PIC_FIRST_VECTOR + IRQ_PRIMARY_SPURIOUS));
    uint64_t counted = pic_spurious_count() - before;
    uint16_t in_service = pic_in_service();
    outb(PIC1_COMMAND, OCW2_END_OF_INTERRUPT);  /* ours, for the polled IRQ 0 */
    sti();
    TEST_ASSERT(taken);
    TEST_ASSERT_EQ(counted, 1);
    TEST_ASSERT_EQ(in_service, 1 << IRQ_TIMER);
}

/* A spurious IRQ 15 did come through the primary's cascade line, which the primary put
   in service: the primary needs its end of interrupt (here, it ends the polled IRQ 0,
   the highest in service). */
TEST(spurious_irq_15_is_counted_and_the_primary_gets_its_end_of_interrupt)
{
    cli();
    bool taken = take_the_timer_irq_by_polling();
    uint64_t before = pic_spurious_count();
    __asm__ volatile("int %0" : : "i"(PIC_FIRST_VECTOR + IRQ_SECONDARY_SPURIOUS));
    uint64_t counted = pic_spurious_count() - before;
    uint16_t in_service = pic_in_service();
    if (in_service) {
        outb(PIC1_COMMAND, OCW2_END_OF_INTERRUPT);
    }
    sti();
    TEST_ASSERT(taken);
    TEST_ASSERT_EQ(counted, 1);
    TEST_ASSERT_EQ(in_service, 0);
}
