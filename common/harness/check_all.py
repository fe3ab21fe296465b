#!/usr/bin/env python3
"""Builds every chapter and runs all their checks in one pool, then adds up the results.

The harness's self test runs first. Chapters are built one after another (each with
make -j JOBS); as soon as one is built, its checks join a single pool of JOBS workers
that runs the checks of every chapter built so far, longest first, so that no core
waits while another chapter still has work. Each chapter's output is printed whole,
in chapter order, once all its checks are done. The last line is the total,
`N passed, N failed`; the exit status is non-zero if anything failed, including a
chapter that did not build.
"""
import argparse
import concurrent.futures
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check  # noqa: E402

BUILD_TIMEOUT = 600  # seconds for one chapter's build, whatever hangs
SUMMARY = re.compile(r"^(\S+): (\d+) passed, (\d+) failed$", re.MULTILINE)
PLAN = "check-plan: "


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
    """One chapter (or the self test): its whole output, and what it added up to."""

    def __init__(self, name, output, tally, seconds):
        self.name, self.output, self.seconds = name, output, seconds
        self.passed, self.failed = tally.passed, tally.failed
        self.expected_failures = tally.expected_failures


def run_self_test():
    """The harness's own self test, in its own process; its closing line is its count."""
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, os.path.join(HERE, "selftest.py")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=BUILD_TIMEOUT)
        output, status = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired:
        output, status = f"FAILED: the self test did not finish in {BUILD_TIMEOUT} s\n", 1
    tally = check.Tally()
    summaries = SUMMARY.findall(output)
    if summaries:
        tally.passed, tally.failed = int(summaries[-1][1]), int(summaries[-1][2])
    if status != 0 and tally.failed == 0:
        tally.failed = 1
    return Result("common/harness", output, tally, time.monotonic() - started)


def build(chapter, jobs):
    """Build a chapter and everything its checks need; returns (make's output, the
    plan of its checks or None if it did not build, seconds)."""
    started = time.monotonic()
    command = ["make", "--no-print-directory", f"-j{jobs}", "-C", chapter, "check-plan"]
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=BUILD_TIMEOUT,
                              env=without_jobserver(os.environ))
        output, status = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired:
        output, status = f"FAILED: {chapter} did not build within {BUILD_TIMEOUT} s\n", 1
    lines = output.splitlines(keepends=True)
    plans = [line for line in lines if line.startswith(PLAN)]
    shown = "".join(line for line in lines if not line.startswith(PLAN))
    plan = json.loads(plans[-1][len(PLAN):]) if status == 0 and plans else None
    return shown, plan, time.monotonic() - started


class ChapterRun:
    """One chapter in the pool: built, then its checks queued; done when all are."""

    def __init__(self, name):
        self.name = name
        self.started = None
        self.build_output = ""
        self.chapter = None         # check.Chapter, once built
        self.futures = []
        self.ended = None
        self.ready = threading.Event()

    def finish(self, _future=None):
        self.ended = time.monotonic()


VARIANT = re.compile(r"^MACHINE_VARIANT\s*=", re.MULTILINE)


def is_machine_variant(path):
    """True if the check script at path says MACHINE_VARIANT = "...": it boots the
    kernel on another machine (other firmware, a CPU or board without some feature) to
    see how the kernel copes, rather than checking what the chapter's code computes."""
    try:
        with open(path) as f:
            return bool(VARIANT.search(f.read()))
    except OSError:
        return False


def newest_only(runs):
    """{chapter: [its machine-variant scripts that a later chapter of this run also
    has]}: check-all runs each variant for the newest chapter that has it, since the
    chapters are copies of each other and each variant costs a boot of its own (under
    other firmware, several seconds). `make check` in a chapter runs them all."""
    names = [set(os.listdir(os.path.join(run.name, "tests")))
             if os.path.isdir(os.path.join(run.name, "tests")) else set() for run in runs]
    left = {}
    for i, run in enumerate(runs):
        later = set().union(*names[i + 1:]) if i + 1 < len(runs) else set()
        left[run.name] = sorted(name for name in names[i] & later if name.endswith(".py")
                                and is_machine_variant(os.path.join(run.name, "tests", name)))
    return left


