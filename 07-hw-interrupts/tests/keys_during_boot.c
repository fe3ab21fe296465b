/* keys_during_boot.c: a key pressed before the kernel set the keyboard up must not
   silence it. This kernel waits, before kernel_init, until a key's byte sits in the
   8042 controller (keys_during_boot.py presses one). Remapping the PICs forgets that
   the keyboard's interrupt line is already raised, so unless ps2_init reads the
   waiting bytes, the line stays up, no new edge comes, and no key ever interrupts. */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/keyboard/keyboard.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"
#include "test/test.h"

#define PS2_STATUS           0x64
#define STATUS_OUTPUT_FULL   0x01
#define KEYS_TYPED_LATER     3      /* keys_during_boot.py types "xyz" */
#define TICKS_TO_WAIT        500    /* 5 s at 100 Hz */

TEST(keys_typed_after_init_arrive)
{
    serial_printf("ready for more keys\n");
    uint64_t start = pit_ticks();
    int presses = 0;
    while (presses < KEYS_TYPED_LATER && pit_ticks() - start < TICKS_TO_WAIT) {
        struct key_event event;
        if (keyboard_next_event(&event)) {
            presses += event.pressed;
        } else {
            hlt();
        }
    }
    TEST_ASSERT_EQ(presses, KEYS_TYPED_LATER);
}

void kernel_main(uintptr_t multiboot_info)
{
    serial_init();
    serial_printf("press a key now\n");
    while (!(inb(PS2_STATUS) & STATUS_OUTPUT_FULL)) {
        cpu_relax();
    }
    kernel_init(multiboot_info);
    test_main();
}
