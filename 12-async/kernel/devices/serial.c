/* serial.c: a driver for the 16550 UART at COM1. It sends, polling until the
   transmitter has room for each byte (no interrupts); it reads only in its self test. */
#include "devices/serial.h"

#include <stdint.h>

#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "lib/format.h"

#define COM1                 0x3F8
#define UART_DATA            (COM1 + 0)  /* transmit/receive; divisor low with DLAB */
#define UART_INTERRUPTS      (COM1 + 1)  /* interrupt enable; divisor high with DLAB */
#define UART_FIFO_CONTROL    (COM1 + 2)
#define UART_LINE_CONTROL    (COM1 + 3)
#define UART_MODEM_CONTROL   (COM1 + 4)
#define UART_LINE_STATUS     (COM1 + 5)

#define UART_BASE_BAUD        115200       /* the fastest rate: divisor 1 */
#define UART_BAUD             115200       /* the fastest: sending waits, polling */
#define LINE_DLAB             0x80         /* data and interrupt ports become the divisor */
#define LINE_8N1              0x03         /* 8 data bits, no parity, 1 stop bit */
#define FIFO_ENABLE_CLEAR_14  0xC7         /* enable, clear both FIFOs, 14-byte threshold */
#define MODEM_DTR_RTS_OUT2    0x0B         /* ready to send; OUT2 gates the IRQ line */
#define MODEM_LOOPBACK        0x1E         /* loopback with RTS, OUT1, OUT2 */
#define STATUS_DATA_READY     0x01
#define STATUS_TRANSMIT_READY 0x20         /* room for another byte */
#define STATUS_TRANSMIT_IDLE  0x40         /* every byte has left the wire */
#define SELF_TEST_BYTE        0xAE
#define SELF_TEST_READS       32           /* bytes read in loopback to find it among */
#define STATUS_POLLS          100000       /* how long to wait for a status bit */

static struct spinlock serial_lock = SPINLOCK_INIT("serial");
static bool serial_present;
static size_t bytes_sent;

/* Poll the line status register until `bit` is set. False if it never was: no UART
   answers at this port. */
static bool wait_for_status(uint8_t bit)
{
    for (int i = 0; i < STATUS_POLLS; i++) {
        if (inb(UART_LINE_STATUS) & bit) {
            return true;
        }
        cpu_relax();
    }
    return false;
}

bool serial_self_test(void)
{
    /* Let bytes still being sent go out first: in loopback they would come back to
       us instead, and be lost. Without a bound, as serial_putc waits for room: the
       other end may be slow to take them (QEMU waits for whoever reads its output). */
    while (!(inb(UART_LINE_STATUS) & STATUS_TRANSMIT_IDLE)) {
        cpu_relax();
    }
    /* And drop bytes that arrived from outside, or we would read one of them back. */
    for (int i = 0; i < STATUS_POLLS && (inb(UART_LINE_STATUS) & STATUS_DATA_READY); i++) {
        inb(UART_DATA);
    }
    outb(UART_MODEM_CONTROL, MODEM_LOOPBACK);
    outb(UART_DATA, SELF_TEST_BYTE);
    /* Bytes from outside that arrived since the drain may still come first: ours
       must be among the next few. */
    bool echoed = false;
    for (int i = 0; i < SELF_TEST_READS && !echoed && wait_for_status(STATUS_DATA_READY);
         i++) {
        echoed = inb(UART_DATA) == SELF_TEST_BYTE;
    }
    outb(UART_MODEM_CONTROL, MODEM_DTR_RTS_OUT2);
    return echoed;
}

bool serial_init(void)
{
    uint16_t divisor = UART_BASE_BAUD / UART_BAUD;
    outb(UART_INTERRUPTS, 0x00);            /* we poll; no interrupts */
    outb(UART_LINE_CONTROL, LINE_DLAB);
    outb(UART_DATA, divisor & 0xFF);
    outb(UART_INTERRUPTS, divisor >> 8);
    outb(UART_LINE_CONTROL, LINE_8N1);
    outb(UART_FIFO_CONTROL, FIFO_ENABLE_CLEAR_14);
    serial_present = serial_self_test();
    return serial_present;
}

static void serial_putc(char c)
{
    while (!(inb(UART_LINE_STATUS) & STATUS_TRANSMIT_READY)) {
        cpu_relax();
    }
    outb(UART_DATA, (uint8_t)c);
    bytes_sent++;
}

static void write_to_serial(void *context, const char *text, size_t length)
{
    (void)context;
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '\n') {
            serial_putc('\r');
        }
        serial_putc(text[i]);
    }
}

void serial_write(const char *text, size_t length)
{
    if (!serial_present) {
        return;
    }
    spinlock_lock(&serial_lock);
    write_to_serial(NULL, text, length);
    spinlock_unlock(&serial_lock);
}

int serial_vprintf(const char *fmt, va_list args)
{
    if (!serial_present) {
        return 0;
    }
    spinlock_lock(&serial_lock);
    int count = format(write_to_serial, NULL, fmt, args);
    spinlock_unlock(&serial_lock);
    return count;
}

int serial_printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int count = serial_vprintf(fmt, args);
    va_end(args);
    return count;
}

size_t serial_bytes_sent(void)
{
    return bytes_sent;
}
