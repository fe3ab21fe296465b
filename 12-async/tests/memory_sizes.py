"""Outside check: the unit test kernel (the whole in-kernel suite) on machines with less
and more memory than the usual 128 MiB: 32 MiB, 4 GiB (1 GiB of it above 4 GiB), and
4 GiB on a CPU with 1 GiB pages (pdpe1gb), where the offset map uses them. Every test
must pass at each size, and what the kernel printed must fit the size: the usable
memory a little under it, the offset map up to the end of RAM with the page size the
CPU has, and every frame handed out once (at 4 GiB, frames above 4 GiB among them)."""
import importlib
import os
import re
import sys

from qemu import Machine

MIB = 1 << 20
GIB = 1 << 30
SIZES = [   # (QEMU's -m, its bytes, other QEMU options, the offset map's page size, name)
    ("32M", 32 * MIB, [], "2 MiB", "32_mib"),
    ("4G", 4 * GIB, [], "2 MiB", "4_gib"),
    ("4G", 4 * GIB, ["-cpu", "qemu64,+pdpe1gb"], "1 GiB", "4_gib_with_1_gib_pages"),
]
UNIT = {"KiB": 1 << 10, "MiB": MIB, "GiB": GIB}
USABLE = re.compile(r"^usable: (\d+) (KiB|MiB|GiB) in (\d+) ranges?; frames: (\d+) free, "
                    r"(\d+) used$", re.MULTILINE)
OFFSET_MAP = re.compile(r"^offset map: physical 0-(0x[0-9a-f]+) at 0x[0-9a-f]+, "
                        r"(2 MiB|1 GiB) pages$", re.MULTILINE)
TAKEN = re.compile(r"frames: (\d+) taken and given back, the highest at (0x[0-9a-f]+)$",
                   re.MULTILINE)
MAP_LINE = re.compile(r"^  (0x[0-9a-f]+)-(0x[0-9a-f]+) +\S+ \S+ +(\S.*)$", re.MULTILINE)
# What is never usable: the first MiB, QEMU's 128 KiB under the top of low memory, the
# kernel and the frame allocator's storage (0.1% of memory); a few MiB in all.
RESERVED_MAX = lambda size: 4 * MIB + size // 256

# A machine variant: check-all runs it for the newest chapter that has it
# (common/harness/check_all.py); `make check` runs it in every chapter.
MACHINE_VARIANT = "machines with 32 MiB and 4 GiB of memory, and a CPU with 1 GiB pages"


def harness():
    """The harness's own module (check.py), for its verdict on a test kernel's run."""
    main = sys.modules.get("__main__")
    return sys.modules.get("check") or (main if hasattr(main, "kernel_verdict") else None) \
        or importlib.import_module("check")


def check(t):
    h = harness()
    unit = os.path.join(os.path.dirname(t.kernel_iso), "tests", "unit.iso")
    for memory, size, qemu, page_size, name in SIZES:
        print(f"== the unit test kernel with {memory} of memory {' '.join(qemu)}".rstrip(),
              flush=True)
        counter = h.OutputCounter(echo=False)
        machine = Machine(unit, timeout=t.timeout, memory=memory, extra_args=qemu,
                          kernel_entry=h.kernel_entry_of(unit))
        try:
            with machine:
                for line in machine.serial_lines():
                    counter.feed(line)
                counter.end()
                machine.wait_exit()
                ending, serial = machine.ending(), machine.serial_text()
        finally:
            if t.profile:
                t.profile.boot(f"memory_sizes {name}", machine)
        text = serial.replace("\r\n", "\n")
        ok, reason = h.kernel_verdict("pass", ending, counter, None, (), serial)
        failed = [line for line in text.splitlines() if line.endswith("[failed]")]
        t.expect(f"unit_tests_pass_with_{name}", ok,
                 f"{reason}; {counter.passed} passed, {counter.failed} failed: {failed[:5]}")
        shown = [line for line in text.splitlines()
                 if MAP_LINE.match(line) or USABLE.match(line) or OFFSET_MAP.match(line)
                 or line.startswith("memory map (")]
        for line in shown + [m[0] for m in TAKEN.finditer(text)][:1]:
            print("  " + line.split(" ... ")[-1], flush=True)

        usable = USABLE.search(text)
        frames = int(usable[4]) + int(usable[5]) if usable else 0
        t.expect(f"usable_memory_fits_{name}",
                 usable and size - RESERVED_MAX(size) <= frames * 4096 <= size - MIB,
                 f"{frames} frames ({frames * 4096 // MIB} MiB) of {memory}: "
                 f"{usable[0] if usable else 'no totals printed'}")
        ram_end = max((int(end, 16) for _, end, kind in MAP_LINE.findall(text)
                       if kind == "usable"), default=0)
        offset = OFFSET_MAP.search(text)
        t.expect(f"offset_map_reaches_the_end_of_ram_with_{name}",
                 offset and ram_end <= int(offset[1], 16) < ram_end + GIB and
                 offset[2] == page_size,
                 f"RAM ends at {ram_end:#x}; {offset[0] if offset else 'no offset map line'}, "
                 f"wanted {page_size} pages")
        taken = TAKEN.search(text)
        highest = int(taken[2], 16) if taken else 0
        t.expect(f"every_frame_handed_out_up_to_the_last_with_{name}",
                 taken and int(taken[1]) <= frames and highest == ram_end - 4096 and
                 (size <= 3 * GIB or highest >= 4 * GIB),
                 f"{taken[0] if taken else 'nothing printed'}; RAM ends at {ram_end:#x}")
