/* memory.h: the machine's physical memory as the kernel takes it over at boot: the
   boot information read, the usable RAM found, the frame allocator started on it, and
   all of it mapped at PHYS_OFFSET. One call in kernel_init, and what kernel_main and
   the tests ask about it afterwards. */
#ifndef MEMORY_H
#define MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "debug/report.h"
#include "memory/memory_map.h"
#include "memory/multiboot.h"

/* A range the kernel keeps from the frame allocator, and why. */
struct memory_reserved {
    const char *name;
    struct memory_range range;
};

/* Read the boot information at physical address multiboot_info, take the usable RAM
   from its memory map less what is in use (the first MiB, the kernel image, the boot
   page tables, the boot information, and the frame allocator's own storage), start the
   frame allocator on it, then build the offset map and switch phys_to_virt to it.
   A problem in the boot information is reported and what could be read is used;
   without a memory map, or with no usable memory, it panics. */
void memory_init(uintptr_t multiboot_info);

/* What memory_init read from the boot information. */
const struct multiboot_info_parsed *memory_boot_info(void);

/* The usable ranges the frame allocator was given (sorted, page-aligned). */
const struct memory_range *memory_usable(size_t *count);

/* The ranges taken out of them, with their names. */
const struct memory_reserved *memory_reserved(size_t *count);

/* Print the bootloader's name and the command line, one line. */
void memory_print_boot_info(report_printer print);

/* Print the ranges taken out of the usable memory, one line each. */
void memory_print_reserved(report_printer print);

/* Print the memory map, an entry a line, then the totals: usable memory, frames free
   and used, and the offset map. */
void memory_print_map(report_printer print);

#endif
