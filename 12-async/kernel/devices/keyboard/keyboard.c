/* keyboard.c: the decoder fed from the interrupt handler's queue. */
#include "devices/keyboard/keyboard.h"

#include <stdint.h>

#include "cpu/spinlock.h"
#include "devices/keyboard/decoder.h"
#include "devices/keyboard/ps2.h"

static struct keyboard_decoder decoder;

void keyboard_init(void)
{
    keyboard_decoder_init(&decoder);
    ps2_init();
}

bool keyboard_next_event(struct key_event *event)
{
    for (;;) {
        uint8_t byte;
        interrupts_push_off();  /* the handler adds to the queue we take from */
        bool got = ps2_take_byte(&byte);
        interrupts_pop();
        if (!got) {
            return false;
        }
        bool caps_before = decoder.modifiers & MODIFIER_CAPS_LOCK;
        if (!keyboard_decoder_feed(&decoder, byte, event)) {
            continue;
        }
        bool caps_now = decoder.modifiers & MODIFIER_CAPS_LOCK;
        if (caps_now != caps_before) {
            interrupts_push_off();  /* the handler finishes the command */
            ps2_set_caps_lock_light(caps_now);
            interrupts_pop();
        }
        return true;
    }
}

bool keyboard_has_input(void)
{
    return ps2_has_byte();
}
