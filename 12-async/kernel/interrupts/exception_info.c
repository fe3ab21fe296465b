/* exception_info.c: names of the 32 exception vectors and decoding of their error
   codes (Intel SDM vol. 3A, 6.13 and 6.15). */
#include "interrupts/exception_info.h"

#include "lib/format.h"
#include "memory/page_walk.h"    /* the page-fault error code's bits */

/* Selector error code (SDM 6.13): which descriptor table entry caused the fault. */
#define SELECTOR_EXTERNAL   (1u << 0)   /* an event outside the program caused it */
#define SELECTOR_IN_IDT     (1u << 1)   /* the index is an IDT vector */
#define SELECTOR_IN_LDT     (1u << 2)   /* if not in the IDT: 1 LDT, 0 GDT */
#define SELECTOR_INDEX_SHIFT 3

static const struct {
    const char *name;
    const char *mnemonic;
} exceptions[EXCEPTION_VECTORS] = {
    [0] = {"divide error", "#DE"},
    [1] = {"debug", "#DB"},
    [2] = {"non-maskable interrupt", "NMI"},
    [3] = {"breakpoint", "#BP"},
    [4] = {"overflow", "#OF"},
    [5] = {"bound range exceeded", "#BR"},
    [6] = {"invalid opcode", "#UD"},
    [7] = {"device not available", "#NM"},
    [8] = {"double fault", "#DF"},
    [9] = {"coprocessor segment overrun", ""},
    [10] = {"invalid TSS", "#TS"},
    [11] = {"segment not present", "#NP"},
    [12] = {"stack-segment fault", "#SS"},
    [13] = {"general protection", "#GP"},
    [14] = {"page fault", "#PF"},
    [16] = {"x87 floating-point error", "#MF"},
    [17] = {"alignment check", "#AC"},
    [18] = {"machine check", "#MC"},
    [19] = {"SIMD floating-point exception", "#XM"},
    [20] = {"virtualization exception", "#VE"},
    [21] = {"control protection exception", "#CP"},
    [28] = {"hypervisor injection exception", "#HV"},
    [29] = {"VMM communication exception", "#VC"},
    [30] = {"security exception", "#SX"},
};

const char *exception_name(uint64_t vector)
{
    if (vector >= EXCEPTION_VECTORS) {
        return "interrupt";
    }
    return exceptions[vector].name ? exceptions[vector].name : "reserved";
}

const char *exception_mnemonic(uint64_t vector)
{
    if (vector >= EXCEPTION_VECTORS || !exceptions[vector].mnemonic) {
        return "";
    }
    return exceptions[vector].mnemonic;
}

static void describe_selector(char *buffer, size_t size, uint64_t error_code)
{
    unsigned code = (unsigned)(error_code & 0xFFFF);
    unsigned index = code >> SELECTOR_INDEX_SHIFT;
    const char *external = code & SELECTOR_EXTERNAL ? ", external event" : "";
    if (code == 0) {
        format_buffer(buffer, size, "0 (not caused by a segment selector)");
    } else if (code & SELECTOR_IN_IDT) {
        format_buffer(buffer, size, "%#x: IDT vector %u%s", code, index, external);
    } else {
        /* The selector as loaded, minus its privilege bits: index and table bit. */
        format_buffer(buffer, size, "%#x: %s entry %u (selector %#x)%s", code,
                      code & SELECTOR_IN_LDT ? "LDT" : "GDT", index, code & ~3u, external);
    }
}

static void describe_page_fault(char *buffer, size_t size, uint64_t error_code)
{
    format_buffer(buffer, size, "%#llx: %s, %s, %s mode%s", (unsigned long long)error_code,
                  error_code & PAGE_FAULT_PRESENT ? "protection violation" : "page not present",
                  error_code & PAGE_FAULT_INSTRUCTION ? "instruction fetch"
                  : error_code & PAGE_FAULT_WRITE ? "write" : "read",
                  error_code & PAGE_FAULT_USER ? "user" : "kernel",
                  error_code & PAGE_FAULT_RESERVED ? ", reserved bit set" : "");
}

void exception_describe_error_code(char *buffer, size_t size, uint64_t vector,
                                   uint64_t error_code)
{
    switch (vector) {
    case EXCEPTION_INVALID_TSS:
    case EXCEPTION_SEGMENT_NOT_PRESENT:
    case EXCEPTION_STACK_SEGMENT:
    case EXCEPTION_GENERAL_PROTECTION:
        describe_selector(buffer, size, error_code);
        break;
    case EXCEPTION_PAGE_FAULT:
        describe_page_fault(buffer, size, error_code);
        break;
    default:
        format_buffer(buffer, size, "%#llx", (unsigned long long)error_code);
    }
}
