/* init.h: bringing the kernel up, in one place for every kernel that is built. */
#ifndef INIT_H
#define INIT_H

#include <stdint.h>

/* The C entry point, called by boot/long_mode.asm. The normal kernel's is in main.c;
   each integration test kernel (tests/NAME.c) brings its own. */
void kernel_main(uintptr_t multiboot_info);

/* Initialise everything, in boot order. kernel_main and every integration test
   kernel call this first; each chapter that adds a subsystem adds one line to it.
   multiboot_info is the physical address of GRUB's boot information. */
void kernel_init(uintptr_t multiboot_info);

#endif
