/* qemu_exit.h: leave QEMU with a status, through its isa-debug-exit device (the
   harness starts QEMU with `-device isa-debug-exit,iobase=0xf4,iosize=0x04`). */
#ifndef QEMU_EXIT_H
#define QEMU_EXIT_H

#include <stdnoreturn.h>

/* QEMU exits with status (code << 1) | 1: 33 for success, 35 for failure. Status 0 and
   1 must never mean success: QEMU exits 0 after a triple fault under -no-reboot, and
   1 on its own errors. common/harness/qemu.py knows the same two numbers. */
enum qemu_exit_code {
    QEMU_EXIT_SUCCESS = 0x10,
    QEMU_EXIT_FAILURE = 0x11,
};

/* Exit QEMU. Without the device (real hardware, or QEMU started without it) the
   write does nothing, and we halt instead. */
noreturn void qemu_exit(enum qemu_exit_code code);

#endif
