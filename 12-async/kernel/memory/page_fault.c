/* page_fault.c: what a page fault was about, in words, for the exception report. */
#include "memory/page_fault.h"

#include "memory/page_walk.h"
#include "memory/paging.h"
#include "memory/protection.h"

#define DESCRIPTION_SIZE 64
#define STEP_TEXT_SIZE   80

/* Why the marked step refused the access in error_code. */
static const char *refusal_reason(const struct page_walk_step *step, uint64_t error_code)
{
    if (!(step->entry & PTE_PRESENT)) {
        return "the walk ends here";
    }
    if ((error_code & PAGE_FAULT_INSTRUCTION) && (step->entry & PTE_NO_EXECUTE)) {
        return "no-execute";
    }
    if ((error_code & PAGE_FAULT_WRITE) && !(step->entry & PTE_WRITABLE)) {
        return "read-only";
    }
    return "kernel only";
}

void page_fault_report(report_printer print, uintptr_t address, uint64_t error_code)
{
    char description[DESCRIPTION_SIZE];
    protection_describe_address(description, sizeof(description), address);
    print("page fault: %s 0x%016lx, in %s%s\n", page_fault_access(error_code), address,
          description, address < PAGE_SIZE ? ": a NULL pointer dereference" : "");
    struct page_walk walk;
    paging_walk(address, &walk);
    int refused = page_walk_refusal(&walk, error_code);
    for (int i = 0; i < walk.steps; i++) {
        char step[STEP_TEXT_SIZE];
        page_walk_describe_step(step, sizeof(step), &walk.step[i]);
        if (i == refused) {
            print("  %s  <- %s\n", step, refusal_reason(&walk.step[i], error_code));
        } else {
            print("  %s\n", step);
        }
    }
    if (walk.end == PAGE_WALK_UNREADABLE) {
        print("  (the next table is outside the memory the kernel can read)\n");
    } else if (error_code & PAGE_FAULT_RESERVED) {
        print("  (a reserved bit is set in one of these entries)\n");
    } else if (refused < 0 && walk.steps > 0) {
        /* The CPU walked the tables as they were in its TLB: a change without a flush. */
        print("  (these entries allow the access: the TLB held an older translation)\n");
    }
}
