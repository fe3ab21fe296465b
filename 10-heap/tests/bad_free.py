"""Reads the report that bad_free.c's error must produce (see heap_report.py)."""
import check as harness

heap_report = harness.load_sibling(__file__, "heap_report")


def check(t, run):
    heap_report.check_report(t, run,
                             announced=r"freeing 0x([0-9a-f]+), 16 bytes into a block",
                             error="bad free of {p} (not a block the heap handed out)",
                             caller="free_inside")
