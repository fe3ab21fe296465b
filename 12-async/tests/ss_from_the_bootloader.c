/* ss_from_the_bootloader.c: a GDT switch must reload SS. This kernel plays a
   bootloader first: it loads a GDT of its own whose data segment sits at 0x18, and
   leaves SS holding 0x18. In the kernel's GDT, 0x18 is the TSS. If gdt_init kept the
   old SS, the first iretq (the end of any exception handler) would load 0x18 from the
   new table as SS, and fault. */
#include <stdint.h>

#include "cpu/gdt.h"
#include "cpu/x86.h"
#include "init.h"
#include "interrupts/exceptions.h"
#include "test/test.h"

#define BOOTLOADER_CODE 0x08
#define BOOTLOADER_DATA 0x18

static struct segment_descriptor bootloader_gdt[4];

TEST(int3_returns_although_the_bootloader_left_ss_at_0x18)
{
    uint64_t before = breakpoint_count();
    breakpoint();
    TEST_ASSERT_EQ(breakpoint_count(), before + 1);
    TEST_ASSERT_EQ(read_ss(), GDT_KERNEL_DATA);
}

void kernel_main(uintptr_t multiboot_info)
{
    bootloader_gdt[BOOTLOADER_CODE / 8] =
        gdt_segment(SEGMENT_PRESENT | SEGMENT_CODE_OR_DATA | SEGMENT_EXECUTABLE |
                    SEGMENT_READ_WRITE | SEGMENT_ACCESSED, SEGMENT_LONG_MODE);
    bootloader_gdt[BOOTLOADER_DATA / 8] =
        gdt_segment(SEGMENT_PRESENT | SEGMENT_CODE_OR_DATA | SEGMENT_READ_WRITE |
                    SEGMENT_ACCESSED, 0);
    gdt_load(bootloader_gdt, sizeof(bootloader_gdt), BOOTLOADER_CODE, BOOTLOADER_DATA);
    load_stack_segment(BOOTLOADER_DATA);    /* whatever gdt_load does, SS is 0x18 */
    kernel_init(multiboot_info);
    test_main();
}
