/* keyboard_fuzz.c: a libFuzzer target for the scancode decoder. libFuzzer feeds it byte
   strings, growing those that reach new code; every byte goes through the decoder, and
   after each one the invariants must hold: the decoder's state is valid, an event names
   a real key, a release comes only after its key's press, and a release types nothing.
   Any violation aborts, which libFuzzer reports with the input that caused it. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "devices/keyboard/decoder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
    return 0;
}
