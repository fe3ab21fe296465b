/* virtual_address.h: a 64-bit virtual address split the way the CPU's page walk splits
   it (Intel SDM vol. 3A, 4.5): four 9-bit indices, one per table level, and the offset
   into the page. Pure arithmetic, shared by the kernel and its host tests.

     63        48 47     39 38     30 29     21 20     12 11          0
     +-----------+---------+---------+---------+---------+-------------+
     | copies of |  p4     |  p3     |  p2     |  p1     |   offset    |
     |  bit 47   |  index  |  index  |  index  |  index  |  in a page  |
     +-----------+---------+---------+---------+---------+-------------+
*/
#ifndef VIRTUAL_ADDRESS_H
#define VIRTUAL_ADDRESS_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_TABLE_LEVELS      4    /* p4 (the top, in CR3), p3, p2, p1 */
#define PAGE_TABLE_ENTRIES     512
#define PAGE_TABLE_INDEX_BITS  9    /* 512 entries per table */
#define PAGE_OFFSET_BITS       12   /* a 4 KiB page; PAGE_SHIFT in memory/layout.h */
#define VIRTUAL_ADDRESS_BITS   48   /* what the four levels translate */

/* How many bytes one entry of a level-`level` table covers: 4 KiB at level 1, 2 MiB at
   level 2, 1 GiB at level 3, 512 GiB at level 4. */
static inline uint64_t va_entry_span(int level)
{
    return 1ull << (PAGE_OFFSET_BITS + PAGE_TABLE_INDEX_BITS * (level - 1));
}

/* The index into the level-`level` table (4 = p4 ... 1 = p1) that address selects. */
static inline unsigned va_index(uint64_t address, int level)
{
    return (unsigned)(address >> (PAGE_OFFSET_BITS + PAGE_TABLE_INDEX_BITS * (level - 1))) &
           (PAGE_TABLE_ENTRIES - 1);
}

/* The offset of address into the page that a level-`level` entry maps: the low 12 bits
   for a 4 KiB page, 21 for a 2 MiB page, 30 for a 1 GiB page. */
static inline uint64_t va_offset(uint64_t address, int level)
{
    return address & (va_entry_span(level) - 1);
}

/* Whether bits 63-48 are all copies of bit 47, as the CPU requires of every address it
   translates (an access to any other address is a general protection fault). */
static inline bool va_is_canonical(uint64_t address)
{
    int64_t high = (int64_t)address >> (VIRTUAL_ADDRESS_BITS - 1);
    return high == 0 || high == -1;
}

/* The canonical address that has the given index at `level` and above (indices[0] is
   the p4 index, indices[1] the p3 index, ...) and zeros below: where the region that
   one entry maps begins. Bit 47 is copied into bits 63-48. */
static inline uint64_t va_from_indices(const unsigned *indices, int level)
{
    uint64_t address = 0;
    for (int l = PAGE_TABLE_LEVELS; l >= level; l--) {
        address |= (uint64_t)(indices[PAGE_TABLE_LEVELS - l] & (PAGE_TABLE_ENTRIES - 1))
                   << (PAGE_OFFSET_BITS + PAGE_TABLE_INDEX_BITS * (l - 1));
    }
    if (address & (1ull << (VIRTUAL_ADDRESS_BITS - 1))) {
        address |= ~((1ull << VIRTUAL_ADDRESS_BITS) - 1);
    }
    return address;
}

#endif
