; interrupt_stubs.asm: the first code the CPU runs for each of the 256 interrupt
; vectors. The CPU pushes a frame (SS, RSP, RFLAGS, CS, RIP, and for some exceptions an
; error code) and jumps to the vector's gate in the IDT, which points at a stub here.
; Each stub makes the frame the same shape for every vector, then all of them save the
; general registers and call one C function, interrupt_dispatch (kernel/interrupts/interrupts.c),
; with a pointer to the whole frame: struct trap_frame (kernel/interrupts/trap_frame.h).

bits 64
section .text
extern interrupt_dispatch

; The vectors for which the CPU pushes an error code (Intel SDM vol. 3A, table 6-1;
; #VC and #SX are AMD's: AMD64 APM vol. 2, table 8-1):
; #DF 8, #TS 10, #NP 11, #SS 12, #GP 13, #PF 14, #AC 17, #CP 21, #VC 29, #SX 30.
; This list is the only place that knows; every other stub pushes a dummy 0. The C code
; asks interrupt_error_code_vectors, a bit mask made from the same list.
%assign ERROR_CODE_VECTORS 0
%macro vectors_with_error_code 1-*
    %rep %0
        %assign HAS_ERROR_CODE_%1 1
        %assign ERROR_CODE_VECTORS ERROR_CODE_VECTORS | (1 << %1)
        %rotate 1
    %endrep
%endmacro
vectors_with_error_code 8, 10, 11, 12, 13, 14, 17, 21, 29, 30

; One stub per vector: after it, the stack holds the vector number, an error code (the
; CPU's or 0), and the CPU's frame, whatever the vector.
%assign vector 0
%rep 256
interrupt_stub_%[vector]:
    %ifndef HAS_ERROR_CODE_%[vector]
    push 0                      ; the CPU pushed no error code: a dummy keeps the shape
    %endif
    push vector
    jmp interrupt_common
%assign vector vector + 1
%endrep

; The rest of struct trap_frame: the general registers, pushed in the reverse order of
; the struct's fields, so that rax ends up at the lowest address, where rsp points.
interrupt_common:
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
    push rax

    ; The C code may assume what the System V ABI promises at a call: the direction
    ; flag clear, and rsp a multiple of 16. In 64-bit mode the CPU aligns rsp to 16
    ; before it pushes its frame, and the whole frame is 22 quadwords (trap_frame.h
    ; checks that its size is a multiple of 16), so rsp is aligned here already.
    cld
    mov rdi, rsp                ; the argument: struct trap_frame *
    call interrupt_dispatch

    pop rax
    pop rbx
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    pop rbp
    pop r8
    pop r9
    pop r10
    pop r11
    pop r12
    pop r13
    pop r14
    pop r15
    add rsp, 16                 ; drop the vector and the error code
    iretq                       ; pop RIP, CS, RFLAGS, RSP and SS: back where we were

; Bit n set: vector n's frame holds an error code from the CPU, not a dummy.
section .rodata
global interrupt_error_code_vectors
align 4
interrupt_error_code_vectors:
    dd ERROR_CODE_VECTORS

; The stubs' addresses, in vector order, for idt_init to put in the gates.
global interrupt_stubs
align 8
interrupt_stubs:
%assign vector 0
%rep 256
    dq interrupt_stub_%[vector]
%assign vector vector + 1
%endrep
