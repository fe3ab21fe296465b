"""Chapter 01 check: the binary is freestanding, GRUB accepts it, and the CPU runs it.

The program prints nothing, so everything is observed from outside: the ELF with
binutils and grub-file, the running CPU through QEMU's register dump.
"""
import re
import subprocess

STAY_SECONDS = 0.2  # how long the CPU must then stay in the loop


def run(*command):
    return subprocess.run(command, capture_output=True, text=True).stdout


def symbol_range(elf, name):
    """[start, end) of a symbol, from `nm -S` (address, size, type, name)."""
    for line in run("nm", "-S", elf).splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[3] == name:
            start = int(fields[0], 16)
            return start, start + int(fields[1], 16)
    raise AssertionError(f"{elf} has no symbol {name} with a size")


def check(t):
    elf = t.kernel_elf
    undefined = run("nm", "-u", elf).split()
    t.expect("no_undefined_symbols", not undefined, f"undefined: {undefined}")

    sections = re.findall(r"\]\s+(\S+)", run("readelf", "-SW", elf))
    t.expect("no_dynamic_linking", not {".interp", ".dynamic", ".plt", ".got.plt"} & set(sections),
             f"sections: {sections}")
    symbols = run("nm", elf)
    t.expect("no_libc_startup_code", not re.search(r"\b(__libc_start_main|_init|main)\b", symbols),
             symbols)

    entry = int(re.search(r"Entry point address:\s+(0x[0-9a-f]+)", run("readelf", "-h", elf)).group(1), 16)
    start, end = symbol_range(elf, "_start")
    t.expect_equal("entry_point_is_start", hex(entry), hex(start))

    # GRUB gives us no stack: _start must not push, pop, call, return, raise an
    # interrupt or touch esp/ebp, in any of their forms (pushfd, retf, int3...).
    code = run("objdump", "-d", "-M", "intel", "--no-show-raw-insn", "--disassemble=_start",
               elf)
    stack_instruction = r"(?:push|pop|l?call|i?ret|enter|leave|int)\w*\b.*|.*\b[er]?[sb]p\b.*"
    stack_use = re.findall(rf"^\s+[0-9a-f]+:\s+({stack_instruction})$", code, re.MULTILINE)
    t.expect("start_uses_no_stack", not stack_use, f"_start uses the stack: {stack_use}")

    recognised = subprocess.run(["grub-file", "--is-x86-multiboot2", elf]).returncode == 0
    t.expect("grub_recognises_multiboot2", recognised, "grub-file --is-x86-multiboot2 said no")

    def halted_in_start(regs):
        return regs.get("HLT") == 1 and start <= regs.get("EIP", 0) < end

    with t.boot() as machine:
        machine.wait_until(machine.registers, halted_in_start,
                           f"the CPU to halt inside _start [{start:#x}, {end:#x})")
        t.expect("cpu_reaches_start", True)
        try:
            left = machine.wait_until(machine.registers, lambda regs: not halted_in_start(regs),
                                      "the CPU to leave _start", timeout=STAY_SECONDS)
            t.expect("cpu_stays_in_loop", False,
                     f"the CPU left: EIP={left.get('EIP', 0):#x} HLT={left.get('HLT')}")
        except TimeoutError:
            t.expect("cpu_stays_in_loop", True)
