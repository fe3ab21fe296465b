"""Reads the page-fault report of null_dereference.c: the access in words, the NULL
pointer named, the walk down to the p1 entry of page 0, and the function that did it."""
import re


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    _, announced, after = report.partition("reading pair->second with pair == NULL\n")
    t.expect("page_fault_reported",
             announced and "EXCEPTION: page fault (#PF), vector 14\n"
             "error code 0: page not present, read, kernel mode\n" in after, report)
    t.expect("the_null_pointer_named_in_words",
             "page fault: a read of 0x0000000000000008, in page 0 (NULL): "
             "a NULL pointer dereference\n" in after, report)
    walk = re.findall(r"^  (p[1-4])\[(\d+)\] +0x[0-9a-f]{16} +(.*)$", after, re.MULTILINE)
    t.expect_equal("the_walk_ends_at_page_0s_entry",
                   [(level, index) for level, index, _ in walk[:4]],
                   [("p4", "0"), ("p3", "0"), ("p2", "0"), ("p1", "0")])
    t.expect("that_entry_is_not_present", len(walk) >= 4 and
             walk[3][2] == "not present  <- the walk ends here", walk)
    t.expect("cr2_is_the_fields_address",
             re.search(r"^CR2 0x0000000000000008  ", after, re.MULTILINE), report)
    rip = re.search(r"^RIP 0x[0-9a-f]{16}  (\S+)", after, re.MULTILINE)
    t.expect("rip_is_in_the_function_that_read",
             rip and rip.group(1).startswith("second_of+"), report)
    t.expect("the_kernel_stopped_at_the_read",
             announced and "backtrace:" in after and "which must not be mapped" not in after,
             report)
