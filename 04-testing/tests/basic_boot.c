/* basic_boot.c: an integration test kernel. It replaces kernel/main.c and runs straight
   after boot, before kernel_main's usual set-up, to show that printing needs none. */
#include <stdint.h>

#include "print.h"
#include "serial.h"
#include "test/test.h"
#include "vga.h"

void kernel_main(uintptr_t multiboot_info);

TEST(kprintf_works_right_after_boot)
{
    kprintf("basic_boot: printed with %s set-up\n", "no");
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
    (void)multiboot_info;
    serial_init();
    test_main();
}
