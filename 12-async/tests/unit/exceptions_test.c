/* exceptions_test.c: the right vector, error code and address reach the handler for
   each kind of fault. Each fault runs inside test_expect_fault, which returns its
   details; each faulting function first stores the address of the instruction that
   will fault, so the test can check the RIP the CPU reported. */
#include <stdint.h>

#include "interrupts/exception_info.h"
#include "memory/layout.h"
#include "test/test.h"

#define NON_CANONICAL_ADDRESS 0x8000000000000000ull   /* bits 63-47 not all equal */
#define UNMAPPED_ADDRESS      BOOT_IDENTITY_MAP_END   /* just past what boot.asm maps */
#define BAD_SELECTOR          0x80            /* GDT entry 16: far past the table's end */
#define SYSCALL_STYLE_VECTOR  0x80

/* Store the address of `instruction` at *where, run `setup`, then `instruction`: the
   test compares the address with the RIP the CPU reported. (Inputs after `where` are
   %1, %2, ...) */
#define RUN_AT_KNOWN_ADDRESS(where, setup, instruction, ...)                          \
    __asm__ volatile("lea 1f(%%rip), %%rax\n\t"                                      \
                     "mov %%rax, (%0)\n\t"                                            \
                     setup "\n"                                                       \
                     "1: " instruction                                               \
                     : : "r"(where), ##__VA_ARGS__ : "rax", "rcx", "rdx", "memory")

static void divide_by_zero(void *faulting)
{
    RUN_AT_KNOWN_ADDRESS(faulting, "xor %%ecx, %%ecx", "div %%ecx");
}

static void invalid_opcode(void *faulting)
{
    RUN_AT_KNOWN_ADDRESS(faulting, "", "ud2");
}

static void load_non_canonical(void *faulting)
{
    RUN_AT_KNOWN_ADDRESS(faulting, "mov %1, %%rax", "mov (%%rax), %%rax",
                         "i"(NON_CANONICAL_ADDRESS));
}

static void load_bad_selector(void *faulting)
{
    RUN_AT_KNOWN_ADDRESS(faulting, "mov %1, %%eax", "mov %%eax, %%ds", "i"(BAD_SELECTOR));
}

static void read_unmapped(void *faulting)
{
    RUN_AT_KNOWN_ADDRESS(faulting, "mov %1, %%rax", "mov (%%rax), %%rax",
                         "i"(UNMAPPED_ADDRESS));
}

static void write_unmapped(void *faulting)
{
    RUN_AT_KNOWN_ADDRESS(faulting, "mov %1, %%rax", "movq $0, (%%rax)", "i"(UNMAPPED_ADDRESS));
}

/* int n, a software interrupt, saves the address after it: the label goes after it. */
static void software_interrupt(void *after)
{
    RUN_AT_KNOWN_ADDRESS(after, "int %1", "", "i"(SYSCALL_STYLE_VECTOR));
}

static void does_not_fault(void *unused)
{
    (void)unused;
}

TEST(divide_error_is_vector_0)
{
    uintptr_t faulting = 0;
    struct test_fault fault = test_expect_fault(divide_by_zero, &faulting);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_DIVIDE_ERROR);
    TEST_ASSERT_EQ(fault.rip, faulting);
}

TEST(ud2_is_invalid_opcode_vector_6)
{
    uintptr_t faulting = 0;
    struct test_fault fault = test_expect_fault(invalid_opcode, &faulting);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_INVALID_OPCODE);
    TEST_ASSERT_EQ(fault.error_code, 0);
    TEST_ASSERT_EQ(fault.rip, faulting);
}

TEST(non_canonical_address_is_general_protection_with_error_code_0)
{
    uintptr_t faulting = 0;
    struct test_fault fault = test_expect_fault(load_non_canonical, &faulting);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_GENERAL_PROTECTION);
    TEST_ASSERT_EQ(fault.error_code, 0);
    TEST_ASSERT_EQ(fault.rip, faulting);
}

TEST(bad_segment_selector_is_general_protection_with_the_selector)
{
    uintptr_t faulting = 0;
    struct test_fault fault = test_expect_fault(load_bad_selector, &faulting);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_GENERAL_PROTECTION);
    TEST_ASSERT_EQ(fault.error_code, BAD_SELECTOR);
    TEST_ASSERT_EQ(fault.rip, faulting);
}

TEST(read_of_unmapped_address_is_page_fault_with_cr2)
{
    uintptr_t faulting = 0;
    struct test_fault fault = test_expect_fault(read_unmapped, &faulting);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_PAGE_FAULT);
    TEST_ASSERT_EQ(fault.error_code, 0);    /* not present, read, kernel mode */
    TEST_ASSERT_EQ(fault.cr2, UNMAPPED_ADDRESS);
    TEST_ASSERT_EQ(fault.rip, faulting);
}

TEST(write_to_unmapped_address_is_page_fault_with_write_bit)
{
    uintptr_t faulting = 0;
    struct test_fault fault = test_expect_fault(write_unmapped, &faulting);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_PAGE_FAULT);
    TEST_ASSERT_EQ(fault.error_code, 2);    /* not present, write, kernel mode */
    TEST_ASSERT_EQ(fault.cr2, UNMAPPED_ADDRESS);
}

TEST(int_0x80_reaches_vector_128)
{
    uintptr_t after = 0;
    struct test_fault fault = test_expect_fault(software_interrupt, &after);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, SYSCALL_STYLE_VECTOR);
    TEST_ASSERT_EQ(fault.rip, after);
}

TEST(code_that_does_not_fault_reports_no_fault)
{
    struct test_fault fault = test_expect_fault(does_not_fault, NULL);
    TEST_ASSERT(!fault.happened);
}

TEST(a_test_goes_on_after_a_caught_fault)
{
    uintptr_t faulting = 0;
    TEST_ASSERT(test_expect_fault(invalid_opcode, &faulting).happened);
    TEST_ASSERT(test_expect_fault(invalid_opcode, &faulting).happened);
    TEST_ASSERT(!test_expect_fault(does_not_fault, NULL).happened);
}
