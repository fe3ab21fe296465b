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

TEST(no_spurious_irqs_so_far)
{
    TEST_ASSERT_EQ(pic_spurious_count(), 0);
}
