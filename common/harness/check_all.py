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
EXPECTED_FAILURES = re.compile(r"^\S+: (\d+) failed as expected", re.MULTILINE)


def positive_int(text):
    """argparse type for --jobs: a clear error instead of a traceback or a hang."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def without_jobserver(environment):
    """The environment for a chapter's make, minus the parent make's -j and jobserver:
    each chapter gets its own -j (below), and a jobserver handed down through this
    script would make every chapter's make warn. Variables (CC=clang) stay."""
    words = environment.get("MAKEFLAGS", "").split(" ")
    kept = [word for word in words if not re.match(r"-j|--jobserver-", word)]
    environment = dict(environment, MAKEFLAGS=" ".join(kept))
    environment.pop("MFLAGS", None)
    return environment


class Result:
    """One counted run: its whole output, and what it added up to."""

    def __init__(self, name, output, passed, failed, expected_failures, seconds):
        self.name, self.output, self.seconds = name, output, seconds
        self.passed, self.failed, self.expected_failures = passed, failed, expected_failures


def run_counted(name, command, environment=None):
    """Run one check command and read its closing `NAME: N passed, N failed` line (and
    `NAME: N failed as expected`, if any). A command that hangs, or fails before it
    prints a count (a build error, say), counts as one failure."""
    started = time.monotonic()
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=CHAPTER_TIMEOUT, env=environment)
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        if isinstance(output, bytes):  # TimeoutExpired keeps what it read undecoded
            output = output.decode(errors="replace")
        output += f"\nFAILED: {name} did not finish within {CHAPTER_TIMEOUT} s\n"
        return Result(name, output, 0, 1, 0, time.monotonic() - started)
    summaries = SUMMARY.findall(proc.stdout)
    passed, failed = (int(summaries[-1][1]), int(summaries[-1][2])) if summaries else (0, 1)
    if proc.returncode != 0 and failed == 0:
        failed = 1
    expected = sum(int(n) for n in EXPECTED_FAILURES.findall(proc.stdout))
    return Result(name, proc.stdout, passed, failed, expected, time.monotonic() - started)


def check_chapter(chapter, jobs):
    return run_counted(chapter, ["make", "--no-print-directory", f"-j{jobs}", "-C", chapter,
                                 "check"], without_jobserver(os.environ))


def check_harness():
    """The harness's own self test, which runs before any chapter relies on it."""
    return run_counted("common/harness", [sys.executable, os.path.join(HERE, "selftest.py")])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=positive_int, default=2,
                        help="chapters checked at once, and make -j within each")
    parser.add_argument("chapters", nargs="+")
    args = parser.parse_args()

    started = time.monotonic()
    harness = check_harness()
    print("######## harness self test", flush=True)
    print(harness.output, end="", flush=True)
    results = [harness]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for result in pool.map(lambda chapter: check_chapter(chapter, args.jobs),
                               args.chapters):
            print(f"\n######## {result.name}", flush=True)
            print(result.output, end="", flush=True)
            results.append(result)

    print("\n######## summary")
    for r in results:
        mark = "ok" if r.failed == 0 else "FAILED"
        expected = f"  ({r.expected_failures} failed as expected)" if r.expected_failures else ""
        print(f"  {r.name:<20} {r.passed:4} passed, {r.failed:3} failed  {r.seconds:5.1f} s"
              f"  {mark}{expected}")
    print(f"  all {len(results) - 1} chapters in {time.monotonic() - started:.1f} s")
    expected = sum(r.expected_failures for r in results)
    if expected:
        print(f"{expected} failed as expected (counted apart: neither passed nor failed)")
    print(f"{sum(r.passed for r in results)} passed, {sum(r.failed for r in results)} failed")
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
