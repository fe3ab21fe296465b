/* decoder.h: turns the bytes of scancode set 1 into key events, one byte at a time. A
   pure state machine, so that it can be tested and fuzzed on the host. */
#ifndef KEYBOARD_DECODER_H
#define KEYBOARD_DECODER_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/keyboard/key.h"

/* Where the decoder is inside a multi-byte sequence. */
enum decoder_state {
    DECODER_READY,      /* the next byte starts a key */
    DECODER_EXTENDED,   /* after 0xE0: the next byte is an extended key */
    DECODER_PAUSE,      /* inside Pause's six bytes, 0xE1 0x1D 0x45 0xE1 0x9D 0xC5 */
};

struct keyboard_decoder {
    enum decoder_state state;
    uint8_t pause_bytes_left;
    uint8_t modifiers;                      /* MODIFIER_* bits */
    uint8_t down[(KEY_COUNT + 7) / 8];      /* which keys are held, one bit each */
};

/* Start with no key down and no sequence begun. */
void keyboard_decoder_init(struct keyboard_decoder *decoder);

/* Feed one byte. Returns true, with *event filled in, when the byte completes a key
   press or release. Bytes that are no key (unknown codes, the controller's
   acknowledgements, 0xE0's "fake shifts", the release of a key that is not down)
   change nothing and return false. */
bool keyboard_decoder_feed(struct keyboard_decoder *decoder, uint8_t byte,
                           struct key_event *event);

/* Whether key is held down. */
bool keyboard_decoder_key_down(const struct keyboard_decoder *decoder, enum key key);

/* Whether the decoder's state holds together: a known state, a Pause count only inside
   Pause, modifiers that agree with the keys held. For tests and the fuzzer. */
bool keyboard_decoder_valid(const struct keyboard_decoder *decoder);

#endif
