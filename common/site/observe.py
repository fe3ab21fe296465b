#!/usr/bin/env python3
"""For output markers (outputs.py): boots a chapter's kernel, or one of its test
kernels, waits until it has finished (the CPU halted inside the kernel's code, as
screenshot.py waits), and prints what a reader would see from outside:
  --screen           the VGA text screen, 25 rows (trailing blanks removed)
  COMMAND ...        QEMU monitor commands, each printed as "(qemu) COMMAND" and its
                     answer, as the monitor shows them
A monitor command may name the kernel's symbols in braces, with arithmetic: {p4_table},
{p1_table + 8 * (boot_stack_guard >> 12 & 511)}; the command is shown with the number
in place, in hex. A chapter with tests/screenshot_input.py is typed into first, as for
its screenshot, unless --no-input.
Usage: observe.py CHAPTER [--test NAME] [--screen] [--no-input] [COMMAND ...]"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))
from qemu import Machine  # noqa: E402

BOOT_TIMEOUT = 20


def symbols(elf):
    table = {}
    for line in subprocess.run(["nm", elf], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3:
            table[fields[2]] = int(fields[0], 16)
    return table


def with_addresses(command, table):
    def value(match):
        names = {k: v for k, v in table.items() if re.fullmatch(r"[A-Za-z_]\w*", k)}
        try:
            return hex(eval(match.group(1), {"__builtins__": {}}, names))
        except Exception as error:  # a name that is not a symbol, say
            sys.exit(f"observe: cannot work out {{{match.group(1)}}}: {error}")
    return re.sub(r"\{([^}]+)\}", value, command)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapter")
    parser.add_argument("--test", help="a test kernel, tests/NAME.c")
    parser.add_argument("--screen", action="store_true")
    parser.add_argument("--no-input", action="store_true")
    parser.add_argument("commands", nargs="*")
    args = parser.parse_intermixed_args()
    kernel = f"build/tests/{args.test}" if args.test else "build/kernel"
    subprocess.run(["make", "-s", "-C", args.chapter, kernel + ".iso"], check=True,
                   stdout=subprocess.DEVNULL)
    elf = os.path.join(args.chapter, kernel + ".elf")
    table = symbols(elf)
    code = [address for name, address in table.items()]
    low, high = min(code), max(code)

    def finished(regs):
        pc = regs.get("RIP", regs.get("EIP", 0))
        return regs.get("HLT") == 1 and low <= pc <= high + 64

    with Machine(os.path.join(args.chapter, kernel + ".iso"), timeout=BOOT_TIMEOUT,
                 exit_device=False) as machine:
        driver = os.path.join(args.chapter, "tests", "screenshot_input.py")
        if not args.test and not args.no_input and os.path.exists(driver):
            spec = importlib.util.spec_from_file_location("screenshot_input", driver)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.drive(machine)
        machine.wait_until(machine.registers, finished, "the kernel to halt")
        if args.screen:
            print("\n".join(machine.screen().lines).rstrip("\n"))
        for command in args.commands:
            command = with_addresses(command, table)
            print(f"(qemu) {command}")
            answer = machine.monitor(command).replace("\r\n", "\n").strip("\n")
            if answer:
                print(answer)


if __name__ == "__main__":
    main()
