/* symbols.c: looking an address up in a sorted symbol table. */
#include "debug/symbols.h"

const struct kernel_symbol *symbol_find(const struct kernel_symbol *table, size_t count,
                                        uintptr_t address)
{
    /* Binary search for the last symbol that starts at or below address. */
    size_t low = 0, high = count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (table[middle].address <= address) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    if (low == 0) {
        return NULL;
    }
    const struct kernel_symbol *symbol = &table[low - 1];
    return address - symbol->address < symbol->size ? symbol : NULL;
}
