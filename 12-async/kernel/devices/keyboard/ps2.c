/* ps2.c: the 8042 controller (OSDev wiki, "8042 PS/2 Controller"): a data port and a
   status/command port. The keyboard sends a byte, the controller holds it in its output
   buffer and raises IRQ 1, and nothing more arrives until someone reads port 0x60. */
#include "devices/keyboard/ps2.h"

#include "console/print.h"
#include "cpu/spinlock.h"
#include "cpu/x86.h"
#include "devices/keyboard/scancode_stream.h"
#include "interrupts/pic.h"

#define PS2_DATA    0x60
#define PS2_STATUS  0x64    /* read */
#define PS2_COMMAND 0x64    /* write */

#define STATUS_OUTPUT_FULL 0x01     /* a byte waits at PS2_DATA */
#define STATUS_INPUT_FULL  0x02     /* the controller has not taken our last byte yet */

#define CONTROLLER_READ_CONFIG   0x20
#define CONTROLLER_WRITE_CONFIG  0x60
#define CONTROLLER_DISABLE_PORT2 0xA7
#define CONTROLLER_SELF_TEST     0xAA
#define CONTROLLER_DISABLE_PORT1 0xAD
#define CONTROLLER_ENABLE_PORT1  0xAE
#define SELF_TEST_PASSED         0x55

#define CONFIG_PORT1_INTERRUPT 0x01
#define CONFIG_PORT2_INTERRUPT 0x02
#define CONFIG_PORT1_NO_CLOCK  0x10
#define CONFIG_TRANSLATION     0x40     /* deliver scancode set 1 */

#define KEYBOARD_SET_LIGHTS 0xED
#define KEYBOARD_ACK        0xFA
#define LIGHT_NUM_LOCK      0x02     /* always on: the keypad types digits (layout.c) */
#define LIGHT_CAPS_LOCK     0x04

#define POLLS 100000        /* how long to wait for the controller before giving up */

static uint64_t received;

/* The Caps Lock light command: 0xED, the keyboard acknowledges, then the light bits,
   acknowledged again. */
static enum { LIGHTS_IDLE, LIGHTS_SENT_COMMAND, LIGHTS_SENT_VALUE } lights_state;
static uint8_t lights_wanted;
static bool caps_lock_light;

static uint8_t config_read_back;

/* Wait until the status bit is set (or clear). False if it never was, in POLLS looks:
   the controller is stuck, or there is none (its ports then read 0xFF, "input full"). */
static bool wait_for_status(uint8_t bit, bool set)
{
    for (int i = 0; i < POLLS; i++) {
        if (((inb(PS2_STATUS) & bit) != 0) == set) {
            return true;
        }
        cpu_relax();
    }
    return false;
}

/* Each of these is false if the controller did not take the byte or answer in time. */
static bool write_data(uint8_t byte)
{
    if (!wait_for_status(STATUS_INPUT_FULL, false)) {
        return false;
    }
    outb(PS2_DATA, byte);
    return true;
}

static bool write_command(uint8_t command)
{
    if (!wait_for_status(STATUS_INPUT_FULL, false)) {
        return false;
    }
    outb(PS2_COMMAND, command);
    return true;
}

static bool read_answer(uint8_t *byte)
{
    if (!wait_for_status(STATUS_OUTPUT_FULL, true)) {
        return false;
    }
    *byte = inb(PS2_DATA);
    return true;
}

/* Read every byte the controller holds. Left there, a byte keeps the output buffer
   full, and a full buffer means no new byte, and so no new interrupt, ever. */
static void drain(void)
{
    for (int i = 0; i < POLLS && (inb(PS2_STATUS) & STATUS_OUTPUT_FULL); i++) {
        inb(PS2_DATA);
    }
}

/* An acknowledgement of the lights command moves it on; other bytes are keys. */
static bool lights_acknowledged(uint8_t byte)
{
    if (byte != KEYBOARD_ACK || lights_state == LIGHTS_IDLE) {
        return false;
    }
    if (lights_state == LIGHTS_SENT_COMMAND) {
        /* A wait in a handler, but a short one: the controller has just handed us a
           byte, so its input buffer is empty and takes ours at once. */
        lights_state = write_data(lights_wanted) ? LIGHTS_SENT_VALUE : LIGHTS_IDLE;
    } else {
        lights_state = LIGHTS_IDLE;
        caps_lock_light = lights_wanted & LIGHT_CAPS_LOCK;
    }
    return true;
}

static void keyboard_interrupt(struct trap_frame *frame)
{
    (void)frame;
    /* No byte: a request left from ps2_init's own reads, which the PIC kept while the
       line was masked (Linux's i8042 driver checks the same way). */
    if (!(inb(PS2_STATUS) & STATUS_OUTPUT_FULL)) {
        return;
    }
    uint8_t byte = inb(PS2_DATA);   /* always read: it lets the next byte in */
    received++;
    if (lights_acknowledged(byte)) {
        return;
    }
    scancode_stream_add(byte);
}

/* OSDev's "Initialising the PS/2 Controller", for the first port. Every step can fail:
   with no controller, its input buffer never empties, and no answer comes. */
static bool set_up_controller(void)
{
    uint8_t config, answer;
    if (!write_command(CONTROLLER_DISABLE_PORT1) ||
        !write_command(CONTROLLER_DISABLE_PORT2)) {
        return false;
    }
    drain();    /* or a waiting key would read as the configuration */
    if (!write_command(CONTROLLER_READ_CONFIG) || !read_answer(&config)) {
        return false;
    }
    if (!write_command(CONTROLLER_SELF_TEST) || !read_answer(&answer) ||
        answer != SELF_TEST_PASSED) {
        return false;
    }
    /* After the self test, which resets the configuration on some controllers. The
       port's clock stays off until the read-back: with it on, a key's byte could arrive
       where the read-back is expected. CONTROLLER_ENABLE_PORT1 turns it on. */
    config |= CONFIG_PORT1_INTERRUPT | CONFIG_TRANSLATION | CONFIG_PORT1_NO_CLOCK;
    config &= (uint8_t)~CONFIG_PORT2_INTERRUPT;
    if (!write_command(CONTROLLER_WRITE_CONFIG) || !write_data(config) ||
        !write_command(CONTROLLER_READ_CONFIG) || !read_answer(&config_read_back) ||
        config_read_back != config) {
        return false;
    }
    if (!write_command(CONTROLLER_ENABLE_PORT1)) {
        return false;
    }
    /* Keys pressed while booting are still waiting: drop them, or the buffer stays
       full and the keyboard silent. */
    drain();
    return true;
}

bool ps2_init(void)
{
    if (!set_up_controller()) {
        kprintf("no PS/2 controller: the 8042 did not answer, or failed its self-test; "
                "no keyboard\n");
        return false;
    }
    pic_install(IRQ_KEYBOARD, keyboard_interrupt);
    return true;
}

void ps2_set_caps_lock_light(bool on)
{
    interrupts_assert_off("ps2_set_caps_lock_light");
    lights_wanted = LIGHT_NUM_LOCK | (on ? LIGHT_CAPS_LOCK : 0);
    lights_state = write_data(KEYBOARD_SET_LIGHTS) ? LIGHTS_SENT_COMMAND : LIGHTS_IDLE;
}

uint8_t ps2_config(void)
{
    return config_read_back;
}

bool ps2_caps_lock_light(void)
{
    return caps_lock_light;
}

uint64_t ps2_bytes_received(void)
{
    return received;
}

uint64_t ps2_bytes_dropped(void)
{
    return scancode_stream_dropped();
}
