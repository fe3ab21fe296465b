/* protection_test.c: the rights protection_init gave the kernel's own memory, each seen
   at work: every forbidden access faults with the right CR2 and error code, the allowed
   ones do not, and the report says what happened. A forbidden access that does not
   fault must do no harm, so that the test fails instead of the kernel: a write stores
   the byte that is there already, and the code run from data is a lone `ret`. */
#include <stdint.h>

#include "capture.h"
#include "cpu/x86.h"
#include "debug/report.h"
#include "init.h"
#include "interrupts/exception_info.h"
#include "lib/format.h"
#include "lib/string.h"
#include "memory/layout.h"
#include "memory/page_walk.h"
#include "memory/paging.h"
#include "memory/protection.h"
#include "test/test.h"

#define RET_INSTRUCTION 0xC3
#define NOT_PRESENT_READ        0
#define PROTECTION_WRITE        (PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE)
#define PROTECTION_FETCH        (PAGE_FAULT_PRESENT | PAGE_FAULT_INSTRUCTION)

/* Store the address of the instruction labelled 1 at *where, then run the code: the
   test compares it with the RIP the CPU reported (as in exceptions_test.c). */
#define RUN_AT_KNOWN_ADDRESS(where, code, ...)                                        \
    __asm__ volatile("lea 1f(%%rip), %%rax\n\t"                                      \
                     "mov %%rax, (%0)\n\t"                                            \
                     code                                                             \
                     : : "r"(where), ##__VA_ARGS__ : "rax", "rcx", "memory")

/* What a faulting function gets: where to access, and where to say it faulted. */
struct access {
    uintptr_t address;
    uintptr_t faulting;     /* filled in by the function: the instruction's address */
};

static const uint64_t read_only_value = 0x0123456789ABCDEFull;
static uint64_t writable_value = 1;
/* Code in a data page and on the stack: a return, and nothing else. */
static uint8_t code_in_data[16] = {RET_INSTRUCTION};

static void read_byte(void *argument)
{
    struct access *access = argument;
    RUN_AT_KNOWN_ADDRESS(&access->faulting, "mov %1, %%rcx\n1: movb (%%rcx), %%al",
                         "r"(access->address));
}

/* Read the byte at the address, then write it back: a write that changes nothing. */
static void rewrite_byte(void *argument)
{
    struct access *access = argument;
    RUN_AT_KNOWN_ADDRESS(&access->faulting,
                         "mov %1, %%rcx\n\tmovb (%%rcx), %%al\n1: movb %%al, (%%rcx)",
                         "r"(access->address));
}

static void call_address(void *argument)
{
    struct access *access = argument;
    access->faulting = access->address;     /* a fetch faults at the first instruction */
    ((void (*)(void))access->address)();
}

static void run_code_on_the_stack(void *argument)
{
    volatile uint8_t code[16] = {RET_INSTRUCTION};
    struct access *access = argument;
    access->address = (uintptr_t)code;
    call_address(access);
}

/* One access of the address by function, with the fault it must raise. */
static void expect_page_fault(void (*function)(void *), uintptr_t address,
                              uint64_t error_code)
{
    struct access access = {.address = address};
    struct test_fault fault = test_expect_fault(function, &access);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_PAGE_FAULT);
    TEST_ASSERT_EQ(fault.error_code, error_code);
    TEST_ASSERT_EQ(fault.cr2, access.address);
    TEST_ASSERT_EQ(fault.rip, access.faulting);
}

TEST(efer_nxe_and_cr0_wp_are_on)
{
    TEST_ASSERT(rdmsr(MSR_EFER) & EFER_NO_EXECUTE);
    TEST_ASSERT(read_cr0() & CR0_WRITE_PROTECT);
}

TEST(reading_code_works)
{
    struct access access = {.address = (uintptr_t)kernel_main};
    TEST_ASSERT(!test_expect_fault(read_byte, &access).happened);
}

TEST(reading_and_writing_data_works)
{
    struct access access = {.address = (uintptr_t)&writable_value};
    TEST_ASSERT(!test_expect_fault(read_byte, &access).happened);
    TEST_ASSERT(!test_expect_fault(rewrite_byte, &access).happened);
    writable_value = 2;
    TEST_ASSERT_EQ(writable_value, 2);
}

TEST(writing_code_is_a_protection_violation)
{
    expect_page_fault(rewrite_byte, (uintptr_t)kernel_main, PROTECTION_WRITE);
}

TEST(writing_read_only_data_is_a_protection_violation)
{
    TEST_ASSERT_EQ(read_only_value, 0x0123456789ABCDEFull);
    expect_page_fault(rewrite_byte, (uintptr_t)&read_only_value, PROTECTION_WRITE);
}

TEST(running_code_in_a_data_page_is_an_instruction_fetch_fault)
{
    expect_page_fault(call_address, (uintptr_t)code_in_data, PROTECTION_FETCH);
}

TEST(running_code_on_the_stack_is_an_instruction_fetch_fault)
{
    struct access access = {0};
    struct test_fault fault = test_expect_fault(run_code_on_the_stack, &access);
    TEST_ASSERT(fault.happened);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_PAGE_FAULT);
    TEST_ASSERT_EQ(fault.error_code, PROTECTION_FETCH);
    TEST_ASSERT(access.address != 0);
    TEST_ASSERT_EQ(fault.cr2, access.address);
    TEST_ASSERT_EQ(fault.rip, access.address);
}

TEST(reading_address_0_is_a_not_present_fault)
{
    expect_page_fault(read_byte, 0, NOT_PRESENT_READ);
}

