"""Reads the report that double_free.c's error must produce (see heap_report.py)."""
import check as harness

heap_report = harness.load_sibling(__file__, "heap_report")


def check(t, run):
    heap_report.check_report(t, run,
                             announced=r"freeing 0x([0-9a-f]+) \(24 bytes\) twice",
                             error="double free of {p} (a block of 24 bytes)",
                             caller="free_twice")
