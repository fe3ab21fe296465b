/* page_fault.h: a page fault explained: what the access was, what lies at the address,
   and the entries of its walk, with the one that refused the access marked. */
#ifndef PAGE_FAULT_H
#define PAGE_FAULT_H

#include <stdint.h>

#include "debug/report.h"

/* Print, for a page fault at address (CR2) with error_code, lines like
     page fault: a write to 0x0000000000100c30, in kernel code
       p4[0]   0x000000000011a023  RW X   table p3 at 0x11a000
       ...
       p1[256] 0x0000000000100021  R X    4 KiB page at 0x100000  <- read-only
   The walk is read from the live tables. */
void page_fault_report(report_printer print, uintptr_t address, uint64_t error_code);

#endif
