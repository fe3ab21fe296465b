/* keyboard_fuzz.c: a libFuzzer target for the scancode decoder. libFuzzer feeds it byte
   strings, growing those that reach new code; each is used twice.

   As scancodes: every byte goes through the decoder, and after each one the invariants
   must hold: the decoder's state is valid, an event names a real key, a release comes
   only after its key's press, and a release types nothing.

   As keystrokes: each byte is a key going down or up (bit 7), written as scancode set 1
   bytes with a table of this file's own, fed to the decoder, and the events that come
   out must be the keystrokes that went in: the key, down or up, the modifiers and the
   character. Invariants alone let a wrong decoder through; this round trip does not.

   Any violation aborts, which libFuzzer reports with the input that caused it. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "devices/keyboard/decoder.h"
#include "devices/keyboard/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define EXTENDED_PREFIX 0xE0
#define RELEASE_BIT     0x80
#define KEY_UP_BIT      0x80    /* in a keystroke byte: the key goes up */

/* Scancode set 1 from the keys' side (the IBM PC/AT keyboard's set 1, as the 8042
   delivers it translated): each key's make code, after 0xE0 where extended. */
static const struct {
    uint8_t code;
    bool extended;
} scancodes[KEY_COUNT] = {
    [KEY_ESCAPE] = {0x01, false},
    [KEY_1] = {0x02, false}, [KEY_2] = {0x03, false}, [KEY_3] = {0x04, false},
    [KEY_4] = {0x05, false}, [KEY_5] = {0x06, false}, [KEY_6] = {0x07, false},
    [KEY_7] = {0x08, false}, [KEY_8] = {0x09, false}, [KEY_9] = {0x0A, false},
    [KEY_0] = {0x0B, false}, [KEY_MINUS] = {0x0C, false}, [KEY_EQUAL] = {0x0D, false},
    [KEY_BACKSPACE] = {0x0E, false}, [KEY_TAB] = {0x0F, false},
    [KEY_Q] = {0x10, false}, [KEY_W] = {0x11, false}, [KEY_E] = {0x12, false},
    [KEY_R] = {0x13, false}, [KEY_T] = {0x14, false}, [KEY_Y] = {0x15, false},
    [KEY_U] = {0x16, false}, [KEY_I] = {0x17, false}, [KEY_O] = {0x18, false},
    [KEY_P] = {0x19, false}, [KEY_LEFT_BRACKET] = {0x1A, false},
    [KEY_RIGHT_BRACKET] = {0x1B, false}, [KEY_ENTER] = {0x1C, false},
    [KEY_LEFT_CTRL] = {0x1D, false},
    [KEY_A] = {0x1E, false}, [KEY_S] = {0x1F, false}, [KEY_D] = {0x20, false},
    [KEY_F] = {0x21, false}, [KEY_G] = {0x22, false}, [KEY_H] = {0x23, false},
    [KEY_J] = {0x24, false}, [KEY_K] = {0x25, false}, [KEY_L] = {0x26, false},
    [KEY_SEMICOLON] = {0x27, false}, [KEY_APOSTROPHE] = {0x28, false},
    [KEY_GRAVE] = {0x29, false}, [KEY_LEFT_SHIFT] = {0x2A, false},
    [KEY_BACKSLASH] = {0x2B, false},
    [KEY_Z] = {0x2C, false}, [KEY_X] = {0x2D, false}, [KEY_C] = {0x2E, false},
    [KEY_V] = {0x2F, false}, [KEY_B] = {0x30, false}, [KEY_N] = {0x31, false},
    [KEY_M] = {0x32, false}, [KEY_COMMA] = {0x33, false}, [KEY_DOT] = {0x34, false},
    [KEY_SLASH] = {0x35, false}, [KEY_RIGHT_SHIFT] = {0x36, false},
    [KEY_KEYPAD_STAR] = {0x37, false}, [KEY_LEFT_ALT] = {0x38, false},
    [KEY_SPACE] = {0x39, false}, [KEY_CAPS_LOCK] = {0x3A, false},
    [KEY_F1] = {0x3B, false}, [KEY_F2] = {0x3C, false}, [KEY_F3] = {0x3D, false},
    [KEY_F4] = {0x3E, false}, [KEY_F5] = {0x3F, false}, [KEY_F6] = {0x40, false},
    [KEY_F7] = {0x41, false}, [KEY_F8] = {0x42, false}, [KEY_F9] = {0x43, false},
    [KEY_F10] = {0x44, false}, [KEY_NUM_LOCK] = {0x45, false},
    [KEY_SCROLL_LOCK] = {0x46, false},
    [KEY_KEYPAD_7] = {0x47, false}, [KEY_KEYPAD_8] = {0x48, false},
    [KEY_KEYPAD_9] = {0x49, false}, [KEY_KEYPAD_MINUS] = {0x4A, false},
    [KEY_KEYPAD_4] = {0x4B, false}, [KEY_KEYPAD_5] = {0x4C, false},
    [KEY_KEYPAD_6] = {0x4D, false}, [KEY_KEYPAD_PLUS] = {0x4E, false},
    [KEY_KEYPAD_1] = {0x4F, false}, [KEY_KEYPAD_2] = {0x50, false},
    [KEY_KEYPAD_3] = {0x51, false}, [KEY_KEYPAD_0] = {0x52, false},
    [KEY_KEYPAD_DOT] = {0x53, false}, [KEY_F11] = {0x57, false}, [KEY_F12] = {0x58, false},
    [KEY_KEYPAD_ENTER] = {0x1C, true}, [KEY_RIGHT_CTRL] = {0x1D, true},
    [KEY_KEYPAD_SLASH] = {0x35, true}, [KEY_PRINT_SCREEN] = {0x37, true},
    [KEY_RIGHT_ALT] = {0x38, true}, [KEY_HOME] = {0x47, true}, [KEY_UP] = {0x48, true},
    [KEY_PAGE_UP] = {0x49, true}, [KEY_LEFT] = {0x4B, true}, [KEY_RIGHT] = {0x4D, true},
    [KEY_END] = {0x4F, true}, [KEY_DOWN] = {0x50, true}, [KEY_PAGE_DOWN] = {0x51, true},
    [KEY_INSERT] = {0x52, true}, [KEY_DELETE] = {0x53, true},
    [KEY_LEFT_GUI] = {0x5B, true}, [KEY_RIGHT_GUI] = {0x5C, true},
    [KEY_MENU] = {0x5D, true},
};

