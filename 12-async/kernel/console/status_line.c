/* status_line.c: uptime and counters on the bottom row, written straight into the text
   buffer's last row, which nothing else writes. The clock task redraws it ten times a
   second (chapter 12; before, the timer's interrupt handler did). */
#include "console/status_line.h"

#include <stdbool.h>

#include "console/vga.h"
#include "devices/keyboard/ps2.h"
#include "devices/pit.h"
#include "interrupts/pic.h"
#include "lib/format.h"

static bool idle;

void status_line_update(void)
{
    uint64_t ms = pit_uptime_ms();
    char line[VGA_COLUMNS + 1];
    format_buffer(line, sizeof(line),
                  " uptime %llu.%01llu s | ticks %llu | key bytes %llu | dropped %llu | "
                  "spurious %llu%s%s",
                  (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000 / 100),
                  (unsigned long long)pit_ticks(), (unsigned long long)ps2_bytes_received(),
                  (unsigned long long)ps2_bytes_dropped(),
                  (unsigned long long)pic_spurious_count(),
                  ps2_caps_lock_light() ? " | CAPS" : "", idle ? " | idle" : "");
    vga_write_status_row(line, VGA_BLACK, VGA_LIGHT_GREY);
}

void status_line_set_idle(bool is_idle)
{
    idle = is_idle;
    status_line_update();
}

void status_line_init(void)
{
    vga_reserve_status_row();
    status_line_update();
}