def build_and_queue(runs, pool, jobs, timeout):
    """In chapter order: build each chapter, then put its checks into the pool. GRUB's
    messages and the test kernels' boot information are read for the last chapter only:
    every chapter's ISOs come from the same rules, GRUB and grub.cfg (`make check` in a
    chapter reads them for that chapter). Machine variants run for the newest chapter
    that has each (newest_only)."""
    skipped = newest_only(runs)
    for run in runs:
        run.started = time.monotonic()
        output, plan, build_seconds = build(run.name, jobs)
        run.build_output = output
        if plan is not None:
            variants = {f"tests/{name}" for name in skipped[run.name]}
            scripts = [s for s in plan["scripts"] if s not in variants]
            run.chapter = check.Chapter(plan["name"], run.name, plan["kernel"], plan["host"],
                                        plan["fuzz"], plan["fuzz_runs"], scripts,
                                        plan["test_kernels"], timeout,
                                        grub_check=run is runs[-1])
            if skipped[run.name]:
                run.build_output += (f"machine variants run for a later chapter: "
                                     f"{', '.join(skipped[run.name])} (make -C {run.name} "
                                     f"check runs them here too)\n")
            run.chapter.profile.build = build_seconds
            run.chapter.profile.shared = True
            run.futures = [pool.add(c) for c in run.chapter.checks()]
            for future in run.futures:
                future.add_done_callback(run.finish)
        run.ended = time.monotonic()
        run.ready.set()


def collect(run):
    """Wait for a chapter's checks; returns its Result, its output printed whole."""
    run.ready.wait()
    tally = check.Tally()
    parts = [run.build_output]
    if run.chapter is None:
        parts.append(f"FAILED: {run.name} did not build\n")
        tally.failed = 1
    else:
        for future in run.futures:
            text, counted = future.result()
            parts.append(text)
            tally.merge(counted)
        run.chapter.save_times()
        parts += [line + "\n" for line in check.summary_lines(run.chapter.name, tally)]
        run.chapter.profile.wall = (run.ended or time.monotonic()) - run.started
    # What the chapter cost: its build and the time of each of its checks. (Its checks
    # share the pool with other chapters', so its first start to last end says little.)
    profile = run.chapter.profile if run.chapter else None
    seconds = (profile.build or 0) + sum(profile.checks.values()) if profile else \
        (run.ended or time.monotonic()) - run.started
    return Result(run.name, "".join(parts), tally, seconds)


def profile_lines(runs, jobs, wall):
    """The whole run's profile: per chapter, then the pool as a whole."""
    lines = ["", "######## profile"]
    boots = []
    for run in runs:
        if run.chapter:
            lines += run.chapter.profile.report(run.name, jobs)
            boots += run.chapter.profile.boots
    cpus = [cpu for _, _, cpu, _ in boots if cpu is not None]
    if cpus:
        lines.append(f"all chapters: {len(boots)} QEMU boots, {sum(cpus):.1f} s of QEMU CPU "
                     f"(median {statistics.median(cpus):.2f} s per boot) in {wall:.1f} s on "
                     f"{jobs} workers")
    itself, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                            resource.RUSAGE_CHILDREN))
    lines.append(f"CPU: the harness itself (Python) {itself.ru_utime + itself.ru_stime:.1f} s; "
                 f"all its children (make, compilers, QEMU, gdb, host tests) "
                 f"{children.ru_utime + children.ru_stime:.1f} s")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=positive_int, default=check.default_jobs(),
                        help="checks run at once, and make -j for each build")
    parser.add_argument("--profile", action="store_true", help="print where the time went")
    parser.add_argument("chapters", nargs="+")
    args = parser.parse_args()
    try:
        timeout = check.kernel_timeout()
    except check.UsageError as error:
        parser.exit(2, f"check_all.py: {error}\n")

    started = time.monotonic()
    runs = [ChapterRun(chapter) for chapter in args.chapters]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as side:
        self_test = side.submit(run_self_test)
        with check.Pool(args.jobs) as pool:
            builder = threading.Thread(target=build_and_queue,
                                       args=(runs, pool, args.jobs, timeout), daemon=True)
            builder.start()
            harness = self_test.result()
            pool.print("######## harness self test\n" + harness.output)
            results = [harness]
            for run in runs:
                result = collect(run)
                pool.print(f"\n######## {result.name}\n{result.output}")
                results.append(result)
            builder.join()
    wall = time.monotonic() - started

    print("\n######## summary")
    for r in results:
        mark = "ok" if r.failed == 0 else "FAILED"
        expected = f"  ({r.expected_failures} failed as expected)" if r.expected_failures else ""
        print(f"  {r.name:<20} {r.passed:4} passed, {r.failed:3} failed  {r.seconds:5.1f} s"
              f"  {mark}{expected}")
    print(f"  all {len(results) - 1} chapters in {wall:.1f} s (each chapter's time: its build "
          f"and its checks, {args.jobs} at a time)")
    if args.profile:
        print("\n".join(profile_lines(runs, args.jobs, wall)))
    expected = sum(r.expected_failures for r in results)
    if expected:
        print(f"{expected} failed as expected (counted apart: neither passed nor failed)")
    print(f"{sum(r.passed for r in results)} passed, {sum(r.failed for r in results)} failed")
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
