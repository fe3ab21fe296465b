/* symbols.h: the kernel's own symbol table, so that it can name the functions in a
   backtrace without any tool on the host. The table is made at build time: the kernel
   is linked once, common/symbols.py turns that link's `nm` output into a C file, and the
   kernel is linked again with it (see common/kernel.mk, EMBED_SYMBOLS). */
#ifndef SYMBOLS_H
#define SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

/* One function or assembly label: where it starts, how many bytes it covers. */
struct kernel_symbol {
    uintptr_t address;
    uintptr_t size;
    const char *name;
};

/* The generated table, sorted by address. */
extern const struct kernel_symbol kernel_symbols[];
extern const size_t kernel_symbol_count;

/* The symbol in table[0..count) (sorted by address) whose bytes contain address, or
   NULL if none does. */
const struct kernel_symbol *symbol_find(const struct kernel_symbol *table, size_t count,
                                        uintptr_t address);

/* The kernel's symbol containing address, or NULL. */
static inline const struct kernel_symbol *symbol_lookup(uintptr_t address)
{
    return symbol_find(kernel_symbols, kernel_symbol_count, address);
}

#endif
