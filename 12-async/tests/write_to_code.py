"""Reads the page-fault report of write_to_code.c: a protection violation on a write, at
kernel_main's address, in kernel code, with the walk's last entry read-only and marked."""
import re


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    address = run.symbol("kernel_main")
    _, announced, after = report.partition(f"writing to kernel_main at {address:#x}\n")
    t.expect("protection_violation_reported",
             announced and "EXCEPTION: page fault (#PF), vector 14\n"
             "error code 0x3: protection violation, write, kernel mode\n" in after, report)
    t.expect("the_write_to_code_named_in_words",
             f"page fault: a write to {address:#018x}, in kernel code\n" in after, report)
    walk = re.findall(r"^  p([1-4])\[(\d+)\] +0x([0-9a-f]{16})  (.*)$", after, re.MULTILINE)
    t.expect_equal("the_walk_is_of_the_address",
                   [(int(level), int(index)) for level, index, *_ in walk[:4]],
                   [(level, (address >> (12 + 9 * (level - 1))) & 511) for level in (4, 3, 2, 1)])
    t.expect("only_the_last_entry_is_read_only_and_marked",
             len(walk) >= 4 and all(rest.startswith("RW X ") for *_, rest in walk[:3]) and
             re.fullmatch(r"R X +4 KiB page at 0x[0-9a-f]+  <- read-only", walk[3][3]), walk)
    t.expect("cr2_is_kernel_main",
             re.search(rf"^CR2 {address:#018x}  ", after, re.MULTILINE), report)
    t.expect("the_kernel_stopped_at_the_write",
             announced and "backtrace:" in after and "went through" not in after, report)
