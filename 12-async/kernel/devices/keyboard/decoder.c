/* decoder.c: the scancode set 1 state machine. A byte below 0x80 presses a key, the
   same byte with bit 7 set releases it; 0xE0 says the next byte is an extended key;
   0xE1 starts the Pause key's six bytes, which it sends on press only. */
#include "devices/keyboard/decoder.h"

#include <stddef.h>

#include "devices/keyboard/layout.h"

#define PREFIX_EXTENDED     0xE0
#define PREFIX_PAUSE        0xE1
#define PAUSE_BYTES_AFTER_PREFIX 5
#define RELEASE_BIT         0x80
#define CONTROLLER_ACK      0xFA    /* answers to commands, and keyboard errors: no key */
#define CONTROLLER_RESEND   0xFE
#define KEYBOARD_ERROR      0xFF
#define KEYBOARD_ERROR_ZERO 0x00

void keyboard_decoder_init(struct keyboard_decoder *decoder)
{
    *decoder = (struct keyboard_decoder){.state = DECODER_READY};
}

bool keyboard_decoder_key_down(const struct keyboard_decoder *decoder, enum key key)
{
    if (key <= KEY_NONE || key >= KEY_COUNT) {
        return false;
    }
    return (decoder->down[key / 8] >> (key % 8)) & 1;
}

static void set_down(struct keyboard_decoder *decoder, enum key key, bool down)
{
    uint8_t bit = (uint8_t)(1u << (key % 8));
    decoder->down[key / 8] = down ? decoder->down[key / 8] | bit
                                  : decoder->down[key / 8] & (uint8_t)~bit;
}

/* Shift, ctrl and alt follow the keys held; caps lock is a toggle kept apart. */
static uint8_t held_modifiers(const struct keyboard_decoder *decoder)
{
    uint8_t modifiers = 0;
    if (keyboard_decoder_key_down(decoder, KEY_LEFT_SHIFT) ||
        keyboard_decoder_key_down(decoder, KEY_RIGHT_SHIFT)) {
        modifiers |= MODIFIER_SHIFT;
    }
    if (keyboard_decoder_key_down(decoder, KEY_LEFT_CTRL) ||
        keyboard_decoder_key_down(decoder, KEY_RIGHT_CTRL)) {
        modifiers |= MODIFIER_CTRL;
    }
    if (keyboard_decoder_key_down(decoder, KEY_LEFT_ALT) ||
        keyboard_decoder_key_down(decoder, KEY_RIGHT_ALT)) {
        modifiers |= MODIFIER_ALT;
    }
    return modifiers;
}

/* A whole key code has arrived: update the state and describe the event. */
static bool key_changed(struct keyboard_decoder *decoder, enum key key, bool pressed,
                        struct key_event *event)
{
    if (key == KEY_NONE) {
        return false;
    }
    bool was_down = keyboard_decoder_key_down(decoder, key);
    if (!pressed && !was_down) {
        return false;   /* a release without its press (held since before boot, say) */
    }
    if (key == KEY_CAPS_LOCK && pressed && !was_down) {
        decoder->modifiers ^= MODIFIER_CAPS_LOCK;   /* on the press, not its repeats */
    }
    set_down(decoder, key, pressed);
    decoder->modifiers = (uint8_t)((decoder->modifiers & MODIFIER_CAPS_LOCK) |
                                   held_modifiers(decoder));
    *event = (struct key_event){
        .key = key,
        .pressed = pressed,
        .modifiers = decoder->modifiers,
        .character = pressed ? layout_character(key, decoder->modifiers & MODIFIER_SHIFT,
                                                decoder->modifiers & MODIFIER_CAPS_LOCK)
                             : 0,
    };
    return true;
}

bool keyboard_decoder_feed(struct keyboard_decoder *decoder, uint8_t byte,
                           struct key_event *event)
{
    switch (decoder->state) {
    case DECODER_PAUSE:
        if (--decoder->pause_bytes_left == 0) {
            decoder->state = DECODER_READY;
            /* Pause has no release code: it is a press, never held. */
            *event = (struct key_event){.key = KEY_PAUSE, .pressed = true,
                                        .modifiers = decoder->modifiers};
            return true;
        }
        return false;
    case DECODER_EXTENDED:
        decoder->state = DECODER_READY;
        return key_changed(decoder, layout_key(byte & ~RELEASE_BIT, true),
                           !(byte & RELEASE_BIT), event);
    case DECODER_READY:
        break;
    }
    switch (byte) {
    case PREFIX_EXTENDED:
        decoder->state = DECODER_EXTENDED;
        return false;
    case PREFIX_PAUSE:
        decoder->state = DECODER_PAUSE;
        decoder->pause_bytes_left = PAUSE_BYTES_AFTER_PREFIX;
        return false;
    case CONTROLLER_ACK:
    case CONTROLLER_RESEND:
    case KEYBOARD_ERROR:
    case KEYBOARD_ERROR_ZERO:
        return false;
    default:
        return key_changed(decoder, layout_key(byte & ~RELEASE_BIT, false),
                           !(byte & RELEASE_BIT), event);
    }
}

bool keyboard_decoder_valid(const struct keyboard_decoder *decoder)
{
    switch (decoder->state) {
    case DECODER_READY:
    case DECODER_EXTENDED:
        if (decoder->pause_bytes_left != 0) {
            return false;
        }
        break;
    case DECODER_PAUSE:
        if (decoder->pause_bytes_left < 1 ||
            decoder->pause_bytes_left > PAUSE_BYTES_AFTER_PREFIX) {
            return false;
        }
        break;
    default:
        return false;
    }
    if (keyboard_decoder_key_down(decoder, KEY_PAUSE) ||
        (decoder->down[0] & 1)) {   /* KEY_NONE (bit 0) and Pause are never held */
        return false;
    }
    return (decoder->modifiers & (uint8_t)~MODIFIER_CAPS_LOCK) == held_modifiers(decoder);
}
