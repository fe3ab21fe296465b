/* print.h: printing to the screen and, the same text, to the serial port. kprintf and
   kputs format through format.c and write through the VGA writer and the UART, one
   whole call at a time under a lock. */
#ifndef PRINT_H
#define PRINT_H

#include <stdarg.h>

/* printf for the kernel: formats (see format.h) and prints on the screen and the serial
   port. Returns the number of characters printed. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kprintf with a va_list, for functions that take their own variable arguments. */
int kvprintf(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));

/* Print text followed by a newline, like C's puts. */
void kputs(const char *text);

/* For panic only: take the lock away from whoever holds it. The holder is the CPU
   that is panicking, and it will never run again to release it. */
void print_break_lock(void);

#endif
