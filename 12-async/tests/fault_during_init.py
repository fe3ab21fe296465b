"""The page fault inside stacks_init is reported: the address, and the calls from
kernel_init down to the memset that faulted."""
import re


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    unmapped = re.search(r"unmapped (0x[0-9a-f]+), in the double-fault stack\n", report)
    after = report[unmapped.end():] if unmapped else ""
    t.expect("page_fault_in_kernel_init_reported",
             unmapped and "EXCEPTION: page fault (#PF), vector 14" in after, report)
    t.expect("cr2_is_the_unmapped_page",
             unmapped and re.search(rf"^CR2 0x0*{unmapped.group(1)[2:]}  ", after,
                                    re.MULTILINE), report)
    frames = re.findall(r"^  0x[0-9a-f]{16}  (\w+)\+", after.split("backtrace:")[-1],
                        re.MULTILINE)
    # memset, a leaf function, builds no frame: its caller, stacks_init, is skipped.
    t.expect("backtrace_from_memset_to_kernel_init",
             frames[:1] == ["memset"] and "kernel_init" in frames, report)
    t.expect("kernel_init_did_not_return",
             unmapped and "returned, which it cannot" not in after, report)
