/* layout.c: scancode set 1 (what the 8042 controller delivers, translating the
   keyboard's set 2) for a US keyboard. */
#include "devices/keyboard/layout.h"

#include <stddef.h>

#define BASE_CODES     0x59     /* make codes 0x01-0x58 */
#define EXTENDED_CODES 0x80

static const enum key base_keys[BASE_CODES] = {
    [0x01] = KEY_ESCAPE,
    [0x02] = KEY_1, [0x03] = KEY_2, [0x04] = KEY_3, [0x05] = KEY_4, [0x06] = KEY_5,
    [0x07] = KEY_6, [0x08] = KEY_7, [0x09] = KEY_8, [0x0A] = KEY_9, [0x0B] = KEY_0,
    [0x0C] = KEY_MINUS, [0x0D] = KEY_EQUAL, [0x0E] = KEY_BACKSPACE, [0x0F] = KEY_TAB,
    [0x10] = KEY_Q, [0x11] = KEY_W, [0x12] = KEY_E, [0x13] = KEY_R, [0x14] = KEY_T,
    [0x15] = KEY_Y, [0x16] = KEY_U, [0x17] = KEY_I, [0x18] = KEY_O, [0x19] = KEY_P,
    [0x1A] = KEY_LEFT_BRACKET, [0x1B] = KEY_RIGHT_BRACKET, [0x1C] = KEY_ENTER,
    [0x1D] = KEY_LEFT_CTRL,
    [0x1E] = KEY_A, [0x1F] = KEY_S, [0x20] = KEY_D, [0x21] = KEY_F, [0x22] = KEY_G,
    [0x23] = KEY_H, [0x24] = KEY_J, [0x25] = KEY_K, [0x26] = KEY_L,
    [0x27] = KEY_SEMICOLON, [0x28] = KEY_APOSTROPHE, [0x29] = KEY_GRAVE,
    [0x2A] = KEY_LEFT_SHIFT, [0x2B] = KEY_BACKSLASH,
    [0x2C] = KEY_Z, [0x2D] = KEY_X, [0x2E] = KEY_C, [0x2F] = KEY_V, [0x30] = KEY_B,
    [0x31] = KEY_N, [0x32] = KEY_M, [0x33] = KEY_COMMA, [0x34] = KEY_DOT,
    [0x35] = KEY_SLASH, [0x36] = KEY_RIGHT_SHIFT, [0x37] = KEY_KEYPAD_STAR,
    [0x38] = KEY_LEFT_ALT, [0x39] = KEY_SPACE, [0x3A] = KEY_CAPS_LOCK,
    [0x3B] = KEY_F1, [0x3C] = KEY_F2, [0x3D] = KEY_F3, [0x3E] = KEY_F4, [0x3F] = KEY_F5,
    [0x40] = KEY_F6, [0x41] = KEY_F7, [0x42] = KEY_F8, [0x43] = KEY_F9, [0x44] = KEY_F10,
    [0x45] = KEY_NUM_LOCK, [0x46] = KEY_SCROLL_LOCK,
    [0x47] = KEY_KEYPAD_7, [0x48] = KEY_KEYPAD_8, [0x49] = KEY_KEYPAD_9,
    [0x4A] = KEY_KEYPAD_MINUS, [0x4B] = KEY_KEYPAD_4, [0x4C] = KEY_KEYPAD_5,
    [0x4D] = KEY_KEYPAD_6, [0x4E] = KEY_KEYPAD_PLUS, [0x4F] = KEY_KEYPAD_1,
    [0x50] = KEY_KEYPAD_2, [0x51] = KEY_KEYPAD_3, [0x52] = KEY_KEYPAD_0,
    [0x53] = KEY_KEYPAD_DOT, [0x57] = KEY_F11, [0x58] = KEY_F12,
};

/* After 0xE0. (0xE0 0x2A and 0xE0 0x36, "fake shifts" that keyboards send around the
   navigation keys, are left out on purpose: they are no key at all.) */
