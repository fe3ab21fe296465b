/* pit.c: channel 0 of the 8254 timer (Intel's 8254 datasheet), as the kernel's tick. */
#include "devices/pit.h"

#include "cpu/x86.h"
#include "interrupts/pic.h"

#define PIT_CLOCK_HZ      1193182   /* the crystal of the original PC, divided by 12 */
#define PIT_CHANNEL0      0x40
#define PIT_COMMAND       0x43
/* Channel 0, lobyte then hibyte, mode 2 (rate generator: one pulse per period), binary. */
#define PIT_CHANNEL0_RATE 0x34
#define PIT_MAX_DIVISOR   65536     /* written as 0 */

static volatile uint64_t ticks;
static unsigned divisor;
static tick_callback callback;

static void timer_interrupt(struct trap_frame *frame)
{
    (void)frame;
    ticks++;
    if (callback) {
        callback(ticks);
    }
}

void pit_init(unsigned hz, tick_callback on_tick)
{
    divisor = (PIT_CLOCK_HZ + hz / 2) / hz;   /* rounded to the nearest whole divisor */
    if (divisor > PIT_MAX_DIVISOR) {
        divisor = PIT_MAX_DIVISOR;
    }
    callback = on_tick;
    outb(PIT_COMMAND, PIT_CHANNEL0_RATE);
    outb(PIT_CHANNEL0, divisor & 0xFF);
    outb(PIT_CHANNEL0, (divisor >> 8) & 0xFF);
    pic_install(IRQ_TIMER, timer_interrupt);
}

uint64_t pit_ticks(void)
{
    return ticks;
}

unsigned pit_frequency(void)
{
    return (PIT_CLOCK_HZ + divisor / 2) / divisor;
}

uint64_t pit_uptime_ms(void)
{
    return ticks * divisor * 1000 / PIT_CLOCK_HZ;
}
