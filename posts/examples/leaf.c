/* leaf.c: two functions that call nothing (post 01: which of them gets a stack
   frame with -fno-omit-frame-pointer). */
int answer(void) { return 42; }
int add(int a, int b) { return a + b; }
