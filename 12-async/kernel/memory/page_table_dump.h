/* page_table_dump.h: the page tables the kernel runs on, printed for a person to read:
   the tree under CR3, and the walk of one address level by level. */
#ifndef PAGE_TABLE_DUMP_H
#define PAGE_TABLE_DUMP_H

#include <stdint.h>

#include "debug/report.h"

/* Print the non-empty entries of the level 4 table and of every table under it, one
   line each, indented by level; runs of neighbouring entries that map neighbouring
   pages with the same rights, in the same region (see protection_describe_address),
   fold into one line:
     p4[0]           table p3 at 0x11a000   RW X
      p3[0]          table p2 at 0x11b000   RW X
       p2[0]         table p1 at 0x11c000   RW X
        p1[0]        not present: page 0 (NULL)
        p1[1..255]   4 KiB pages 0x1000..   RW NX low memory (BIOS, VGA text)
       p2[1..511]    2 MiB pages 0x200000.. RW NX memory above the kernel
   Each entry's own rights are shown (a page's are those of its whole walk). */
void page_table_dump(report_printer print);

/* Print how the CPU translates address (called name in the heading): its indices and
   offset, then each entry of its walk, and the physical address it ends at. */
void page_table_walk(report_printer print, uintptr_t address, const char *name);

#endif
