"""Outside check, with the compiler instead of QEMU: vec_push is type-checked. A push of
the element type compiles; a push of a pointer into a VEC(int), or of a struct into a
vec of another type, must fail the build (-Werror), as pushing a wrong type into a
Rust Vec<T> does."""
import os
import subprocess
import tempfile

KERNEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernel")
PROGRAM = """#include <stdint.h>
#include "lib/vec.h"
struct pair { uint64_t first, second; };
struct other { char name[16]; };
int pushes(void)
{
    VEC(int) numbers = VEC_INIT;
    VEC(struct pair) pairs = VEC_INIT;
    int value = 1;
    struct other other = {{0}};
    (void)value, (void)other, (void)numbers, (void)pairs;
    return PUSH;
}
"""
CASES = [   # (name, the push, whether it must compile)
    ("pushing_the_element_type_compiles", "vec_push(&numbers, value)", True),
    ("pushing_a_struct_of_the_element_type_compiles",
     "vec_push(&pairs, ((struct pair){1, 2}))", True),
    ("pushing_a_pointer_into_a_vec_of_int_does_not_compile", "vec_push(&numbers, &value)",
     False),
    ("pushing_a_struct_of_another_type_does_not_compile", "vec_push(&pairs, other)", False),
]


def check(t):
    compiler = os.environ.get("CC", "gcc")
    with tempfile.TemporaryDirectory() as directory:
        source = os.path.join(directory, "pushes.c")
        with open(source, "w") as f:
            f.write(PROGRAM)
        for name, push, compiles in CASES:
            result = subprocess.run(
                [compiler, "-std=gnu11", "-ffreestanding", "-Wall", "-Wextra", "-Werror",
                 "-fsyntax-only", "-I", KERNEL, f"-DPUSH={push}", source],
                capture_output=True, text=True, timeout=60)
            t.expect(name, (result.returncode == 0) == compiles,
                     f"{compiler} exited with {result.returncode}: {result.stderr[-800:]}")
