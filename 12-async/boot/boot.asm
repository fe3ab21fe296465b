; boot.asm: where GRUB starts the kernel, in 32-bit protected mode with paging off.
; We check that a multiboot2 bootloader loaded us onto a CPU that can run 64-bit code
; and has no-execute pages, build page tables, switch to long mode and jump to
; long_mode_start (long_mode.asm).
; If a check fails we print why on the screen and the serial port, and halt.

%define MB2_BOOTLOADER_MAGIC 0x36D76289 ; GRUB puts this in eax for multiboot2 kernels

%define EFLAGS_ID            (1 << 21)  ; writable only if the CPU has CPUID
%define CPUID_EXTENDED_MAX   0x80000000 ; returns the highest extended function
%define CPUID_EXTENDED_INFO  0x80000001 ; returns feature bits, long mode among them
%define CPUID_EDX_LONG_MODE  (1 << 29)
%define CPUID_EDX_NO_EXECUTE (1 << 20)  ; NX: page-table entries can forbid execution

%define PTE_PRESENT          (1 << 0)   ; the same bits and sizes: kernel/memory/layout.h
%define PTE_WRITABLE         (1 << 1)
%define PTE_HUGE             (1 << 7)   ; in a level-2 entry: maps 2 MiB directly
%define HUGE_PAGE_SIZE       0x200000
%define PAGE_SHIFT           12         ; a 4 KiB page is 1 << 12 bytes
%define ENTRIES_PER_TABLE    512

%define CR0_PAGING           (1 << 31)
%define CR4_PAE              (1 << 5)   ; physical address extension: 64-bit entries
%define MSR_EFER             0xC0000080 ; extended feature enable register
%define EFER_LONG_MODE       (1 << 8)
%define EFER_NO_EXECUTE      (1 << 11)  ; NXE: bit 63 of an entry means no-execute

%define GDT_CODE             (1 << 43)  ; executable
%define GDT_USER_SEGMENT     (1 << 44)  ; code or data (not a system segment)
%define GDT_PRESENT          (1 << 47)
%define GDT_LONG_MODE        (1 << 53)  ; a 64-bit code segment

%define VGA_TEXT_BUFFER      0xB8000
%define ERROR_COLOUR         0x4F       ; white on red

%define COM1                 0x3F8      ; the first serial port, a 16550 UART
%define UART_DATA            0          ; registers, from COM1: transmit, or divisor low
%define UART_INTERRUPTS      1          ; interrupt enable, or divisor high
%define UART_LINE_CONTROL    3
%define UART_LINE_STATUS     5
%define UART_DIVISOR         1          ; 115200 baud: the base rate divided by 1
%define LINE_DLAB            0x80       ; data and interrupt registers become the divisor
%define LINE_8N1             0x03       ; 8 data bits, no parity, 1 stop bit
%define STATUS_TRANSMIT_READY 0x20      ; room for another byte
%define UART_POLLS           100000     ; how long to wait for room before going on
%define STACK_SIZE           16384      ; 16 KiB: deep enough for the C kernel's calls
%define GUARD_SIZE           4096       ; one page, kept free below the stack

global start
extern long_mode_start

section .text
bits 32
start:
    mov esp, boot_stack_top
    ; String instructions (and C code, by its calling convention) expect the direction
    ; flag clear; multiboot2 does not promise it.
    cld
    ; GRUB passes the physical address of its boot information in ebx. cpuid below
    ; overwrites ebx, so keep it in edi, the register kernel_main will read it from.
    mov edi, ebx

    ; 1. Only a multiboot2 bootloader leaves this magic number in eax.
    mov esi, message_no_multiboot
    cmp eax, MB2_BOOTLOADER_MAGIC
    jne boot_error

    ; 2. The CPU has the CPUID instruction if we can flip the ID bit in EFLAGS.
    pushfd
    pop eax
    mov ecx, eax                ; the original EFLAGS
    xor eax, EFLAGS_ID
    push eax
    popfd                       ; try to write the flipped bit...
    pushfd
    pop eax                     ; ...and read back what stuck
    push ecx
    popfd                       ; put the original EFLAGS back
    mov esi, message_no_cpuid
    cmp eax, ecx
    je boot_error

    ; 3. CPUID tells whether the CPU supports long mode, if it has the extended
    ;    function that reports it, and in the same bits whether it has no-execute
    ;    pages, which kernel/memory/protection.c gives to everything but code.
    mov esi, message_no_long_mode
    mov eax, CPUID_EXTENDED_MAX
    cpuid
    cmp eax, CPUID_EXTENDED_INFO
    jb boot_error
    mov eax, CPUID_EXTENDED_INFO
    cpuid
    test edx, CPUID_EDX_LONG_MODE
    jz boot_error
    mov esi, message_no_nx
    test edx, CPUID_EDX_NO_EXECUTE
    jz boot_error

    ; 4. Long mode requires paging. Map the first 1 GiB one to one (virtual address =
    ;    physical address) with 2 MiB pages: level 4 entry 0 -> level 3 table, whose
    ;    entry 0 -> level 2 table, whose 512 entries each map 2 MiB. Everything is
    ;    writable and executable for now: protection.c gives each page its rights.
    mov eax, p3_table
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [p4_table], eax
    mov eax, p2_table
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [p3_table], eax

    xor ecx, ecx                ; ecx = index of the level 2 entry
