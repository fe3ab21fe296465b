/* status_line.c: uptime and counters on the bottom row, written from the timer
   interrupt straight into the text buffer's last row, which nothing else writes. */
#include "console/status_line.h"

#include "console/vga.h"
#include "devices/keyboard/ps2.h"
#include "devices/pit.h"
#include "interrupts/pic.h"
#include "lib/format.h"

#define TICKS_PER_UPDATE 10     /* at 100 Hz: ten updates a second */

/* Rewrite the bottom row with the current numbers. */
static void draw(uint64_t ticks)
{
    uint64_t ms = pit_uptime_ms();
    char line[VGA_COLUMNS + 1];
    format_buffer(line, sizeof(line),
                  " uptime %llu.%01llu s | ticks %llu | key bytes %llu | dropped %llu | "
                  "spurious %llu %s",
                  (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000 / 100),
                  (unsigned long long)ticks, (unsigned long long)ps2_bytes_received(),
                  (unsigned long long)ps2_bytes_dropped(),
                  (unsigned long long)pic_spurious_count(),
                  ps2_caps_lock_light() ? "| CAPS" : "");
    vga_write_status_row(line, VGA_BLACK, VGA_LIGHT_GREY);
}

/* On every tick, in the timer's interrupt handler. */
static void status_line_tick(uint64_t ticks)
{
    if (ticks % TICKS_PER_UPDATE == 0) {
        draw(ticks);
    }
}

void status_line_init(void)
{
    vga_reserve_status_row();
    draw(0);    /* at once: the first update would come only after the tenth tick */
    pit_subscribe(status_line_tick);
}
