/* basic_boot.c: an integration test kernel. It replaces kernel/main.c: it boots, runs
   the same kernel_init as the real kernel, and checks that printing works. */
#include <stdint.h>

#include "console/print.h"
#include "console/vga.h"
#include "init.h"
#include "test/test.h"

TEST(kprintf_works_right_after_boot)
{
    kprintf("basic_boot: printed with %s\n", "kprintf");
}

TEST(kprintf_output_reaches_the_screen)
{
    kputs("basic_boot: 1 2 3");
    /* Somewhere on the screen there is now a row starting with that text. */
    int found = 0;
    for (size_t row = 0; row < VGA_ROWS && !found; row++) {
        found = (char)vga_cell_at(row, 0) == 'b' && (char)vga_cell_at(row, 16) == '3';
    }
    TEST_ASSERT(found);
}

void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
    test_main();
}
