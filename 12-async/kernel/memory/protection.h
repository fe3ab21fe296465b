/* protection.h: real rights for the kernel's own memory. Code is read-only and
   executable, read-only data read-only, and everything else (stacks, data, .bss, the
   rest of the identity map) writable and never executable: no page is both writable
   and executable (W^X). Page 0 is not mapped, so that a NULL pointer faults. */
#ifndef PROTECTION_H
#define PROTECTION_H

#include <stddef.h>
#include <stdint.h>

/* Rewrite the entries of boot.asm's tables that map pages with the rights above, make
   page 0 not present, turn on CR0.WP (so that ring 0 too must obey read-only pages)
   and flush the TLB. Pages already not present (the guard pages) stay so. Needs
   EFER.NXE, which boot.asm turns on; panics if it is off. */
void protection_init(void);

/* What lies at address, in a few words, for the page-fault report and the table dump:
   "page 0 (NULL)", "kernel code", "kernel read-only data", "the guard page of the boot
   stack", "the boot stack", "kernel data and .bss", "low memory (BIOS, VGA text)",
   "memory above the kernel", "unmapped space past the identity map", "a non-canonical
   address". Always terminated. */
void protection_describe_address(char *buffer, size_t size, uintptr_t address);

#endif
