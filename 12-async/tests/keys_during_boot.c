/* keys_during_boot.c: a key pressed before the kernel set the keyboard up must not
   silence it. This kernel waits, before kernel_init, until a key's byte sits in the
   8042 controller (keys_during_boot.py presses one). Remapping the PICs forgets that
   the keyboard's interrupt line is already raised, so unless ps2_init reads the
   waiting bytes, the line stays up, no new edge comes, and no key ever interrupts. */
#include <stdint.h>

#include "cpu/x86.h"
#include "devices/keyboard/keyboard.h"
#include "devices/keyboard/ps2.h"
#include "devices/pit.h"
#include "devices/serial.h"
#include "init.h"
#include "test/test.h"

#define PS2_STATUS           0x64
#define STATUS_OUTPUT_FULL   0x01
#define KEYS_TYPED_LATER     3      /* keys_during_boot.py types "xyz" */
#define TICKS_TO_WAIT        500    /* 5 s at 100 Hz */

/* The configuration byte (OSDev wiki, "8042 PS/2 Controller"). */
#define CONFIG_PORT1_INTERRUPT 0x01
#define CONFIG_ZERO            0x88     /* bits 3 and 7 are always 0 */
#define CONFIG_TRANSLATION     0x40

/* What ps2_init read as the configuration was one: not the key waiting in the
   controller (0x1E, 'a', makes 0x4D, with bit 3 set). */
TEST(the_configuration_was_read_not_the_waiting_key)
{
    uint8_t config = ps2_config();
    TEST_ASSERT_EQ(config & (CONFIG_PORT1_INTERRUPT | CONFIG_TRANSLATION | CONFIG_ZERO),
                   CONFIG_PORT1_INTERRUPT | CONFIG_TRANSLATION);
}

/* Exactly the keys typed after kernel_init, each pressed and released: no key pressed
   before it, and no byte of the controller's own (a configuration, an answer) taken for
   a key. */
TEST(keys_typed_after_init_arrive)
{
    serial_printf("ready for more keys\n");
    uint64_t start = pit_ticks();
    char typed[2 * KEYS_TYPED_LATER + 1] = {0};
    int events = 0;
    while (events < 2 * KEYS_TYPED_LATER && pit_ticks() - start < TICKS_TO_WAIT) {
        struct key_event event;
        if (keyboard_next_event(&event)) {
            typed[events++] = event.pressed ? event.character : '^';   /* ^: a release */
        } else {
            hlt();
        }
    }
    TEST_ASSERT_STR_EQ(typed, "x^y^z^");
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
