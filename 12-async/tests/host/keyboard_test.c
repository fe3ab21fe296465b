/* keyboard_test.c: the scancode decoder and the US layout, on the host: every key of
   the layout with and without shift and caps lock, every extended key, releases, the
   Pause sequence, and sequences interleaved the way a real keyboard interleaves them. */
#include <stdio.h>

#include "check.h"
#include "devices/keyboard/decoder.h"
#include "devices/keyboard/layout.h"

#define LEFT_SHIFT 0x2A
#define CAPS_LOCK  0x3A
#define RELEASE    0x80
#define EXTENDED   0xE0

static struct keyboard_decoder decoder;
static struct key_event events[16];
static int event_count;

/* Feed bytes; keep the events they make. */
static void feed(const unsigned char *bytes, size_t length)
{
    event_count = 0;
    for (size_t i = 0; i < length; i++) {
        struct key_event event;
        if (keyboard_decoder_feed(&decoder, bytes[i], &event) && event_count < 16) {
            events[event_count++] = event;
        }
    }
}

#define FEED(...)                                                                     \
    do {                                                                              \
        const unsigned char bytes_[] = {__VA_ARGS__};                                 \
        feed(bytes_, sizeof(bytes_));                                                 \
    } while (0)

/* Press and release the key with make code `code` (extended after 0xE0 if asked);
   the character the press typed. */
static char tap(unsigned char code, int extended)
{
    if (extended) {
        FEED(EXTENDED, code, EXTENDED, code | RELEASE);
    } else {
        FEED(code, code | RELEASE);
    }
    return event_count == 2 ? events[0].character : '?';
}

/* Every make code of the main block, and what it types in the four states. */
static const struct {
    unsigned char code;
    const char *plain, *shifted, *caps, *caps_shifted;
} typing_keys[] = {
    {0x02, "1", "!", "1", "!"}, {0x03, "2", "@", "2", "@"}, {0x04, "3", "#", "3", "#"},
    {0x05, "4", "$", "4", "$"}, {0x06, "5", "%", "5", "%"}, {0x07, "6", "^", "6", "^"},
    {0x08, "7", "&", "7", "&"}, {0x09, "8", "*", "8", "*"}, {0x0A, "9", "(", "9", "("},
    {0x0B, "0", ")", "0", ")"}, {0x0C, "-", "_", "-", "_"}, {0x0D, "=", "+", "=", "+"},
    {0x10, "q", "Q", "Q", "q"}, {0x11, "w", "W", "W", "w"}, {0x12, "e", "E", "E", "e"},
    {0x13, "r", "R", "R", "r"}, {0x14, "t", "T", "T", "t"}, {0x15, "y", "Y", "Y", "y"},
    {0x16, "u", "U", "U", "u"}, {0x17, "i", "I", "I", "i"}, {0x18, "o", "O", "O", "o"},
    {0x19, "p", "P", "P", "p"}, {0x1A, "[", "{", "[", "{"}, {0x1B, "]", "}", "]", "}"},
    {0x1E, "a", "A", "A", "a"}, {0x1F, "s", "S", "S", "s"}, {0x20, "d", "D", "D", "d"},
    {0x21, "f", "F", "F", "f"}, {0x22, "g", "G", "G", "g"}, {0x23, "h", "H", "H", "h"},
    {0x24, "j", "J", "J", "j"}, {0x25, "k", "K", "K", "k"}, {0x26, "l", "L", "L", "l"},
    {0x27, ";", ":", ";", ":"}, {0x28, "'", "\"", "'", "\""}, {0x29, "`", "~", "`", "~"},
    {0x2B, "\\", "|", "\\", "|"}, {0x2C, "z", "Z", "Z", "z"}, {0x2D, "x", "X", "X", "x"},
    {0x2E, "c", "C", "C", "c"}, {0x2F, "v", "V", "V", "v"}, {0x30, "b", "B", "B", "b"},
    {0x31, "n", "N", "N", "n"}, {0x32, "m", "M", "M", "m"}, {0x33, ",", "<", ",", "<"},
    {0x34, ".", ">", ".", ">"}, {0x35, "/", "?", "/", "?"}, {0x39, " ", " ", " ", " "},
    {0x1C, "\n", "\n", "\n", "\n"}, {0x0E, "\b", "\b", "\b", "\b"}, {0x0F, "\t", "\t", "\t", "\t"},
};

static void test_layout(void)
{
    size_t count = sizeof(typing_keys) / sizeof(typing_keys[0]);
    int wrong = 0;
    char detail[128] = "all four states as expected";
    for (size_t i = 0; i < count; i++) {
        for (int state = 0; state < 4; state++) {
            int shift = state & 1, caps = state >> 1;
            keyboard_decoder_init(&decoder);
            if (caps) {
                FEED(CAPS_LOCK, CAPS_LOCK | RELEASE);
            }
            if (shift) {
                FEED(LEFT_SHIFT);
            }
            const char *want[] = {typing_keys[i].plain, typing_keys[i].shifted,
                                  typing_keys[i].caps, typing_keys[i].caps_shifted};
            char got = tap(typing_keys[i].code, 0);
            if (got != want[state][0]) {
                wrong++;
                snprintf(detail, sizeof(detail), "code %#x, shift %d, caps %d: got %#x",
                         typing_keys[i].code, shift, caps, got);
            }
        }
    }
    check("every_key_of_the_layout_in_four_states", wrong == 0, detail);
}

