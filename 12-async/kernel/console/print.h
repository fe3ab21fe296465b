/* print.h: printing to the screen. kprintf and kputs format through format.c and write
   through the VGA writer, one whole call at a time under a lock. */
#ifndef PRINT_H
#define PRINT_H

#include <stdarg.h>
#include <stdint.h>

/* Start the screen, after serial_init: the VGA text screen if the boot information
   (at physical address multiboot_info) says there is one; if not (a UEFI machine),
   say on the serial port that it is all there is. */
void print_init(uintptr_t multiboot_info);

/* printf for the kernel: formats (see format.h) and prints on the screen. Returns the
   number of characters printed. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kprintf with a va_list, for functions that take their own variable arguments. */
int kvprintf(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));

/* Print text followed by a newline, like C's puts. */
void kputs(const char *text);

#endif