TEST(reading_unmapped_memory_is_a_not_present_fault)
{
    expect_page_fault(read_byte, BOOT_IDENTITY_MAP_END + 0x1234, NOT_PRESENT_READ);
}

/* A page of our own, to change the rights of and put back. */
static uint8_t scratch_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

TEST(paging_set_rights_makes_a_data_page_read_only_and_back)
{
    uintptr_t page = (uintptr_t)scratch_page;
    TEST_ASSERT(paging_set_rights(page, PTE_NO_EXECUTE));
    invlpg(page);
    expect_page_fault(rewrite_byte, page + 8, PROTECTION_WRITE);
    TEST_ASSERT(paging_set_rights(page, PTE_WRITABLE | PTE_NO_EXECUTE));
    invlpg(page);
    struct access access = {.address = page + 8};
    TEST_ASSERT(!test_expect_fault(rewrite_byte, &access).happened);
    TEST_ASSERT(!paging_set_rights(0, PTE_WRITABLE));             /* not present */
    TEST_ASSERT(!paging_set_rights(BOOT_IDENTITY_MAP_END, PTE_WRITABLE));
}

/* --- what the report says ----------------------------------------------------------- */
static char description[64];

static const char *describe(uintptr_t address)
{
    protection_describe_address(description, sizeof(description), address);
    return description;
}

TEST(addresses_are_described_by_what_lies_there)
{
    extern uint8_t boot_stack_guard[], boot_stack_bottom[];
    uint8_t on_the_stack = 0;
    TEST_ASSERT_STR_EQ(describe(0), "page 0 (NULL)");
    TEST_ASSERT_STR_EQ(describe(PAGE_SIZE - 1), "page 0 (NULL)");
    TEST_ASSERT_STR_EQ(describe(0xB8000), "low memory (BIOS, VGA text)");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)kernel_main), "kernel code");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)&read_only_value), "kernel read-only data");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)&writable_value), "kernel data and .bss");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)scratch_page), "kernel data and .bss");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)&on_the_stack), "the boot stack");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)boot_stack_guard + 8),
                       "the guard page of the boot stack");
    TEST_ASSERT_STR_EQ(describe((uintptr_t)boot_stack_bottom), "the boot stack");
    TEST_ASSERT_STR_EQ(describe(BOOT_SMALL_PAGES_END), "memory above the kernel");
    TEST_ASSERT_STR_EQ(describe(BOOT_IDENTITY_MAP_END), "unmapped space past the identity map");
    TEST_ASSERT_STR_EQ(describe(0x8000000000000000ull), "a non-canonical address");
}

/* Whether the report that report_fault captured holds text. */
static bool report_has(const char *text)
{
    return test_captured_count(text) > 0;
}

/* Fault with function at address, then report the fault as exception_fatal would (the
   report reads CR2, which still holds the address). */
static void report_fault(void (*function)(void *), uintptr_t address)
{
    struct access access = {.address = address};
    struct test_fault fault = test_expect_fault(function, &access);
    TEST_ASSERT_EQ(fault.vector, EXCEPTION_PAGE_FAULT);
    struct trap_frame frame = {.vector = fault.vector, .error_code = fault.error_code,
                               .rip = fault.rip};
    test_capture_start();
    report_exception(test_capture, &frame);
}

static char expected[160];

TEST(report_of_a_write_to_code_marks_the_read_only_entry)
{
    uintptr_t address = (uintptr_t)kernel_main;
    report_fault(rewrite_byte, address);
    format_buffer(expected, sizeof(expected), "page fault: a write to 0x%016lx, in kernel code\n",
                  address);
    TEST_ASSERT(report_has(expected));
    format_buffer(expected, sizeof(expected), "  p1[%u] ", va_index(address, 1));
    TEST_ASSERT(report_has(expected));
    TEST_ASSERT(report_has(" R X    4 KiB page at "));
    TEST_ASSERT(report_has("  <- read-only\n"));
    TEST_ASSERT(report_has("  p4[0]   "));
}

TEST(report_of_a_fetch_from_data_marks_the_no_execute_entry)
{
    report_fault(call_address, (uintptr_t)code_in_data);
    TEST_ASSERT(report_has("page fault: an instruction fetch from 0x"));
    TEST_ASSERT(report_has(", in kernel data and .bss\n"));
    TEST_ASSERT(report_has(" RW NX  4 KiB page at "));
    TEST_ASSERT(report_has("  <- no-execute\n"));
}

TEST(report_of_a_null_pointer_names_it)
{
    report_fault(read_byte, 8);
    TEST_ASSERT(report_has("page fault: a read of 0x0000000000000008, in page 0 (NULL): "
                           "a NULL pointer dereference\n"));
    TEST_ASSERT(report_has("  p1[0]   "));
    TEST_ASSERT(report_has("not present  <- the walk ends here\n"));
}

TEST(report_of_unmapped_memory_shows_where_the_walk_ends)
{
    report_fault(read_byte, BOOT_IDENTITY_MAP_END);
    TEST_ASSERT(report_has(", in unmapped space past the identity map\n"));
    TEST_ASSERT(report_has("  p3[1]   0x0000000000000000         not present  <- the walk "
                           "ends here\n"));
    TEST_ASSERT(!report_has("  p2["));
}

TEST(report_of_a_guard_page_names_its_stack)
{
    extern uint8_t boot_stack_guard[];
    report_fault(read_byte, (uintptr_t)boot_stack_guard + 16);
    TEST_ASSERT(report_has(", in the guard page of the boot stack\n"));
    TEST_ASSERT(report_has("  <- the walk ends here\n"));
}