static void test_extended_keys(void)
{
    static const struct {
        unsigned char code;
        enum key key;
    } extended[] = {
        {0x48, KEY_UP}, {0x50, KEY_DOWN}, {0x4B, KEY_LEFT}, {0x4D, KEY_RIGHT},
        {0x47, KEY_HOME}, {0x4F, KEY_END}, {0x52, KEY_INSERT}, {0x53, KEY_DELETE},
        {0x49, KEY_PAGE_UP}, {0x51, KEY_PAGE_DOWN}, {0x1C, KEY_KEYPAD_ENTER},
        {0x35, KEY_KEYPAD_SLASH}, {0x1D, KEY_RIGHT_CTRL}, {0x38, KEY_RIGHT_ALT},
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof(extended) / sizeof(extended[0]); i++) {
        keyboard_decoder_init(&decoder);
        tap(extended[i].code, 1);
        wrong += !(event_count == 2 && events[0].key == extended[i].key && events[0].pressed &&
                   events[1].key == extended[i].key && !events[1].pressed);
    }
    check("every_extended_key_press_and_release", wrong == 0, "an extended key was misread");
    keyboard_decoder_init(&decoder);
    check_string("keypad_enter_types_a_newline", (char[]){tap(0x1C, 1), 0}, "\n");
    check_string("keypad_slash_types_a_slash", (char[]){tap(0x35, 1), 0}, "/");
    check_string("extended_key_names", key_name(KEY_PAGE_DOWN), "page down");
}

static void test_modifiers(void)
{
    keyboard_decoder_init(&decoder);
    FEED(0x1D, 0x38);                           /* left ctrl, left alt down */
    check_number("ctrl_and_alt_tracked", events[1].modifiers, MODIFIER_CTRL | MODIFIER_ALT);
    FEED(EXTENDED, 0x9D);                       /* right ctrl up: never went down */
    check_number("release_of_a_key_not_down_is_ignored", event_count, 0);
    FEED(0x9D, 0xB8);
    check_number("modifiers_released", events[1].modifiers, 0);

    keyboard_decoder_init(&decoder);
    /* Held: the press and three repeats. An odd count of toggles would hide a toggle
       on every repeat; four makes it end off. */
    FEED(CAPS_LOCK, CAPS_LOCK, CAPS_LOCK, CAPS_LOCK, CAPS_LOCK | RELEASE);
    check_number("caps_lock_toggles_once_per_press_not_per_repeat",
                 decoder.modifiers & MODIFIER_CAPS_LOCK, MODIFIER_CAPS_LOCK);
    FEED(CAPS_LOCK, CAPS_LOCK | RELEASE);
    check_number("caps_lock_toggles_off", decoder.modifiers & MODIFIER_CAPS_LOCK, 0);

    keyboard_decoder_init(&decoder);
    FEED(0x36, 0x1E, 0xB6, 0x1E);               /* right shift + a, release, a */
    check_string("right_shift_works", (char[]){events[1].character, events[3].character, 0},
                 "Aa");
}

static void test_interleaving(void)
{
    keyboard_decoder_init(&decoder);
    /* Shift down, then an extended key arrives with a fake shift around it (as a real
       keyboard sends E0 2A E0 48 for up with num lock on), then shift up. */
    FEED(LEFT_SHIFT, EXTENDED, 0x2A, EXTENDED, 0x48, EXTENDED, 0xC8, EXTENDED, 0xAA,
         LEFT_SHIFT | RELEASE);
    check_number("fake_shifts_make_no_events", event_count, 4);
    check_number("up_pressed_with_shift_held", events[1].key == KEY_UP &&
                 (events[1].modifiers & MODIFIER_SHIFT), 1);
    check_number("shift_still_down_until_its_own_release", events[2].modifiers & MODIFIER_SHIFT,
                 MODIFIER_SHIFT);
    check_number("shift_released_last", events[3].key == KEY_LEFT_SHIFT && !events[3].pressed, 1);

    keyboard_decoder_init(&decoder);
    /* Pause is six bytes, and its event comes with the sixth, not before. */
    static const unsigned char pause[] = {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5};
    int pause_events_at = 0;    /* bit i: an event came with byte i */
    for (size_t i = 0; i < sizeof(pause); i++) {
        struct key_event event;
        if (keyboard_decoder_feed(&decoder, pause[i], &event)) {
            pause_events_at |= 1 << i;
        }
    }
    check_number("pause_event_comes_with_the_sixth_byte_only", pause_events_at, 1 << 5);

    keyboard_decoder_init(&decoder);
    FEED(LEFT_SHIFT, 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x1E);
    check_number("pause_is_one_press", events[1].key == KEY_PAUSE && events[1].pressed, 1);
    check_string("decoder_in_step_after_pause", (char[]){events[2].character, 0}, "A");
    FEED(0xFA, 0xFE, 0xFF, 0x00);
    check_number("ack_and_errors_are_no_keys", event_count, 0);
    FEED(0x59, 0x7F, EXTENDED, 0x10);
    check_number("unknown_codes_are_ignored", event_count, 0);
    check("state_valid_after_all_that", keyboard_decoder_valid(&decoder), "invalid state");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_layout();
    test_extended_keys();
    test_modifiers();
    test_interleaving();
    return check_summary();
}
