"""Reads the report that double_free.c's error must produce: the heap's panic naming the
error, the pointer and the block, the heap's lock held, and a backtrace through kfree
into the function that made the error."""
import re


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    announced = re.search(r"freeing 0x([0-9a-f]+) \(24 bytes\) twice", report)
    p = int(announced.group(1), 16) if announced else 0
    panic = re.search(r"^panic outside any test at kernel/memory/heap\.c:\d+: heap: (.*)$",
                      report, re.MULTILINE)
    wanted = f"double free of 0x{p:x} (a block of 24 bytes)" if announced else "?"
    t.expect("the_heap_reports_it_naming_the_pointer_and_block",
             panic and panic.group(1).startswith(wanted), report)
    t.expect("the_report_says_the_heap_lock_is_held", "\n1 lock held: heap\n" in report, report)
    frames = re.findall(r"^  0x[0-9a-f]{16}  (\w+)\+", report.split("backtrace:")[-1],
                        re.MULTILINE)
    t.expect("the_backtrace_leads_from_kfree_to_the_caller",
             "kfree" in frames and frames[frames.index("kfree") + 1:][:2] ==
             ["free_twice", "kernel_main"], "\n".join(frames))
    t.expect("the_kernel_stopped_there", "which is wrong" not in report, report)
