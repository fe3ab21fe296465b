/* pit.c: channel 0 of the 8254 timer (Intel's 8254 datasheet), as the kernel's tick,
   and the few callbacks that want to hear it. */
#include "devices/pit.h"

#include "console/print.h"
#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "interrupts/pic.h"

#define PIT_CLOCK_HZ      1193182   /* the crystal of the original PC, divided by 12 */
#define PIT_CHANNEL0      0x40
#define PIT_COMMAND       0x43
/* Channel 0, lobyte then hibyte, mode 2 (rate generator: one pulse per period), binary. */
#define PIT_CHANNEL0_RATE 0x34
/* Channel 0, lobyte then hibyte, mode 0 (interrupt on terminal count: the output rises
   once when the count runs out and stays up, so one interrupt and no more), binary. */
#define PIT_CHANNEL0_ONE_SHOT 0x30
#define PIT_MAX_DIVISOR   65536     /* written as 0 */
/* Read-back: latch channel 0's count and status together (count and status bits are
   active low, 0 = latch; bit 1 selects channel 0). */
#define PIT_READ_BACK_CHANNEL0 0xC2
/* How long to wait for the first tick, timed by the channel's own count: five
   periods. A count that stays the same this many looks in a row is not counting (no
   8254 at all: its ports read 0xFF); a running one changes every 0.84 us. Between two
   looks, some pauses: port reads in a tight loop can keep an emulator from delivering
   the very interrupt we wait for (QEMU's timers run while the CPU does no I/O). */
#define FIRST_TICK_PERIODS 5
#define FROZEN_LOOKS       100
#define PAUSES_PER_LOOK    1000

static volatile uint64_t ticks;
static unsigned divisor;
static tick_callback subscribers[PIT_SUBSCRIBERS_MAX];

static void timer_interrupt(struct trap_frame *frame)
{
    (void)frame;
    ticks++;
    for (int i = 0; i < PIT_SUBSCRIBERS_MAX; i++) {
        if (subscribers[i]) {
            subscribers[i](ticks);
        }
    }
}

void pit_init(unsigned hz)
{
    divisor = (PIT_CLOCK_HZ + hz / 2) / hz;   /* rounded to the nearest whole divisor */
    if (divisor > PIT_MAX_DIVISOR) {
        divisor = PIT_MAX_DIVISOR;
    }
    outb(PIT_COMMAND, PIT_CHANNEL0_RATE);
    outb(PIT_CHANNEL0, divisor & 0xFF);
    outb(PIT_CHANNEL0, (divisor >> 8) & 0xFF);
    pic_install(IRQ_TIMER, timer_interrupt);
}

void pit_one_shot(uint16_t count)
{
    interrupts_push_off();      /* the command and the two bytes belong together */
    outb(PIT_COMMAND, PIT_CHANNEL0_ONE_SHOT);
    outb(PIT_CHANNEL0, count & 0xFF);
    outb(PIT_CHANNEL0, (count >> 8) & 0xFF);
    interrupts_pop();
}

/* The handler walks the list: change it with interrupts off. */
bool pit_subscribe(tick_callback callback)
{
    bool added = false;
    interrupts_push_off();
    for (int i = 0; i < PIT_SUBSCRIBERS_MAX && !added; i++) {
        if (!subscribers[i]) {
            subscribers[i] = callback;
            added = true;
        }
    }
    interrupts_pop();
    return added;
}

void pit_unsubscribe(tick_callback callback)
{
    interrupts_push_off();
    for (int i = 0; i < PIT_SUBSCRIBERS_MAX; i++) {
        if (subscribers[i] == callback) {
            subscribers[i] = NULL;
        }
    }
    interrupts_pop();
}

bool pit_check_ticking(void)
{
    uint64_t before = ticks;
    uint16_t last = pit_read_back().count;
    int periods = 0, unchanged = 0;
    while (ticks == before && periods < FIRST_TICK_PERIODS && unchanged < FROZEN_LOOKS) {
        uint16_t count = pit_read_back().count;
        if (count > last) {
            periods++;      /* it ran down and started again: a period has passed */
        }
        unchanged = count == last ? unchanged + 1 : 0;
        last = count;
        for (int i = 0; i < PAUSES_PER_LOOK && ticks == before; i++) {
            cpu_relax();
        }
    }
    if (ticks == before) {
        kprintf("the timer is not ticking: %s; the uptime stays 0\n",
                unchanged == FROZEN_LOOKS ? "the 8254 does not count"
                                          : "it counts, but no IRQ 0 arrives");
        return false;
    }
    return true;
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

struct pit_channel_state pit_read_back(void)
{
    interrupts_push_off();      /* the two reads after the command belong together */
    outb(PIT_COMMAND, PIT_READ_BACK_CHANNEL0);
    uint8_t status = inb(PIT_CHANNEL0);
    uint8_t low = inb(PIT_CHANNEL0);
    uint8_t high = inb(PIT_CHANNEL0);
    interrupts_pop();
    return (struct pit_channel_state){.status = status, .count = (uint16_t)(high << 8 | low)};
}