.map_p2_entry:
    mov eax, HUGE_PAGE_SIZE
    mul ecx                     ; eax = start of the ecx-th 2 MiB page (edx = 0)
    or eax, PTE_PRESENT | PTE_WRITABLE | PTE_HUGE
    mov [p2_table + ecx * 8], eax
    inc ecx
    cmp ecx, ENTRIES_PER_TABLE
    jne .map_p2_entry

    ;    The first 2 MiB, where the kernel lives, get 4 KiB pages instead: a level 1
    ;    table, so that single pages (the guard pages below the stacks) can be made
    ;    not present later. Its entries map 0, 4 KiB, 8 KiB, ... one to one.
    xor ecx, ecx                ; ecx = index of the level 1 entry
.map_p1_entry:
    mov eax, ecx
    shl eax, PAGE_SHIFT         ; eax = start of the ecx-th 4 KiB page
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [p1_table + ecx * 8], eax
    inc ecx
    cmp ecx, ENTRIES_PER_TABLE
    jne .map_p1_entry
    mov eax, p1_table
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [p2_table], eax         ; in place of the first 2 MiB page

    ; 5. Switch on: the page tables, PAE and the long mode bit in the EFER register
    ;    first, in any order, and paging last; turning paging on is what activates
    ;    long mode. EFER's no-execute bit too: without it, bit 63 of an entry is
    ;    reserved, and an entry with it set faults.
    mov eax, p4_table
    mov cr3, eax
    mov eax, cr4
    or eax, CR4_PAE
    mov cr4, eax
    mov ecx, MSR_EFER
    rdmsr
    or eax, EFER_LONG_MODE | EFER_NO_EXECUTE
    wrmsr
    mov eax, cr0
    or eax, CR0_PAGING
    mov cr0, eax

    ; 6. We are in compatibility mode: long mode, but still running 32-bit code. A far
    ;    jump through a 64-bit code segment starts 64-bit execution.
    lgdt [gdt64.pointer]
    jmp gdt64.code_segment:long_mode_start

; Prints the zero-terminated message at esi in white on red at the top left of the
; screen, and on COM1 for a machine without a screen (or a person reading the serial
; port), then halts for good.
boot_error:
    mov ebx, esi                ; the message again, for the serial port
    mov edi, VGA_TEXT_BUFFER
    mov ah, ERROR_COLOUR
.next_character:
    lodsb                       ; al = [esi], esi += 1
    test al, al
    jz .serial
    stosw                       ; [edi] = ax (character and colour), edi += 2
    jmp .next_character

    ; The UART: no interrupts, 115200 baud, 8N1. Then the message and a line break.
.serial:
    mov dx, COM1 + UART_INTERRUPTS
    mov al, 0
    out dx, al
    mov dx, COM1 + UART_LINE_CONTROL
    mov al, LINE_DLAB
    out dx, al
    mov dx, COM1 + UART_DATA
    mov al, UART_DIVISOR
    out dx, al
    mov dx, COM1 + UART_INTERRUPTS
    mov al, 0                   ; the divisor's high byte
    out dx, al
    mov dx, COM1 + UART_LINE_CONTROL
    mov al, LINE_8N1
    out dx, al
    mov esi, ebx
.next_byte:
    lodsb
    test al, al
    jz .line_break
    call serial_send
    jmp .next_byte
.line_break:
    mov al, 13                  ; "\r\n", the line break terminals expect
    call serial_send
    mov al, 10
    call serial_send
.halt:
    cli
    hlt
    jmp .halt

; Sends the byte in al to COM1, once the transmitter has room for it (or after
; UART_POLLS looks, so that a port without a UART cannot hang us). Uses ecx and edx.
serial_send:
    mov ah, al
    mov dx, COM1 + UART_LINE_STATUS
    mov ecx, UART_POLLS
.wait:
    in al, dx
    test al, STATUS_TRANSMIT_READY
    jnz .ready
    loop .wait
.ready:
    mov al, ah
    mov dx, COM1 + UART_DATA
    out dx, al
    ret

section .rodata
message_no_multiboot: db "boot error: not loaded by a multiboot2 bootloader", 0
message_no_cpuid:     db "boot error: this CPU has no CPUID instruction", 0
message_no_long_mode: db "boot error: this CPU does not support 64-bit long mode", 0
message_no_nx:        db "boot error: this CPU has no no-execute pages (NX)", 0

; The global descriptor table: in long mode segmentation is mostly gone, but a far jump
; still needs a code segment descriptor with the long mode bit set.
align 8
gdt64:
    dq 0                        ; the first entry must be null
.code_segment: equ $ - gdt64
    dq GDT_CODE | GDT_USER_SEGMENT | GDT_PRESENT | GDT_LONG_MODE
.pointer:                       ; what lgdt loads: size - 1, then address
    dw $ - gdt64 - 1
    dq gdt64

section .bss
; Page tables must be aligned to 4 KiB. GRUB zeroes .bss, so every entry starts absent.
global p4_table, p3_table, p2_table, p1_table
align 4096
p4_table: resb 4096
p3_table: resb 4096
p2_table: resb 4096
p1_table: resb 4096

; The stack grows down, so it lives below everything it could overwrite: linker.ld puts
; the .stack section under .data and .bss (and the page tables in it). Below the stack
; is a page that nothing uses, the guard page: kernel/cpu/stacks.c makes it not present, so
; that a stack overflow faults there instead of running on into .rodata.
section .stack nobits alloc write align=4096
global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
    resb GUARD_SIZE
boot_stack_bottom:
    resb STACK_SIZE
boot_stack_top:
