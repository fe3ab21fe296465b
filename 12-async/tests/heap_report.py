"""What double_free.py, bad_free.py and heap_overrun.py read in their kernel's report:
the heap's panic naming the error, the pointer and the block, the heap's lock held,
and a backtrace through kfree into the function that made the error."""
import re


def check_report(t, run, announced, error, caller):
    """announced: the kernel's line before its mistake, with the pointer as group 1;
    error: the panic's words, with {p} for the pointer; caller: the function that made
    the mistake, which the backtrace must show right after kfree."""
    report = run.serial.replace("\r\n", "\n")
    line = re.search(announced, report)
    p = int(line.group(1), 16) if line else 0
    panic = re.search(r"^panic outside any test at kernel/memory/heap\.c:\d+: heap: (.*)$",
                      report, re.MULTILINE)
    wanted = error.format(p=f"0x{p:x}") if line else "?"
    t.expect("the_heap_reports_it_naming_the_pointer_and_block",
             panic and panic.group(1).startswith(wanted), report)
    t.expect("the_report_says_the_heap_lock_is_held", "\n1 lock held: heap\n" in report, report)
    frames = re.findall(r"^  0x[0-9a-f]{16}  (\w+)\+", report.split("backtrace:")[-1],
                        re.MULTILINE)
    t.expect("the_backtrace_leads_from_kfree_to_the_caller",
             "kfree" in frames and frames[frames.index("kfree") + 1:][:2] ==
             [caller, "kernel_main"], "\n".join(frames))
    t.expect("the_kernel_stopped_there", "which is wrong" not in report, report)