/* Pause has a sequence of its own, on the press only. */
static const uint8_t pause_bytes[] = {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5};

/* Scancodes: the invariants after every byte. */
static void check_invariants(const uint8_t *data, size_t size)
{
    struct keyboard_decoder decoder;
    bool down[KEY_COUNT] = {false};     /* what the events say is held */
    keyboard_decoder_init(&decoder);
    for (size_t i = 0; i < size; i++) {
        struct key_event event;
        bool happened = keyboard_decoder_feed(&decoder, data[i], &event);
        if (!keyboard_decoder_valid(&decoder)) {
            abort();
        }
        if (!happened) {
            continue;
        }
        if (event.key <= KEY_NONE || event.key >= KEY_COUNT) {
            abort();
        }
        if (event.pressed) {
            down[event.key] = event.key != KEY_PAUSE;   /* Pause is never held */
        } else {
            if (!down[event.key] || event.character != 0) {
                abort();
            }
            down[event.key] = false;
        }
        if (down[event.key] != keyboard_decoder_key_down(&decoder, event.key)) {
            abort();
        }
    }
}

/* The keystrokes as a keyboard sends them: what the decoder must make of them, worked
   out here without it. */
struct model {
    bool down[KEY_COUNT];
    bool caps_lock;
};

static uint8_t model_modifiers(const struct model *model)
{
    uint8_t modifiers = model->caps_lock ? MODIFIER_CAPS_LOCK : 0;
    if (model->down[KEY_LEFT_SHIFT] || model->down[KEY_RIGHT_SHIFT]) {
        modifiers |= MODIFIER_SHIFT;
    }
    if (model->down[KEY_LEFT_CTRL] || model->down[KEY_RIGHT_CTRL]) {
        modifiers |= MODIFIER_CTRL;
    }
    if (model->down[KEY_LEFT_ALT] || model->down[KEY_RIGHT_ALT]) {
        modifiers |= MODIFIER_ALT;
    }
    return modifiers;
}

/* Feed bytes; abort unless they make exactly the expected event, or none. */
static void feed_expecting(struct keyboard_decoder *decoder, const uint8_t *bytes,
                           size_t count, const struct key_event *expected)
{
    int events = 0;
    for (size_t i = 0; i < count; i++) {
        struct key_event event;
        if (!keyboard_decoder_feed(decoder, bytes[i], &event)) {
            continue;
        }
        if (!expected || ++events > 1 || i + 1 != count || event.key != expected->key ||
            event.pressed != expected->pressed || event.modifiers != expected->modifiers ||
            event.character != expected->character) {
            abort();
        }
    }
    if (expected && events != 1) {
        abort();
    }
}

/* Keystrokes: each byte one key down or up, through scancodes and back. */
static void check_round_trip(const uint8_t *data, size_t size)
{
    struct keyboard_decoder decoder;
    struct model model = {0};
    keyboard_decoder_init(&decoder);
    for (size_t i = 0; i < size; i++) {
        enum key key = (enum key)(KEY_NONE + 1 + (data[i] & ~KEY_UP_BIT) % (KEY_COUNT - 1));
        bool pressed = !(data[i] & KEY_UP_BIT);
        uint8_t bytes[sizeof(pause_bytes)];
        size_t count = 0;
        if (key == KEY_PAUSE) {
            if (pressed) {
                for (; count < sizeof(pause_bytes); count++) {
                    bytes[count] = pause_bytes[count];
                }
            }
        } else {
            if (scancodes[key].code == 0) {
                abort();    /* this table misses a key */
            }
            if (scancodes[key].extended) {
                bytes[count++] = EXTENDED_PREFIX;
            }
            bytes[count++] = (uint8_t)(scancodes[key].code | (pressed ? 0 : RELEASE_BIT));
        }
        /* A press is an event (again, if held: a repeat); a release only of a key that
           is down; Pause sends nothing on release. */
        struct key_event expected = {.key = key, .pressed = pressed};
        bool expect_event = count > 0 && (pressed || model.down[key]);
        if (key == KEY_CAPS_LOCK && pressed && !model.down[key]) {
            model.caps_lock = !model.caps_lock;
        }
        if (key != KEY_PAUSE) {
            model.down[key] = pressed;
        }
        expected.modifiers = model_modifiers(&model);
        uint8_t modifiers = expected.modifiers;
        expected.character = pressed ? layout_character(key, modifiers & MODIFIER_SHIFT,
                                                        modifiers & MODIFIER_CAPS_LOCK)
                                     : 0;
        feed_expecting(&decoder, bytes, count, expect_event ? &expected : NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_invariants(data, size);
    check_round_trip(data, size);
    return 0;
}
