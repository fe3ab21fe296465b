; jump.asm: test_setjmp and test_longjmp, the C library's setjmp and longjmp for the
; test runner. The runner calls test_setjmp before each test; a failing test calls
; test_longjmp, which returns from that test_setjmp a second time, with the stack
; pointer where it was. So every test starts from the same stack depth, however many
; tests failed before it.
;
; struct test_jump_buffer (kernel/test/jump.h) holds what the System V calling
; convention says a function must give back to its caller unchanged: rbx, rbp and
; r12-r15, plus rsp and the address to return to.

bits 64
section .text
global test_setjmp, test_longjmp

%define JUMP_RBX  0
%define JUMP_RBP  8
%define JUMP_R12  16
%define JUMP_R13  24
%define JUMP_R14  32
%define JUMP_R15  40
%define JUMP_RSP  48
%define JUMP_RIP  56

; int test_setjmp(struct test_jump_buffer *buffer)       buffer in rdi
; Saves the caller's registers and returns 0.
test_setjmp:
    mov [rdi + JUMP_RBX], rbx
    mov [rdi + JUMP_RBP], rbp
    mov [rdi + JUMP_R12], r12
    mov [rdi + JUMP_R13], r13
    mov [rdi + JUMP_R14], r14
    mov [rdi + JUMP_R15], r15
    lea rax, [rsp + 8]          ; rsp as the caller will see it after we return
    mov [rdi + JUMP_RSP], rax
    mov rax, [rsp]              ; our return address: where the caller continues
    mov [rdi + JUMP_RIP], rax
    xor eax, eax
    ret

; noreturn void test_longjmp(struct test_jump_buffer *buffer, int value)
; Puts back what test_setjmp saved and returns from it again, with value (never 0).
test_longjmp:
    mov eax, esi
    test eax, eax
    jnz .restore
    inc eax                     ; as in C: longjmp(buffer, 0) makes setjmp return 1
.restore:
    mov rbx, [rdi + JUMP_RBX]
    mov rbp, [rdi + JUMP_RBP]
    mov r12, [rdi + JUMP_R12]
    mov r13, [rdi + JUMP_R13]
    mov r14, [rdi + JUMP_R14]
    mov r15, [rdi + JUMP_R15]
    mov rsp, [rdi + JUMP_RSP]
    jmp [rdi + JUMP_RIP]
