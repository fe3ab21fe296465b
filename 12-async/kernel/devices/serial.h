/* serial.h: the first serial port (COM1), a 16550 UART. Tests report through it, and
   whatever the kernel prints there survives a crash of the screen. */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Program the UART for 115200 baud, 8 data bits, no parity, one stop bit, with FIFOs.
   Returns false, and turns every later serial call into a no-op, if no working UART
   answers (the loopback self test failed). */
bool serial_init(void);

/* Send one byte in loopback mode and check that it comes back. Restores normal mode. */
bool serial_self_test(void);

/* Send length bytes of text, '\n' as "\r\n" for terminals (nothing when there is no
   UART). kprintf mirrors the screen's text through it. */
void serial_write(const char *text, size_t length);

/* Like kprintf, but to the serial port alone. '\n' goes out as "\r\n" for terminals.
   Returns the number of characters formatted (0 when there is no UART). */
int serial_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* serial_printf with a va_list, for functions that take their own arguments. */
int serial_vprintf(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));

/* How many bytes have been sent so far ('\r' included). The test runner uses it to
   tell whether a test printed anything. */
size_t serial_bytes_sent(void);

#endif
