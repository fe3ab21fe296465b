"""Reads the report that heap_overrun.c's error must produce (see heap_report.py)."""
import check as harness

heap_report = harness.load_sibling(__file__, "heap_report")


def check(t, run):
    heap_report.check_report(t, run,
                             announced=r"writing past 0x([0-9a-f]+) \(20 bytes\)",
                             error="overrun of {p} (a block of 20 bytes)",
                             caller="fill_one_too_many")
