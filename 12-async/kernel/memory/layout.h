/* layout.h: the memory layout in one place (as xv6's memlayout.h): the page size, the
   bits of a page-table entry, what boot/boot.asm maps, and the regions of the upper
   half. boot.asm and linker.ld cannot include a C header: they write the same
   numbers, and say so.

   The lower half: virtual addresses the same as physical ones (boot.asm maps one to
   one), with the rights kernel/memory/protection.c gives them (R read-only, RW
   writable, X executable, NX not executable):

     0x0000_0000 +-------------------------------+
                 | page 0: not present (NULL)    |  4 KiB pages: p1_table, so that
     0x0000_1000 +-------------------------------+  single pages (page 0, the guard
                 | BIOS data, the VGA text       |  pages) can be unmapped and each
                 | buffer at 0xB8000, ... RW NX  |  segment of the kernel can get
     0x0010_0000 +-------------------------------+  rights of its own
                 | the kernel (linker.ld): code  |
                 | R X, read-only data R NX, the |
                 | stacks with their guard pages |
                 | RW NX, data and .bss (the     |
                 | page tables) RW NX            |
                 | then free memory, RW NX       |
     0x0020_0000 +-------------------------------+  BOOT_SMALL_PAGES_END
                 | 2 MiB pages, RW NX            |
                 |               ...             |
     0x4000_0000 +-------------------------------+  BOOT_IDENTITY_MAP_END
                 | not mapped: a page fault      |
                 +-------------------------------+

   The upper half (p4 entries 256-511), built by the kernel in C:

     0xFFFF_8000_0000_0000 +-------------------------+  PHYS_OFFSET (p4[256])
                           | all physical memory,    |  memory/offset_map.c: physical
                           | RW NX, 1 GiB pages if   |  address p at PHYS_OFFSET + p,
                           | the CPU has them, else  |  up to the end of the memory
                           | 2 MiB                   |  map (phys_to_virt)
                           +-------------------------+
                           | not mapped              |
     0xFFFF_C000_0000_0000 +-------------------------+  HEAP_START (p4[384])
                           | the heap, RW NX: mapped |  memory/heap.c: HEAP_INITIAL_
                           | from HEAP_START up, a   |  SIZE at boot, then a chunk
                           | page at a time          |  at a time up to HEAP_LIMIT
     0xFFFF_E000_0000_0000 +-------------------------+  SCRATCH_START (p4[448])
                           | scratch: a page mapped  |  kernel_main's page onto the
                           | for a while, by         |  VGA buffer, the unit tests'
                           | paging_map              |  mappings
     0xFFFF_FFFF_FFFF_FFFF +-------------------------+
*/
#ifndef LAYOUT_H
#define LAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1 << PAGE_SHIFT)    /* 4 KiB */

/* A page-table entry, at every level (Intel SDM vol. 3A, 4.5). The
   rights of a page are those of every entry on its walk together: writable only if
   all of them are, executable only if none says no-execute (SDM 4.6). */
#define PTE_PRESENT       (1ull << 0)
#define PTE_WRITABLE      (1ull << 1)   /* 0: read-only (for the kernel too, with CR0.WP) */
#define PTE_USER          (1ull << 2)   /* ring 3 may use it */
#define PTE_WRITE_THROUGH (1ull << 3)
#define PTE_NO_CACHE      (1ull << 4)
#define PTE_ACCESSED      (1ull << 5)   /* set by the CPU on the first use */
#define PTE_DIRTY         (1ull << 6)   /* set by the CPU on the first write (pages only) */
#define PTE_HUGE          (1ull << 7)   /* in a level 3 or 2 entry: maps 1 GiB or 2 MiB */
#define PTE_GLOBAL        (1ull << 8)   /* kept in the TLB across CR3 loads (CR4.PGE) */
#define PTE_NO_EXECUTE    (1ull << 63)  /* instruction fetches fault (needs EFER.NXE) */
#define PTE_ADDRESS_MASK  0x000FFFFFFFFFF000ull  /* the next table's or the page's address */

/* What boot.asm maps: the first 2 MiB with 4 KiB pages (linker.ld keeps the whole
   kernel below this), and up to 1 GiB with 2 MiB pages. */
#define BOOT_SMALL_PAGES_END  0x200000ull
#define BOOT_IDENTITY_MAP_END 0x40000000ull

/* The upper half's regions (the picture above). Each is 32 TiB or more, far more than
   QEMU can give: PHYS_OFFSET's covers 64 TiB of physical memory. */
#define PHYS_OFFSET           0xFFFF800000000000ull
#define PHYS_OFFSET_MAX       0x0000400000000000ull   /* its size: up to HEAP_START */
#define HEAP_START            0xFFFFC00000000000ull
#define HEAP_LIMIT            0x0000000004000000ull   /* 64 MiB: what it may grow to */
#define SCRATCH_START         0xFFFFE00000000000ull
#define SCRATCH_END           0xFFFFFFFFFFFFF000ull   /* the last page is left out */

#endif
