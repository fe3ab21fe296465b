; long_mode.asm: the first 64-bit code. boot.asm far-jumps here once long mode is on;
; we finish the switch and call the C kernel.

bits 64
section .text
global long_mode_start
extern kernel_main

long_mode_start:
    ; The data segment registers still hold 32-bit selectors. In long mode the CPU
    ; ignores their base and limit, so the null selector is all they need.
    xor eax, eax
    mov ss, ax
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax

    ; boot.asm left the multiboot2 information address in edi, which is where the
    ; System V calling convention wants kernel_main's first argument. The upper half of
    ; rdi is undefined after the mode switch: writing edi zeroes it.
    mov edi, edi
    ; A zero frame pointer marks the outermost frame, so backtraces stop here.
    xor ebp, ebp
    call kernel_main

    ; kernel_main has nothing left to do: sleep forever. cli first, so that nothing
    ; can wake the CPU up.
.halt:
    cli
    hlt
    jmp .halt
