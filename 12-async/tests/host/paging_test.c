/* paging_test.c: the pure part of paging, on the host: an address split into its four
   indices and offset, and walks through page tables made here, in an array that
   stands for physical memory: mapped pages of each size, the rights of a whole walk,
   walks that stop, which entry refused a faulting access, and the words for all of it. */
#include <stdio.h>

#include "check.h"
#include "memory/layout.h"
#include "memory/page_walk.h"
#include "memory/virtual_address.h"

/* --- the address split ---------------------------------------------------------------- */
static void test_split(void)
{
    /* 0x0000_7f12_3456_789a: p4 254, p3 72, p2 418, p1 359, offset 0x89a. */
    uint64_t address = (254ull << 39) | (72ull << 30) | (418ull << 21) | (359ull << 12) | 0x89A;
    check_number("p4_index", va_index(address, 4), 254);
    check_number("p3_index", va_index(address, 3), 72);
    check_number("p2_index", va_index(address, 2), 418);
    check_number("p1_index", va_index(address, 1), 359);
    check_number("offset_in_a_4k_page", va_offset(address, 1), 0x89A);
    check_number("offset_in_a_2m_page", va_offset(address, 2), (359ull << 12) | 0x89A);
    check_number("offset_in_a_1g_page", va_offset(address, 3),
                 (418ull << 21) | (359ull << 12) | 0x89A);
    check_number("a_p1_entry_spans_4k", va_entry_span(1), 0x1000);
    check_number("a_p2_entry_spans_2m", va_entry_span(2), 0x200000);
    check_number("a_p3_entry_spans_1g", va_entry_span(3), 0x40000000);
    check_number("a_p4_entry_spans_512g", va_entry_span(4), 0x8000000000ull);
    check_number("the_top_half_starts_at_p4_index_256", va_index(0xFFFF800000000000ull, 4), 256);
    check_number("the_last_byte_is_index_511_everywhere",
                 va_index(UINT64_MAX, 4) + va_index(UINT64_MAX, 3) + va_index(UINT64_MAX, 2) +
                 va_index(UINT64_MAX, 1), 4 * 511);

    check("0_is_canonical", va_is_canonical(0), "");
    check("top_of_the_lower_half_is_canonical", va_is_canonical(0x00007FFFFFFFFFFFull), "");
    check("just_above_it_is_not", !va_is_canonical(0x0000800000000000ull), "");
    check("bottom_of_the_upper_half_is_canonical", va_is_canonical(0xFFFF800000000000ull), "");
    check("just_below_it_is_not", !va_is_canonical(0xFFFF7FFFFFFFFFFFull), "");
    check("bit_63_alone_is_not", !va_is_canonical(0x8000000000000000ull), "");

    unsigned kernel[4] = {0, 0, 0, 256};
    check_number("indices_0_0_0_256_are_1_mib", va_from_indices(kernel, 1), 0x100000);
    unsigned upper[4] = {256, 1, 2, 3};
    check_number("indices_from_p4_256_are_sign_extended", va_from_indices(upper, 1),
                 0xFFFF800000000000ull | (1ull << 30) | (2ull << 21) | (3ull << 12));
    check_number("indices_below_the_level_are_ignored", va_from_indices(upper, 3),
                 0xFFFF800000000000ull | (1ull << 30));
    unsigned split[4] = {va_index(address, 4), va_index(address, 3), va_index(address, 2),
                         va_index(address, 1)};
    check_number("split_and_put_back_together", va_from_indices(split, 1) | va_offset(address, 1),
                 address);
}

/* --- walks through tables of our own --------------------------------------------------- */
/* "Physical memory" for the tables: page n of it is physical address n * 4 KiB. */
#define FAKE_PAGES 16
static uint64_t memory[FAKE_PAGES][PAGE_TABLE_ENTRIES];

