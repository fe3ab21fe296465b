/* main.c: the kernel's C entry point. boot/long_mode.asm calls kernel_main in 64-bit
   mode with a stack and the identity-mapped first 1 GiB of memory. */
#include <stdint.h>

#include "console/print.h"
#include "console/vga.h"
#include "cpu/x86.h"
#include "devices/serial.h"
#include "init.h"
#include "lib/box.h"
#include "lib/format.h"
#include "lib/rc.h"
#include "lib/vec.h"
#include "memory/heap.h"
#include "memory/layout.h"
#include "memory/memory.h"
#include "memory/page_table_dump.h"
#include "memory/paging.h"
#include "task/clock_task.h"
#include "task/executor.h"
#include "task/idle_task.h"
#include "task/keyboard_task.h"
#ifdef KERNEL_TEST
#include "test/test.h"
#endif

#define VGA_TEXT_FRAME  0xB8000ull      /* the VGA text buffer's frame */
#define VGA_CELL_BYTES  2               /* a character and its colour */
#define GREEN_ON_BLACK  0x0A            /* light green: the line stands out */
#define UNMAPPED_SAMPLE 0x0000700000000000ull   /* lower half, nothing maps it */
#define VEC_DEMO_LENGTH 20      /* four growths: capacity 4, 8, 16, 32 */

static struct executor executor;   /* static: its task table is about 40 KiB */

/* Map a fresh page of the scratch window onto the VGA text buffer's frame and write a
   line through it, on the row the cursor is on; then move the cursor past it. The
   serial port gets the same line, as it gets all the screen's text. */
static void write_through_a_new_page(void)
{
    uintptr_t page = SCRATCH_START;
    enum paging_result result = paging_map(page, VGA_TEXT_FRAME, PTE_WRITABLE | PTE_NO_EXECUTE);
    if (result != PAGING_OK) {
        kprintf("mapping 0x%lx to the VGA buffer: %s\n", (unsigned long)page,
                paging_result_name(result));
        return;
    }
    char line[VGA_COLUMNS];
    size_t length = (size_t)format_buffer(line, sizeof(line),
                                          "written through the new page 0x%lx -> frame 0x%lx",
                                          (unsigned long)page, (unsigned long)VGA_TEXT_FRAME);
    length = length < sizeof(line) ? length : sizeof(line) - 1;
    volatile uint8_t *row = (volatile uint8_t *)page +
                            vga_hardware_cursor() / VGA_COLUMNS * VGA_COLUMNS * VGA_CELL_BYTES;
    for (size_t i = 0; i < length; i++) {
        row[i * VGA_CELL_BYTES] = (uint8_t)line[i];
        row[i * VGA_CELL_BYTES + 1] = GREEN_ON_BLACK;
    }
    vga_write("\n", 1);
    serial_printf("%s\n", line);
}

/* One line: where address translates to, or that nothing maps it. */
static void show_translation(const char *what, uintptr_t address)
{
    uint64_t physical = paging_translate(address);
    if (physical == PAGING_NOT_MAPPED) {
        kprintf("  %-14s 0x%016lx -> not mapped\n", what, (unsigned long)address);
    } else {
        kprintf("  %-14s 0x%016lx -> 0x%lx\n", what, (unsigned long)address,
                (unsigned long)physical);
    }
}

/* The heap's size and what is in use, in one line. */
static void show_heap(void)
{
    kprintf("heap: %zu KiB at 0x%lx, limit %lu MiB; %zu blocks, %zu bytes in use\n",
            heap_size() / 1024, (unsigned long)HEAP_START, (unsigned long)(HEAP_LIMIT >> 20),
            heap_allocation_count(), heap_bytes_in_use());
}

struct point {
    int x, y;
};

/* The rc demo's object: its destructor says when it runs. */
struct shared_name {
    const char *name;
};

static void shared_name_destroy(void *object)
{
    kprintf(" -> destructor of \"%s\", freed\n", ((struct shared_name *)object)->name);
}

/* A box, a vec growing across reallocations, and an rc's count going up and down. */
static void heap_demo(void)
{
    show_heap();
    struct point *box = BOX_NEW(struct point);
    if (box) {
        *box = (struct point){3, 4};
        kprintf("box: a struct point {%d, %d} at 0x%lx\n", box->x, box->y, (unsigned long)box);
        box_free(box);
    }
    VEC(int) numbers = VEC_INIT;
    const int *items_before = NULL;
    for (int i = 1; i <= VEC_DEMO_LENGTH && vec_push(&numbers, i); i++) {
        if (numbers.items != items_before) {
            kprintf("vec: length %2zu, capacity %2zu, items at 0x%lx\n", numbers.length,
                    numbers.capacity, (unsigned long)numbers.items);
            items_before = numbers.items;
        }
    }
    int sum = 0;
    for (size_t i = 0; i < numbers.length; i++) {
        sum += vec_at(&numbers, i);
    }
    int last = vec_pop(&numbers);
    kprintf("vec: sum %d; popped %d, length %zu now\n", sum, last, numbers.length);
    vec_free(&numbers);
    struct shared_name *shared = rc_new(sizeof(*shared), shared_name_destroy);
    if (shared) {
        shared->name = "shared";
        kprintf("rc: count %zu", rc_count(shared));
        struct shared_name *second = rc_retain(shared);
        kprintf(", retained %zu", rc_count(shared));
        rc_retain(shared);
        kprintf(", %zu", rc_count(shared));
        rc_release(second);
        kprintf(", released %zu", rc_count(shared));
        rc_release(shared);
        kprintf(", %zu", rc_count(shared));
        rc_release(shared);
    }
    show_heap();
}

/* Hand a task to the executor, or say why not. */
static void spawn(struct task *task, const char *name)
{
    if (task == NULL || !executor_spawn(&executor, task)) {
        kprintf("could not start the %s task: the heap or the task table is full\n",
                name);
        if (task != NULL) {
            task_free(task);
        }
    }
}

/* The C kernel. multiboot_info is the physical address of GRUB's boot information,
   which kernel_init has read. It shows what it found of memory and how addresses
   translate now (the page tables in full go to the serial port), then never returns:
   the executor runs the keyboard, clock and idle tasks. */
void kernel_main(uintptr_t multiboot_info)
{
    kernel_init(multiboot_info);
#ifdef KERNEL_TEST
    test_main();    /* only in the unit test kernel; never returns */
#endif
    kprintf("Hello from chapter 12: all physical memory at 0x%lx, CR3 = %#lx\n",
            (unsigned long)PHYS_OFFSET, read_cr3());
    memory_print_boot_info(kprintf);
    memory_print_map(serial_printf);        /* the screen has no room for these */
    memory_print_reserved(serial_printf);
    write_through_a_new_page();
    kputs("translations:");
    show_translation("kernel code", (uintptr_t)kernel_main);
    show_translation("VGA buffer", VGA_TEXT_FRAME);
    show_translation("offset map", (uintptr_t)phys_to_virt(VGA_TEXT_FRAME));
    show_translation("scratch page", SCRATCH_START);
    show_translation("unmapped", UNMAPPED_SAMPLE);
    heap_demo();
    serial_printf("The page tables, from CR3 = %#lx:\n", read_cr3());
    page_table_dump(serial_printf);
    page_table_walk(serial_printf, (uintptr_t)kernel_main, "kernel_main");
    kputs("Type something (backspace, enter, tab and caps lock work):");
    executor_init(&executor);
    spawn(keyboard_task_new(), "keyboard");
    spawn(clock_task_new(), "clock");
    spawn(idle_task_new(), "idle");
    executor_run(&executor);    /* never returns */
}
