/* exception_info_test.c: exception names and error codes in words, on the host. */
#include <stdio.h>

#include "check.h"
#include "interrupts/exception_info.h"

static void check_error_code(const char *name, unsigned vector, unsigned long long code,
                             const char *expected)
{
    char text[128];
    exception_describe_error_code(text, sizeof(text), vector, code);
    check_string(name, text, expected);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    check_string("vector_0_is_divide_error", exception_name(0), "divide error");
    check_string("vector_6_is_invalid_opcode", exception_name(6), "invalid opcode");
    check_string("vector_14_is_page_fault", exception_name(14), "page fault");
    check_string("vector_15_is_reserved", exception_name(15), "reserved");
    check_string("vector_30_is_security_exception", exception_name(30), "security exception");
    check_string("vector_32_is_an_interrupt", exception_name(32), "interrupt");
    check_string("vector_255_is_an_interrupt", exception_name(255), "interrupt");
    check_string("mnemonic_of_13", exception_mnemonic(13), "#GP");
    check_string("no_mnemonic_for_9", exception_mnemonic(9), "");
    int all_named = 1;
    for (unsigned vector = 0; vector < EXCEPTION_VECTORS; vector++) {
        all_named &= exception_name(vector) != NULL && exception_name(vector)[0] != '\0';
    }
    check("all_32_vectors_have_a_name", all_named, "a vector below 32 has no name");

    check_error_code("gp_0_is_not_a_selector", 13, 0, "0 (not caused by a segment selector)");
    check_error_code("gp_gdt_selector", 13, 0x28, "0x28: GDT entry 5 (selector 0x28)");
    check_error_code("np_ldt_selector", 11, 0x2C, "0x2c: LDT entry 5 (selector 0x2c)");
    check_error_code("gp_idt_vector", 13, 0x6A, "0x6a: IDT vector 13");
    check_error_code("ts_external_event", 10, 0x29,
                     "0x29: GDT entry 5 (selector 0x28), external event");
    check_error_code("pf_read_not_present", 14, 0x0, "0: page not present, read, kernel mode");
    check_error_code("pf_write_protection_user", 14, 0x7,
                     "0x7: protection violation, write, user mode");
    check_error_code("pf_instruction_fetch", 14, 0x11,
                     "0x11: protection violation, instruction fetch, kernel mode");
    check_error_code("pf_reserved_bit", 14, 0x9,
                     "0x9: protection violation, read, kernel mode, reserved bit set");
    check_error_code("other_vectors_just_the_number", 17, 0, "0");
    char tiny[8];
    exception_describe_error_code(tiny, sizeof(tiny), 13, 0x28);
    check_string("description_truncated_to_the_buffer", tiny, "0x28: G");
    return check_summary();
}
