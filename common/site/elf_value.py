#!/usr/bin/env python3
"""Prints one number from a built kernel, for a post's output values and a diagram's
{{$ ...}} (outputs.py, diagrams.py), so that neither ever types an address:
    elf_value.py 02-minimal-kernel/build/kernel.elf boot_stack_top           0x107000
    elf_value.py ELF "boot_stack_top - 24"                                   0x106fe8
    elf_value.py ELF 'end(".rodata")'                                        0x1010c5
    elf_value.py ELF 'size("_start")' '{}'                                   3
The expression may use every symbol (as a name), entry (the entry point), phoff (where
the program headers start in the file), filesize, start(".section"), end(".section")
(one past its last byte), offset(".section") (in the file), size("symbol") and
size(".section"); the optional second argument is a Python format, "{:#x}" by default.
Usage: elf_value.py ELF EXPRESSION [FORMAT]"""
import os
import re
import subprocess
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    elf, expression = sys.argv[1], sys.argv[2]
    style = sys.argv[3] if len(sys.argv) == 4 else "{:#x}"
    symbols, sizes, sections = {}, {}, {}
    for line in subprocess.run(["nm", "-S", elf], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 4:
            symbols[fields[3]] = int(fields[0], 16)
            sizes[fields[3]] = int(fields[1], 16)
        elif len(fields) == 3:
            symbols[fields[2]] = int(fields[0], 16)
    headers = subprocess.run(["readelf", "-SW", elf], capture_output=True, text=True,
                             check=True).stdout
    for match in re.finditer(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)",
                             headers):
        sections[match.group(1)] = (int(match.group(2), 16), int(match.group(4), 16),
                                    int(match.group(3), 16))
    header = subprocess.run(["readelf", "-h", elf], capture_output=True, text=True,
                            check=True).stdout
    entry = int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", header).group(1), 16)
    phoff = int(re.search(r"Start of program headers:\s+(\d+)", header).group(1))

    def section(name):
        if name not in sections:
            sys.exit(f"elf_value: {elf} has no section {name}")
        return sections[name]

    def size(name):
        if name.startswith("."):
            return section(name)[1]
        if name not in sizes:
            sys.exit(f"elf_value: {elf} has no symbol {name} with a size")
        return sizes[name]

    names = {name: value for name, value in symbols.items()
             if re.fullmatch(r"[A-Za-z_]\w*", name)}
    names.update(entry=entry, phoff=phoff, filesize=os.path.getsize(elf),
                 start=lambda n: section(n)[0], end=lambda n: section(n)[0] + section(n)[1],
                 offset=lambda n: section(n)[2], size=size)
    try:
        value = eval(expression, {"__builtins__": {}}, names)
    except NameError as error:
        sys.exit(f"elf_value: {elf}: {error}")
    print(style.format(value))


if __name__ == "__main__":
    main()