static const uint64_t *read_fake(uint64_t physical)
{
    uint64_t page = physical / PAGE_SIZE;
    return page > 0 && page < FAKE_PAGES && physical % PAGE_SIZE == 0 ? memory[page] : NULL;
}

#define P4 1    /* the fake pages that hold the tables */
#define P3 2
#define P2 3
#define P1 4
#define TABLE(page) ((uint64_t)(page) * PAGE_SIZE | PTE_PRESENT | PTE_WRITABLE)
#define CR3 ((uint64_t)P4 * PAGE_SIZE | 0x18)  /* flags in the low bits are ignored */
#define HUGE_PAGE_PAT (1ull << 12)              /* in a 2 MiB or 1 GiB page's entry */

/* p4[0] -> p3; p3[0] -> p2, p3[1] a 1 GiB page at 4 GiB; p2[0] -> p1, p2[1] (2 MiB
   on) a 2 MiB page at 6 MiB, read-only; p1[256] the code page at 1 MiB (R X), p1[257] a data page
   (RW NX), p1[258] not present but not empty (a guard page), p1[259] a user page. */
static void build_tables(void)
{
    memset(memory, 0, sizeof(memory));
    memory[P4][0] = TABLE(P3);
    memory[P3][0] = TABLE(P2);
    memory[P3][1] = 0x100000000ull | PTE_PRESENT | PTE_WRITABLE | PTE_HUGE;
    memory[P2][0] = TABLE(P1);
    memory[P2][1] = 0x600000ull | PTE_PRESENT | PTE_HUGE | PTE_NO_EXECUTE;
    memory[P1][256] = 0x100000ull | PTE_PRESENT;
    memory[P1][257] = 0x101000ull | PTE_PRESENT | PTE_WRITABLE | PTE_NO_EXECUTE;
    memory[P1][258] = 0x102000ull | PTE_WRITABLE | PTE_NO_EXECUTE;
    memory[P1][259] = 0x103000ull | PTE_PRESENT | PTE_WRITABLE | PTE_USER;
}

static struct page_walk walk_of(uint64_t address)
{
    struct page_walk walk;
    page_walk(CR3, address, read_fake, &walk);
    return walk;
}