static const enum key extended_keys[EXTENDED_CODES] = {
    [0x1C] = KEY_KEYPAD_ENTER, [0x1D] = KEY_RIGHT_CTRL, [0x35] = KEY_KEYPAD_SLASH,
    [0x37] = KEY_PRINT_SCREEN, [0x38] = KEY_RIGHT_ALT,
    [0x47] = KEY_HOME, [0x48] = KEY_UP, [0x49] = KEY_PAGE_UP, [0x4B] = KEY_LEFT,
    [0x4D] = KEY_RIGHT, [0x4F] = KEY_END, [0x50] = KEY_DOWN, [0x51] = KEY_PAGE_DOWN,
    [0x52] = KEY_INSERT, [0x53] = KEY_DELETE,
    [0x5B] = KEY_LEFT_GUI, [0x5C] = KEY_RIGHT_GUI, [0x5D] = KEY_MENU,
};

/* What each key types, without and with shift (letters are worked out in code). The
   keypad types digits: the kernel keeps num lock on. */
static const struct {
    char normal;
    char shifted;
} characters[KEY_COUNT] = {
    [KEY_1] = {'1', '!'}, [KEY_2] = {'2', '@'}, [KEY_3] = {'3', '#'}, [KEY_4] = {'4', '$'},
    [KEY_5] = {'5', '%'}, [KEY_6] = {'6', '^'}, [KEY_7] = {'7', '&'}, [KEY_8] = {'8', '*'},
    [KEY_9] = {'9', '('}, [KEY_0] = {'0', ')'},
    [KEY_MINUS] = {'-', '_'}, [KEY_EQUAL] = {'=', '+'},
    [KEY_LEFT_BRACKET] = {'[', '{'}, [KEY_RIGHT_BRACKET] = {']', '}'},
    [KEY_BACKSLASH] = {'\\', '|'}, [KEY_SEMICOLON] = {';', ':'},
    [KEY_APOSTROPHE] = {'\'', '"'}, [KEY_GRAVE] = {'`', '~'},
    [KEY_COMMA] = {',', '<'}, [KEY_DOT] = {'.', '>'}, [KEY_SLASH] = {'/', '?'},
    [KEY_SPACE] = {' ', ' '}, [KEY_ENTER] = {'\n', '\n'}, [KEY_BACKSPACE] = {'\b', '\b'},
    [KEY_TAB] = {'\t', '\t'}, [KEY_KEYPAD_ENTER] = {'\n', '\n'},
    [KEY_KEYPAD_0] = {'0', '0'}, [KEY_KEYPAD_1] = {'1', '1'}, [KEY_KEYPAD_2] = {'2', '2'},
    [KEY_KEYPAD_3] = {'3', '3'}, [KEY_KEYPAD_4] = {'4', '4'}, [KEY_KEYPAD_5] = {'5', '5'},
    [KEY_KEYPAD_6] = {'6', '6'}, [KEY_KEYPAD_7] = {'7', '7'}, [KEY_KEYPAD_8] = {'8', '8'},
    [KEY_KEYPAD_9] = {'9', '9'}, [KEY_KEYPAD_DOT] = {'.', '.'},
    [KEY_KEYPAD_PLUS] = {'+', '+'}, [KEY_KEYPAD_MINUS] = {'-', '-'},
    [KEY_KEYPAD_STAR] = {'*', '*'}, [KEY_KEYPAD_SLASH] = {'/', '/'},
};

