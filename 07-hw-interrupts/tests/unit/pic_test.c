/* pic_test.c: the PICs are remapped and masked as pic_init left them, and the timer
   really interrupts: the tick count goes up while the CPU sleeps. */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/pit.h"
#include "interrupts/pic.h"
#include "test/test.h"

#define PIC1_DATA 0x21
#define PIC2_DATA 0xA1

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
