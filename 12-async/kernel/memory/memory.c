/* memory.c: memory_init, from GRUB's memory map to a running frame allocator and the
   offset map, and the kernel's printout of it. */
#include "memory/memory.h"

#include "debug/panic.h"
#include "lib/format.h"
#include "memory/frame.h"
#include "memory/layout.h"
#include "memory/offset_map.h"
#include "memory/paging.h"

#define LOW_MEMORY_END 0x100000ull  /* the first MiB: BIOS data, VGA, option ROMs */
#define KIB            1024ull
#define MIB            (1024 * KIB)
#define SIZE_TEXT      24

enum { RESERVED_LOW, RESERVED_KERNEL, RESERVED_BOOT_TABLES, RESERVED_BOOT_INFO,
       RESERVED_FRAMES, RESERVED_COUNT };

/* linker.ld's bounds of the kernel image, and boot.asm's page tables (in .bss, so
   inside the image: named apart all the same, as the allocator must never hand out a
   table the CPU is walking). */
extern const uint8_t kernel_text_start[], kernel_end[];
extern const uint8_t p4_table[], p1_table[];

static struct multiboot_info_parsed boot_info;
static struct memory_range usable[MEMORY_MAP_MAX];
static size_t usable_count;
static struct memory_reserved reserved[RESERVED_COUNT];

static void frame_error_panic(uint64_t frame, const char *what)
{
    panic("frame_free: frame 0x%lx %s", (unsigned long)frame, what);
}

static void find_usable(void)
{
    struct memory_range ranges[RESERVED_COUNT];
    for (size_t i = 0; i < RESERVED_COUNT; i++) {
        ranges[i] = reserved[i].range;
    }
    usable_count = memory_map_usable(boot_info.memory_map, boot_info.memory_map_count, ranges,
                                     RESERVED_COUNT, usable, MEMORY_MAP_MAX);
}

/* The allocator's storage goes at the start of the first usable range that holds it
   below the identity map's end: frame_init writes its bitmap before the offset map
   exists, and it is used at the same address ever after. */
static void *place_frame_storage(size_t bytes)
{
    uint64_t size = (bytes + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    for (size_t i = 0; i < usable_count; i++) {
        if (usable[i].end - usable[i].start >= size &&
            usable[i].start + size <= BOOT_IDENTITY_MAP_END) {
            reserved[RESERVED_FRAMES] = (struct memory_reserved){
                "frame allocator", {usable[i].start, usable[i].start + size}};
            return phys_to_virt(usable[i].start);
        }
    }
    panic("no room below 1 GiB for the frame allocator's bitmap and stack (%lu bytes)",
          (unsigned long)bytes);
}

void memory_init(uintptr_t multiboot_info)
{
    if (!multiboot_parse(phys_to_virt(multiboot_info), multiboot_info, &boot_info)) {
        report_printf("boot information at 0x%lx: %s; using what came before it\n",
                      (unsigned long)multiboot_info, boot_info.problem);
    }
    if (!boot_info.memory_map_found) {
        panic("the boot information has no memory map: no memory to give out");
    }
    reserved[RESERVED_LOW] = (struct memory_reserved){"first MiB", {0, LOW_MEMORY_END}};
    reserved[RESERVED_KERNEL] = (struct memory_reserved){
        "kernel image", {(uintptr_t)kernel_text_start, (uintptr_t)kernel_end}};
    reserved[RESERVED_BOOT_TABLES] = (struct memory_reserved){
        "boot page tables", {(uintptr_t)p4_table, (uintptr_t)p1_table + PAGE_SIZE}};
    reserved[RESERVED_BOOT_INFO] = (struct memory_reserved){
        "boot information", {boot_info.physical, boot_info.physical + boot_info.size}};
    reserved[RESERVED_FRAMES] = (struct memory_reserved){"frame allocator", {0, 0}};
    find_usable();
    if (usable_count == 0) {
        panic("the memory map has no usable memory outside the kernel's");
    }
    void *storage = place_frame_storage(frame_storage_size(usable, usable_count));
    find_usable();      /* again, without the storage's pages */
    frame_init(usable, usable_count, storage, frame_error_panic);
    offset_map_init(memory_map_ram_end(boot_info.memory_map, boot_info.memory_map_count));
}

const struct multiboot_info_parsed *memory_boot_info(void)
{
    return &boot_info;
}

const struct memory_range *memory_usable(size_t *count)
{
    *count = usable_count;
    return usable;
}

const struct memory_reserved *memory_reserved(size_t *count)
{
    *count = RESERVED_COUNT;
    return reserved;
}

/* "639 KiB", "126 MiB", "4 GiB": bytes to the unit that keeps them short. */
static const char *size_text(char *buffer, uint64_t bytes)
{
    if (bytes >= 1024 * MIB && bytes % (1024 * MIB) == 0) {
        format_buffer(buffer, SIZE_TEXT, "%lu GiB", (unsigned long)(bytes / (1024 * MIB)));
    } else if (bytes >= 4 * MIB || (bytes >= MIB && bytes % MIB == 0)) {
        format_buffer(buffer, SIZE_TEXT, "%lu MiB", (unsigned long)(bytes / MIB));
    } else {
        format_buffer(buffer, SIZE_TEXT, "%lu KiB", (unsigned long)(bytes / KIB));
    }
    return buffer;
}

void memory_print_boot_info(report_printer print)
{
    print("bootloader \"%s\", command line \"%s\"\n",
          boot_info.bootloader_name ? boot_info.bootloader_name : "(none)",
          boot_info.command_line ? boot_info.command_line : "(none)");
}

void memory_print_reserved(report_printer print)
{
    for (size_t i = 0; i < RESERVED_COUNT; i++) {
        print("kept from the frame allocator: %-17s 0x%lx-0x%lx\n", reserved[i].name,
              (unsigned long)reserved[i].range.start, (unsigned long)reserved[i].range.end);
    }
}

void memory_print_map(report_printer print)
{
    char size[SIZE_TEXT], type[16];
    print("memory map (%lu entries):\n", (unsigned long)boot_info.memory_map_count);
    for (size_t i = 0; i < boot_info.memory_map_count; i++) {
        const struct memory_map_entry *entry = &boot_info.memory_map[i];
        print("  0x%012lx-0x%012lx %-9s %s\n", (unsigned long)entry->base,
              (unsigned long)(entry->base + entry->length),
              size_text(size, entry->length), memory_map_type_name(entry->type, type, sizeof(type)));
    }
    print("usable: %s in %lu range%s; frames: %lu free, %lu used\n",
          size_text(size, memory_map_total(usable, usable_count)), (unsigned long)usable_count,
          usable_count == 1 ? "" : "s",
          (unsigned long)frame_free_count(), (unsigned long)frame_used_count());
    print("offset map: physical 0-0x%lx at 0x%lx, %s pages\n", (unsigned long)offset_map_end(),
          (unsigned long)PHYS_OFFSET, size_text(size, offset_map_page_size()));
}
