#!/usr/bin/env python3
"""Runs `make check` in every chapter, a few at a time, and adds up the results.

Each chapter's output is printed whole, in chapter order, once it has finished. The
last line is the total, `N passed, N failed`; the exit status is non-zero if anything
failed, including a chapter that did not build.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CHAPTER_TIMEOUT = 600  # seconds for one chapter's build and checks, whatever hangs
SUMMARY = re.compile(r"^(\S+): (\d+) passed, (\d+) failed$", re.MULTILINE)


def run_counted(name, command):
    """Run one check command and read its closing `NAME: N passed, N failed` line.
    Returns (output, passed, failed, seconds). A command that hangs, or fails before
    it prints a count (a build error, say), counts as one failure."""
    started = time.monotonic()
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=CHAPTER_TIMEOUT)
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        if isinstance(output, bytes):  # TimeoutExpired keeps what it read undecoded
            output = output.decode(errors="replace")
        output += f"\nFAILED: {name} did not finish within {CHAPTER_TIMEOUT} s\n"
        return output, 0, 1, time.monotonic() - started
    summaries = SUMMARY.findall(proc.stdout)
    passed, failed = (int(summaries[-1][1]), int(summaries[-1][2])) if summaries else (0, 1)
    if proc.returncode != 0 and failed == 0:
        failed = 1
    return proc.stdout, passed, failed, time.monotonic() - started


def check_chapter(chapter, jobs):
    return run_counted(chapter, ["make", "--no-print-directory", f"-j{jobs}", "-C", chapter,
                                 "check"])


def check_harness():
    """The harness's own self test, which runs before any chapter relies on it."""
    return run_counted("harness", [sys.executable, os.path.join(HERE, "selftest.py")])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("chapters", nargs="+")
    args = parser.parse_args()

    started = time.monotonic()
    output, passed, failed, seconds = check_harness()
    print("######## harness self test", flush=True)
    print(output, end="", flush=True)
    rows = [("common/harness", passed, failed, seconds)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for chapter, (output, passed, failed, seconds) in zip(
                args.chapters,
                pool.map(lambda chapter: check_chapter(chapter, args.jobs), args.chapters)):
            print(f"\n######## {chapter}", flush=True)
            print(output, end="", flush=True)
            rows.append((chapter, passed, failed, seconds))

    print("\n######## summary")
    for chapter, passed, failed, seconds in rows:
        mark = "ok" if failed == 0 else "FAILED"
        print(f"  {chapter:<20} {passed:4} passed, {failed:3} failed  {seconds:5.1f} s  {mark}")
    total_passed = sum(row[1] for row in rows)
    total_failed = sum(row[2] for row in rows)
    print(f"  all {len(rows) - 1} chapters in {time.monotonic() - started:.1f} s")
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
