/* null.c: a read of address 0 (post 01: what GCC makes of it with and without
   -fno-delete-null-pointer-checks). */
int read_address_0(void) { return *(int *)0; }