static void test_walks(void)
{
    build_tables();
    struct page_walk code = walk_of(0x100123);
    check_number("code_page_walk_is_mapped", code.end, PAGE_WALK_MAPPED);
    check_number("code_page_walk_reads_four_entries", code.steps, 4);
    check_number("code_page_translates", code.physical, 0x100123);
    check_number("code_page_is_4k", code.page_size, 0x1000);
    check("code_page_is_read_only_and_executable", !code.writable && code.executable, "");
    check_number("first_step_is_p4_index_0_of_the_p4_table",
                 code.step[0].level * 1000 + code.step[0].index + code.step[0].table,
                 4000 + 0 + P4 * PAGE_SIZE);
    check_number("last_step_is_p1_index_256_of_the_p1_table",
                 code.step[3].level * 1000 + code.step[3].index + code.step[3].table,
                 1000 + 256 + P1 * PAGE_SIZE);
    check_number("last_step_holds_the_entry", code.step[3].entry, memory[P1][256]);

    struct page_walk data = walk_of(0x101FFF);
    check("data_page_is_writable_not_executable", data.writable && !data.executable, "");
    check("kernel_pages_are_not_user_pages", !data.user, "");
    check("a_user_page_under_user_tables_is_not_user_either", !walk_of(0x103000).user,
          "the tables above it do not have the user bit");

    struct page_walk huge = walk_of(0x2ABCDE);
    check_number("2m_page_walk_reads_three_entries", huge.steps, 3);
    check_number("2m_page_translates", huge.physical, 0x6ABCDE);
    check_number("2m_page_size", huge.page_size, 0x200000);
    check("2m_page_is_read_only", !huge.writable && !huge.executable, "");

    /* Bit 12 of a 2 MiB page's entry is its PAT bit, not part of its address. */
    memory[P2][4] = 0xA00000ull | PTE_PRESENT | PTE_HUGE | HUGE_PAGE_PAT;
    check_number("2m_page_address_leaves_out_the_pat_bit", walk_of(0x812345).physical,
                 0xA12345);
    memory[P2][4] = 0;

    struct page_walk giant = walk_of(0x40000000ull + 0x12345678);
    check_number("1g_page_walk_reads_two_entries", giant.steps, 2);
    check_number("1g_page_translates", giant.physical, 0x100000000ull + 0x12345678);

    /* The rights of the whole walk: a read-only table entry makes every page under it
       read-only, and a no-execute one every page not executable. */
    memory[P2][0] &= ~PTE_WRITABLE;
    memory[P3][0] |= PTE_NO_EXECUTE;
    struct page_walk under = walk_of(0x101000);
    check("a_read_only_p2_entry_makes_the_page_read_only", !under.writable, "");
    check("a_no_execute_p3_entry_makes_code_not_executable", !walk_of(0x100000).executable, "");
    build_tables();

    struct page_walk guard = walk_of(0x102000);
    check_number("guard_page_walk_is_not_present", guard.end, PAGE_WALK_NOT_PRESENT);
    check_number("guard_page_walk_reads_four_entries", guard.steps, 4);
    struct page_walk far = walk_of(0x80000000ull);  /* p3[2]: empty */
    check_number("walk_stops_at_the_empty_p3_entry", far.end * 10 + far.steps,
                 PAGE_WALK_NOT_PRESENT * 10 + 2);
    struct page_walk upper = walk_of(0xFFFF800000000000ull);
    check_number("walk_stops_at_the_empty_p4_entry", upper.end * 10 + upper.steps,
                 PAGE_WALK_NOT_PRESENT * 10 + 1);
    struct page_walk bad = walk_of(0x0000800000000000ull);
    check_number("non_canonical_walk_reads_nothing", bad.end * 10 + bad.steps,
                 PAGE_WALK_NOT_CANONICAL * 10 + 0);

    memory[P2][2] = 0x7FFFF000ull | PTE_PRESENT;    /* a table where nothing can be read */
    struct page_walk lost = walk_of(0x400000);
    check_number("a_table_that_cannot_be_read_ends_the_walk", lost.end * 10 + lost.steps,
                 PAGE_WALK_UNREADABLE * 10 + 3);
    memory[P4][1] = TABLE(P3) | PTE_HUGE;   /* PS in a p4 entry is reserved, not a page */
    check_number("a_p4_entry_never_maps_a_page", walk_of(1ull << 39).steps, 4);
}

/* --- which entry refused an access ---------------------------------------------------- */
static void test_refusals(void)
{
    build_tables();
    memory[P2][0] &= ~PTE_WRITABLE;                 /* everything under p2[0]: read-only */
    struct page_walk code = walk_of(0x100000);
    check_number("write_refused_by_the_first_read_only_entry",
                 page_walk_refusal(&code, PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE), 2);
    build_tables();
    code = walk_of(0x100000);
    check_number("write_to_code_refused_by_its_p1_entry",
                 page_walk_refusal(&code, PAGE_FAULT_PRESENT | PAGE_FAULT_WRITE), 3);
    check_number("a_read_of_code_is_refused_by_nothing",
                 page_walk_refusal(&code, PAGE_FAULT_PRESENT), -1);
    struct page_walk data = walk_of(0x101000);
    check_number("fetch_from_data_refused_by_its_p1_entry",
                 page_walk_refusal(&data, PAGE_FAULT_PRESENT | PAGE_FAULT_INSTRUCTION), 3);
    check_number("ring_3_refused_by_the_p4_entry",
                 page_walk_refusal(&data, PAGE_FAULT_PRESENT | PAGE_FAULT_USER), 0);
    struct page_walk huge = walk_of(0x200000);
    check_number("fetch_from_a_2m_page_refused_by_its_p2_entry",
                 page_walk_refusal(&huge, PAGE_FAULT_PRESENT | PAGE_FAULT_INSTRUCTION), 2);
    check_number("a_reserved_bit_names_no_entry",
                 page_walk_refusal(&data, PAGE_FAULT_PRESENT | PAGE_FAULT_RESERVED), -1);
    struct page_walk guard = walk_of(0x102000);
    check_number("not_present_refused_by_the_last_entry_read", page_walk_refusal(&guard, 0), 3);
    check_number("not_present_with_the_write_bit_too",
                 page_walk_refusal(&guard, PAGE_FAULT_WRITE), 3);
    struct page_walk far = walk_of(0x80000000ull);
    check_number("not_present_at_p3", page_walk_refusal(&far, 0), 1);
    check_number("a_not_present_fault_on_a_mapped_walk_names_no_entry",
                 page_walk_refusal(&code, 0), -1);
}

