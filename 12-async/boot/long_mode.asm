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

    ; The upper halves of the registers are undefined after the mode switch; writing
    ; the lower half of a register zeroes the upper half. rsp must be whole, and edi
    ; holds the multiboot2 information address from boot.asm, which is where the
    ; System V calling convention wants kernel_main's first argument.
    mov esp, esp
    mov edi, edi

    ; Zeros where a caller's frame pointer and return address would be: the end of
    ; the chain that debuggers and backtraces follow. Two pushes keep rsp a multiple
    ; of 16 at the call, as the calling convention requires.
    xor ebp, ebp
    push rbp
    push rbp
    call kernel_main

    ; kernel_main has nothing left to do: sleep forever. cli first, so that nothing
    ; can wake the CPU up.
.halt:
    cli
    hlt
    jmp .halt
