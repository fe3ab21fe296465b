/* serial_test.c: the UART driver. The test runner itself reports through the serial
   port, so these tests passing at all already says the transmit path works. */
#include "devices/serial.h"
#include "test/test.h"

TEST(serial_loopback_echoes_a_byte)
{
    TEST_ASSERT(serial_self_test());
}

TEST(serial_printf_counts_what_it_sends)
{
    /* The text follows "test NAME ... "; the runner then repeats the name before [ok]. */
    int count = serial_printf("(%d characters) ", 16);
    TEST_ASSERT_EQ(count, 16);
}
