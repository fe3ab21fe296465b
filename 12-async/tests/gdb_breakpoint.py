"""Check that `make debug` works: gdb starts QEMU paused, loads the kernel's symbols
and stops at kernel_main. Runs common/debug.py with gdb in batch mode."""
import os
import subprocess
import sys

GDB_TIMEOUT = 60

# A machine variant: check-all runs it for the newest chapter that has it
# (common/harness/check_all.py); `make check` runs it in every chapter.
MACHINE_VARIANT = "QEMU paused behind gdb, as make debug starts it"


def check(t):
    debug = os.path.join(t.common_dir, "debug.py")
    result = subprocess.run([sys.executable, debug, t.kernel_iso, t.kernel_elf, "-batch",
                             "-ex", "bt 1", "-ex", "info registers rip", "-ex", "kill"],
                            capture_output=True, text=True, timeout=GDB_TIMEOUT)
    output = result.stdout + result.stderr
    t.expect("gdb_stops_at_kernel_main", "#0  kernel_main (" in output, output)
    t.expect("gdb_has_source_lines", "kernel/main.c" in output, output)
