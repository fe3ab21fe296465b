/* keyboard_task.c: scancodes in, characters on the screen out; chapter 07's decoder
   and terminal, now driven by a future instead of a loop that polls. Written with the
   async.h macros: what lives across an await is in struct keyboard_task. */
#include "task/keyboard_task.h"

#include "console/print.h"
#include "console/terminal.h"
#include "devices/keyboard/keyboard.h"
#include "devices/keyboard/scancode_stream.h"
#include "task/async.h"

struct signal keyboard_task_keys;

struct keyboard_task {
    int resume;
    uint8_t byte;
    uint64_t dropped_shown;     /* the drop count the last warning gave */
};

/* Say so when bytes have been dropped since the last look: a full queue means the
   task fell behind, and what was typed then is lost. */
static void warn_of_drops(struct keyboard_task *k)
{
    uint64_t dropped = scancode_stream_dropped();
    if (dropped != k->dropped_shown) {
        kprintf("\nwarning: keyboard queue full, %llu key bytes dropped\n",
                (unsigned long long)dropped);
        k->dropped_shown = dropped;
    }
}

static enum poll_result keyboard_task_poll(void *state, struct context *cx)
{
    struct keyboard_task *k = state;
    ASYNC_BEGIN(k);
    for (;;) {
        AWAIT(k, scancode_stream_poll_next(cx, &k->byte));
        warn_of_drops(k);
        struct key_event event;     /* a local: used before the next AWAIT only */
        if (keyboard_decode(k->byte, &event)) {
            terminal_key(&event);
            if (event.pressed) {
                signal_raise(&keyboard_task_keys);
            }
        }
    }
    ASYNC_END(k);
}

struct task *keyboard_task_new(void)
{
    return task_new("keyboard", keyboard_task_poll, sizeof(struct keyboard_task));
}
