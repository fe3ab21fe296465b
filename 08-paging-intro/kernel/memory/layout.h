/* layout.h: the memory layout in one place (as xv6's memlayout.h): the page size, the
   bits of a page-table entry, and what boot/boot.asm maps. boot.asm and linker.ld
   cannot include a C header: they write the same numbers, and say so.

   Virtual addresses, the same as physical ones (boot.asm maps one to one):

     0x0000_0000 +-------------------------------+
                 | BIOS data, the VGA text       |  4 KiB pages: p1_table, so that
                 | buffer at 0xB8000, ...        |  single pages (the guard pages)
     0x0010_0000 +-------------------------------+  can be unmapped
                 | the kernel (linker.ld): code, |
                 | read-only data, the stacks    |
                 | with their guard pages, data  |
                 | and .bss (the page tables)    |
     0x0020_0000 +-------------------------------+  BOOT_SMALL_PAGES_END
                 | 2 MiB pages                   |
                 |               ...             |
     0x4000_0000 +-------------------------------+  BOOT_IDENTITY_MAP_END
                 | not mapped: a page fault      |
                 +-------------------------------+
*/
#ifndef LAYOUT_H
#define LAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1 << PAGE_SHIFT)    /* 4 KiB */

/* A page-table entry, at every level (Intel SDM vol. 3A, 4.5). */
#define PTE_PRESENT      (1ull << 0)
#define PTE_WRITABLE     (1ull << 1)
#define PTE_HUGE         (1ull << 7)    /* in a level 3 or 2 entry: maps 1 GiB or 2 MiB */
#define PTE_ADDRESS_MASK 0x000FFFFFFFFFF000ull  /* the next table's or the page's address */

/* What boot.asm maps: the first 2 MiB with 4 KiB pages (linker.ld keeps the whole
   kernel below this), and up to 1 GiB with 2 MiB pages. */
#define BOOT_SMALL_PAGES_END  0x200000ull
#define BOOT_IDENTITY_MAP_END 0x40000000ull

#endif
