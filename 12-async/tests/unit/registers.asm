; registers.asm: for breakpoint_test.c, a breakpoint taken with every general register
; and the arithmetic flags holding a known value. The direction flag is set too: the
; interrupt stub must clear it before calling C (the ABI says so), and iretq must give
; it back.

bits 64
section .text
global int3_with_known_registers

%define PATTERN(n)    (0x0123456789ABCD00 + (n))
%define FLAGS_PATTERN 0xCD7

; void int3_with_known_registers(uint64_t after[16])       after in rdi
int3_with_known_registers:
    push rbx                    ; callee-saved registers, given back at the end
    push rbp
    push r12
    push r13
    push r14
    push r15
    push rdi                    ; the array, found again after the breakpoint

    push FLAGS_PATTERN
    popfq
    mov rax, PATTERN(0)
    mov rbx, PATTERN(1)
    mov rcx, PATTERN(2)
    mov rdx, PATTERN(3)
    mov rsi, PATTERN(4)
    mov rdi, PATTERN(5)
    mov rbp, PATTERN(6)
    mov r8, PATTERN(7)
    mov r9, PATTERN(8)
    mov r10, PATTERN(9)
    mov r11, PATTERN(10)
    mov r12, PATTERN(11)
    mov r13, PATTERN(12)
    mov r14, PATTERN(13)
    mov r15, PATTERN(14)
    int3

    pushfq                      ; after[15]
    push r15
    push r14
    push r13
    push r12
    push r11
    push r10
    push r9
    push r8
    push rbp
    push rdi
    push rsi
    push rdx
    push rcx
    push rbx
    push rax                    ; after[0], at the lowest address
    cld                         ; the ABI's direction flag again, for the copy and C
    mov rdi, [rsp + 16 * 8]     ; the array pushed before the 16 values
    xor ecx, ecx
.copy:
    mov rax, [rsp + rcx * 8]
    mov [rdi + rcx * 8], rax
    inc ecx
    cmp ecx, 16
    jne .copy
    add rsp, 16 * 8

    pop rdi
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret
