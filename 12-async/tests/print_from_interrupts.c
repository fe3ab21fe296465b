/* print_from_interrupts.c: the kernel's own locks make printing from an interrupt
   handler safe. The timer ticks 2000 times a second and its handler prints a line each
   time, 2000 lines, while the main code prints lines of its own all along, 4000 at
   least: no hang, and no line lost or broken (print_from_interrupts.py reads them). */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"
#include "test/test.h"

#define FAST_HZ        2000
#define MAIN_LINES     4000     /* at least; more until the handler has printed all */
#define HANDLER_LINES  2000

static volatile uint64_t handler_lines;

static void on_tick(uint64_t ticks)
{
    (void)ticks;
    if (handler_lines < HANDLER_LINES) {
        serial_printf("handler %llu\n", (unsigned long long)handler_lines);
        handler_lines++;
    }
}

TEST(main_code_and_handler_print_thousands_of_lines)
{
    serial_printf("\n");
    pit_init(FAST_HZ);
    pit_subscribe(on_tick);
    for (int line = 0; line < MAIN_LINES || handler_lines < HANDLER_LINES; line++) {
        serial_printf("main %d\n", line);
    }
    pit_unsubscribe(on_tick);
    pit_init(PIT_DEFAULT_HZ);
    TEST_ASSERT_EQ(handler_lines, HANDLER_LINES);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
