/* key.h: keys by what they are, not by the bytes the keyboard sends for them, and the
   events the decoder makes of those bytes. */
#ifndef KEYBOARD_KEY_H
#define KEYBOARD_KEY_H

#include <stdbool.h>
#include <stdint.h>

enum key {
    KEY_NONE,
    KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L,
    KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X,
    KEY_Y, KEY_Z,
    KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9,
    KEY_MINUS, KEY_EQUAL, KEY_LEFT_BRACKET, KEY_RIGHT_BRACKET, KEY_BACKSLASH,
    KEY_SEMICOLON, KEY_APOSTROPHE, KEY_GRAVE, KEY_COMMA, KEY_DOT, KEY_SLASH,
    KEY_SPACE, KEY_ENTER, KEY_BACKSPACE, KEY_TAB, KEY_ESCAPE,
    KEY_LEFT_SHIFT, KEY_RIGHT_SHIFT, KEY_LEFT_CTRL, KEY_RIGHT_CTRL,
    KEY_LEFT_ALT, KEY_RIGHT_ALT, KEY_LEFT_GUI, KEY_RIGHT_GUI, KEY_MENU,
    KEY_CAPS_LOCK, KEY_NUM_LOCK, KEY_SCROLL_LOCK,
    KEY_F1, KEY_F2, KEY_F3, KEY_F4, KEY_F5, KEY_F6, KEY_F7, KEY_F8, KEY_F9, KEY_F10,
    KEY_F11, KEY_F12,
    KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_INSERT, KEY_DELETE,
    KEY_PAGE_UP, KEY_PAGE_DOWN, KEY_PRINT_SCREEN, KEY_PAUSE,
    KEY_KEYPAD_0, KEY_KEYPAD_1, KEY_KEYPAD_2, KEY_KEYPAD_3, KEY_KEYPAD_4, KEY_KEYPAD_5,
    KEY_KEYPAD_6, KEY_KEYPAD_7, KEY_KEYPAD_8, KEY_KEYPAD_9, KEY_KEYPAD_DOT,
    KEY_KEYPAD_PLUS, KEY_KEYPAD_MINUS, KEY_KEYPAD_STAR, KEY_KEYPAD_SLASH, KEY_KEYPAD_ENTER,
    KEY_COUNT,
};

/* Modifier state, as bits. */
#define MODIFIER_SHIFT     (1u << 0)
#define MODIFIER_CTRL      (1u << 1)
#define MODIFIER_ALT       (1u << 2)
#define MODIFIER_CAPS_LOCK (1u << 3)    /* the toggle, not the key */

/* A key going down (again, if held: the keyboard repeats it) or coming up. */
struct key_event {
    enum key key;
    bool pressed;
    uint8_t modifiers;      /* after this event */
    char character;         /* what the key types with these modifiers; 0 for keys that
                               type nothing, and for every release */
};

#endif
