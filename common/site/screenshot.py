#!/usr/bin/env python3
"""Boots a chapter's kernel, or one of its test kernels, and saves a PNG of its screen
once the kernel has finished (the CPU halted inside the kernel's own code), for the
posts to show. A test kernel runs without QEMU's exit device, so that where it would
end QEMU (after an exception report, say) it halts and stays on the screen. A chapter
whose screen shows typing has CHAPTER_DIR/tests/screenshot_input.py, whose
drive(machine) types before the picture is taken.
Usage: screenshot.py CHAPTER_DIR [TEST_KERNEL] OUT.png"""
import importlib.util
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "harness"))
from qemu import Machine  # noqa: E402

BOOT_TIMEOUT = 20


def kernel_text_range(elf):
    """Lowest and highest address of the kernel's code symbols."""
    addresses = []
    for line in subprocess.run(["nm", elf], capture_output=True, text=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "Tt":
            addresses.append(int(fields[0], 16))
    return min(addresses), max(addresses)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    chapter, test, out = sys.argv[1], sys.argv[2:-1], os.path.abspath(sys.argv[-1])
    kernel = f"build/tests/{test[0]}" if test else "build/kernel"
    subprocess.run(["make", "-s", "-C", chapter, kernel + ".iso"], check=True,
                   stdout=subprocess.DEVNULL)
    elf = os.path.join(chapter, kernel + ".elf")
    low, high = kernel_text_range(elf)

    def finished(regs):
        pc = regs.get("RIP", regs.get("EIP", 0))
        return regs.get("HLT") == 1 and low <= pc <= high + 64

    with Machine(os.path.join(chapter, kernel + ".iso"), timeout=BOOT_TIMEOUT,
                 exit_device=False) as machine:
        driver = os.path.join(chapter, "tests", "screenshot_input.py")
        if not test and os.path.exists(driver):
            spec = importlib.util.spec_from_file_location("screenshot_input", driver)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.drive(machine)
        machine.wait_until(machine.registers, finished, "the kernel to halt")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        machine.qmp("screendump", filename=out, format="png")
    print(f"  SHOT    {out}")


if __name__ == "__main__":
    main()
