/* ps2_test.c: the 8042 kept the configuration ps2_init wrote (ps2_init compares what it
   reads back; here its bits are checked), and the light command, which shares its state
   with the interrupt handler, refuses to run with interrupts on. (The scancode queue is
   lock-free since chapter 12: reading it needs interrupts off no more.) */
#include <stdint.h>

#include "devices/keyboard/ps2.h"
#include "test/test.h"

/* The configuration byte (OSDev wiki, "8042 PS/2 Controller"). */
#define CONFIG_PORT1_INTERRUPT 0x01
#define CONFIG_PORT2_INTERRUPT 0x02
#define CONFIG_ZERO            0x88     /* bits 3 and 7 are always 0 */
#define CONFIG_PORT1_NO_CLOCK  0x10
#define CONFIG_TRANSLATION     0x40

/* Read back while the port was still off (its clock bit set), before 0xAE enabled it. */
TEST(the_controller_kept_the_configuration_written)
{
    uint8_t config = ps2_config();
    TEST_ASSERT(config & CONFIG_PORT1_INTERRUPT);
    TEST_ASSERT(config & CONFIG_TRANSLATION);
    TEST_ASSERT(config & CONFIG_PORT1_NO_CLOCK);
    TEST_ASSERT_EQ(config & (CONFIG_PORT2_INTERRUPT | CONFIG_ZERO), 0);
}

/* Tests start with interrupts on. */
TEST_SHOULD_PANIC(switching_the_light_with_interrupts_on_panics)
{
    ps2_set_caps_lock_light(false);
}
