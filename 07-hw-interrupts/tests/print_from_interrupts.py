"""Every line of print_from_interrupts.c must be there, whole, each series in order."""
import re

LINE = re.compile(r"^(main|handler) (\d+)$")


def check(t, run):
    numbers = {"main": [], "handler": []}
    broken = []
    lines = run.serial.splitlines()
    if not run.serial.endswith("\n"):
        lines = lines[:-1]  # cut short by the end of the run (a hang, say), not broken
    for line in lines:
        if line.startswith(("test ", "running ", "    ")) or not line.strip():
            continue
        match = LINE.match(line)
        if match:
            numbers[match.group(1)].append(int(match.group(2)))
        else:
            broken.append(line)
    t.expect_equal("no_broken_lines", broken[:5], [])
    t.expect("main_lines_all_there_in_order", len(numbers["main"]) >= 4000 and
             numbers["main"] == list(range(len(numbers["main"]))),
             f"{len(numbers['main'])} main lines")
    t.expect("all_2000_handler_lines_in_order", numbers["handler"] == list(range(2000)),
             f"{len(numbers['handler'])} handler lines")
    interleaved = sum(1 for a, b in zip(run.serial.splitlines(), run.serial.splitlines()[1:])
                      if a.startswith("main") and b.startswith("handler"))
    t.expect("handler_lines_came_between_main_lines", interleaved > 1000,
             f"only {interleaved} switches")