static const char *const names[KEY_COUNT] = {
    [KEY_A] = "A", [KEY_B] = "B", [KEY_C] = "C", [KEY_D] = "D", [KEY_E] = "E", [KEY_F] = "F",
    [KEY_G] = "G", [KEY_H] = "H", [KEY_I] = "I", [KEY_J] = "J", [KEY_K] = "K", [KEY_L] = "L",
    [KEY_M] = "M", [KEY_N] = "N", [KEY_O] = "O", [KEY_P] = "P", [KEY_Q] = "Q", [KEY_R] = "R",
    [KEY_S] = "S", [KEY_T] = "T", [KEY_U] = "U", [KEY_V] = "V", [KEY_W] = "W", [KEY_X] = "X",
    [KEY_Y] = "Y", [KEY_Z] = "Z",
    [KEY_0] = "0", [KEY_1] = "1", [KEY_2] = "2", [KEY_3] = "3", [KEY_4] = "4", [KEY_5] = "5",
    [KEY_6] = "6", [KEY_7] = "7", [KEY_8] = "8", [KEY_9] = "9",
    [KEY_MINUS] = "-", [KEY_EQUAL] = "=", [KEY_LEFT_BRACKET] = "[", [KEY_RIGHT_BRACKET] = "]",
    [KEY_BACKSLASH] = "\\", [KEY_SEMICOLON] = ";", [KEY_APOSTROPHE] = "'", [KEY_GRAVE] = "`",
    [KEY_COMMA] = ",", [KEY_DOT] = ".", [KEY_SLASH] = "/",
    [KEY_SPACE] = "space", [KEY_ENTER] = "enter", [KEY_BACKSPACE] = "backspace",
    [KEY_TAB] = "tab", [KEY_ESCAPE] = "escape",
    [KEY_LEFT_SHIFT] = "left shift", [KEY_RIGHT_SHIFT] = "right shift",
    [KEY_LEFT_CTRL] = "left ctrl", [KEY_RIGHT_CTRL] = "right ctrl",
    [KEY_LEFT_ALT] = "left alt", [KEY_RIGHT_ALT] = "right alt",
    [KEY_LEFT_GUI] = "left gui", [KEY_RIGHT_GUI] = "right gui", [KEY_MENU] = "menu",
    [KEY_CAPS_LOCK] = "caps lock", [KEY_NUM_LOCK] = "num lock",
    [KEY_SCROLL_LOCK] = "scroll lock",
    [KEY_F1] = "F1", [KEY_F2] = "F2", [KEY_F3] = "F3", [KEY_F4] = "F4", [KEY_F5] = "F5",
    [KEY_F6] = "F6", [KEY_F7] = "F7", [KEY_F8] = "F8", [KEY_F9] = "F9", [KEY_F10] = "F10",
    [KEY_F11] = "F11", [KEY_F12] = "F12",
    [KEY_UP] = "up", [KEY_DOWN] = "down", [KEY_LEFT] = "left", [KEY_RIGHT] = "right",
    [KEY_HOME] = "home", [KEY_END] = "end", [KEY_INSERT] = "insert", [KEY_DELETE] = "delete",
    [KEY_PAGE_UP] = "page up", [KEY_PAGE_DOWN] = "page down",
    [KEY_PRINT_SCREEN] = "print screen", [KEY_PAUSE] = "pause",
    [KEY_KEYPAD_0] = "keypad 0", [KEY_KEYPAD_1] = "keypad 1", [KEY_KEYPAD_2] = "keypad 2",
    [KEY_KEYPAD_3] = "keypad 3", [KEY_KEYPAD_4] = "keypad 4", [KEY_KEYPAD_5] = "keypad 5",
    [KEY_KEYPAD_6] = "keypad 6", [KEY_KEYPAD_7] = "keypad 7", [KEY_KEYPAD_8] = "keypad 8",
    [KEY_KEYPAD_9] = "keypad 9", [KEY_KEYPAD_DOT] = "keypad .",
    [KEY_KEYPAD_PLUS] = "keypad +", [KEY_KEYPAD_MINUS] = "keypad -",
    [KEY_KEYPAD_STAR] = "keypad *", [KEY_KEYPAD_SLASH] = "keypad /",
    [KEY_KEYPAD_ENTER] = "keypad enter",
};

enum key layout_key(uint8_t code, bool extended)
{
    if (extended) {
        return code < EXTENDED_CODES ? extended_keys[code] : KEY_NONE;
    }
    return code < BASE_CODES ? base_keys[code] : KEY_NONE;
}

char layout_character(enum key key, bool shift, bool caps_lock)
{
    if (key >= KEY_A && key <= KEY_Z) {
        return (char)((shift != caps_lock ? 'A' : 'a') + (key - KEY_A));
    }
    if (key <= KEY_NONE || key >= KEY_COUNT) {
        return 0;
    }
    return shift ? characters[key].shifted : characters[key].normal;
}

const char *key_name(enum key key)
{
    if (key <= KEY_NONE || key >= KEY_COUNT || !names[key]) {
        return "?";
    }
    return names[key];
}
