/* exception_info.h: what the CPU's exception vectors mean: names, mnemonics, and the
   error codes some of them push, in words. Pure functions, tested on the host too. */
#ifndef EXCEPTION_INFO_H
#define EXCEPTION_INFO_H

#include <stddef.h>
#include <stdint.h>

/* Vectors 0-31 are the CPU's own (Intel SDM vol. 3A, table 6-1); the ones the kernel
   names in code: */
enum exception_vector {
    EXCEPTION_DIVIDE_ERROR = 0,
    EXCEPTION_NMI = 2,
    EXCEPTION_BREAKPOINT = 3,
    EXCEPTION_INVALID_OPCODE = 6,
    EXCEPTION_DOUBLE_FAULT = 8,
    EXCEPTION_INVALID_TSS = 10,
    EXCEPTION_SEGMENT_NOT_PRESENT = 11,
    EXCEPTION_STACK_SEGMENT = 12,
    EXCEPTION_GENERAL_PROTECTION = 13,
    EXCEPTION_PAGE_FAULT = 14,
    EXCEPTION_VECTORS = 32,     /* 32-255: hardware interrupts and `int n` */
};

/* "invalid opcode" for vector 6; "reserved" for the unused ones below 32; "interrupt"
   for 32-255. */
const char *exception_name(uint64_t vector);

/* "#UD" for vector 6, "NMI" for 2; "" where the manuals give none. */
const char *exception_mnemonic(uint64_t vector);

/* Put the error code in words into buffer (always terminated): the segment selector
   for #TS, #NP, #SS and #GP ("GDT entry 5 (selector 0x28)", "IDT vector 13", with
   "external" if an outside event caused it), the reason bits for #PF ("page not
   present, read, kernel mode"), and just the number for the rest. */
void exception_describe_error_code(char *buffer, size_t size, uint64_t vector,
                                   uint64_t error_code);

#endif