/* --- in words --------------------------------------------------------------------------- */
static void check_step(const char *name, const struct page_walk_step *step,
                       const char *expected)
{
    char text[96];
    page_walk_describe_step(text, sizeof(text), step);
    check_string(name, text, expected);
}

static void test_words(void)
{
    check_string("access_read", page_fault_access(0), "a read of");
    check_string("access_write", page_fault_access(PAGE_FAULT_WRITE | PAGE_FAULT_PRESENT),
                 "a write to");
    check_string("access_fetch", page_fault_access(PAGE_FAULT_INSTRUCTION),
                 "an instruction fetch from");
    check_string("rights_code", page_entry_rights(PTE_PRESENT), "R X");
    check_string("rights_read_only", page_entry_rights(PTE_PRESENT | PTE_NO_EXECUTE), "R NX");
    check_string("rights_data", page_entry_rights(PTE_PRESENT | PTE_WRITABLE | PTE_NO_EXECUTE),
                 "RW NX");
    check_string("rights_writable_and_executable",
                 page_entry_rights(PTE_PRESENT | PTE_WRITABLE), "RW X");
    check_string("rights_user", page_entry_rights(PTE_PRESENT | PTE_WRITABLE | PTE_USER),
                 "RW X user");
    check_string("rights_not_present", page_entry_rights(PTE_WRITABLE), "");

    build_tables();
    struct page_walk code = walk_of(0x100000);
    check_step("step_table", &code.step[2],
               "p2[0]   0x0000000000004003  RW X   table p1 at 0x4000");
    check_step("step_4k_page", &code.step[3],
               "p1[256] 0x0000000000100001  R X    4 KiB page at 0x100000");
    struct page_walk huge = walk_of(0x200000);
    check_step("step_2m_page", &huge.step[2],
               "p2[1]   0x8000000000600081  R NX   2 MiB page at 0x600000");
    struct page_walk giant = walk_of(0x40000000ull);
    check_step("step_1g_page", &giant.step[1],
               "p3[1]   0x0000000100000083  RW X   1 GiB page at 0x100000000");
    struct page_walk guard = walk_of(0x102000);
    check_step("step_not_present", &guard.step[3],
               "p1[258] 0x8000000000102002         not present");
    check("entry_maps_a_page_at_level_1", page_entry_maps_a_page(PTE_PRESENT, 1), "");
    check("entry_with_huge_maps_a_page_at_level_2",
          page_entry_maps_a_page(PTE_PRESENT | PTE_HUGE, 2), "");
    check("entry_without_huge_is_a_table_at_level_2", !page_entry_maps_a_page(PTE_PRESENT, 2), "");
    check("huge_means_nothing_at_level_4", !page_entry_maps_a_page(PTE_PRESENT | PTE_HUGE, 4), "");
    check("not_present_maps_nothing", !page_entry_maps_a_page(PTE_HUGE, 2), "");
    check_string("page_sizes", page_size_name(3), "1 GiB");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_split();
    test_walks();
    test_refusals();
    test_words();
    return check_summary();
}
