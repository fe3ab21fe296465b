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
    # No broken line, among lines that came: the test started and both series printed.
    started = any(line.startswith("test main_code_and_handler_print_thousands_of_lines ")
                  for line in lines)
    t.expect("no_broken_lines", started and numbers["main"] and numbers["handler"] and
             not broken, f"broken: {broken[:5]}" if broken else "the test's lines never came")
    t.expect("main_lines_all_there_in_order", len(numbers["main"]) >= 4000 and
             numbers["main"] == list(range(len(numbers["main"]))),
             f"{len(numbers['main'])} main lines")
    t.expect("all_2000_handler_lines_in_order", numbers["handler"] == list(range(2000)),
             f"{len(numbers['handler'])} handler lines")
    interleaved = sum(1 for a, b in zip(run.serial.splitlines(), run.serial.splitlines()[1:])
                      if a.startswith("main") and b.startswith("handler"))
    t.expect("handler_lines_came_between_main_lines", interleaved > 1000,
             f"only {interleaved} switches")
