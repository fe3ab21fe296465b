/* keyboard.c: the decoder fed from the interrupt handler's scancode stream. */
#include "devices/keyboard/keyboard.h"

#include <stdint.h>

#include "cpu/spinlock.h"
#include "devices/keyboard/decoder.h"
#include "devices/keyboard/ps2.h"
#include "devices/keyboard/scancode_stream.h"

static struct keyboard_decoder decoder;

void keyboard_init(void)
{
    keyboard_decoder_init(&decoder);
    scancode_stream_init();
    ps2_init();
}

bool keyboard_decode(uint8_t byte, struct key_event *event)
{
    bool caps_before = decoder.modifiers & MODIFIER_CAPS_LOCK;
    if (!keyboard_decoder_feed(&decoder, byte, event)) {
        return false;
    }
    bool caps_now = decoder.modifiers & MODIFIER_CAPS_LOCK;
    if (caps_now != caps_before) {
        interrupts_push_off();  /* the handler finishes the command */
        ps2_set_caps_lock_light(caps_now);
        interrupts_pop();
    }
    return true;
}

bool keyboard_next_event(struct key_event *event)
{
    uint8_t byte;
    while (scancode_stream_take(&byte)) {
        if (keyboard_decode(byte, event)) {
            return true;
        }
    }
    return false;
}

bool keyboard_has_input(void)
{
    return !scancode_stream_is_empty();
}
