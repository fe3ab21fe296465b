"""Outside check: the kernel's page tables, read from guest physical memory through QMP
(pmemsave, not through any of the kernel's code), from the CR3 that `info registers`
shows. They must obey W^X (no page both writable and executable) and leave page 0
unmapped; each segment of the kernel must have its rights (linker.ld's symbols, from
kernel.elf); the upper half must hold the offset map (all RAM the kernel's memory map
shows, at PHYS_OFFSET + its address, not executable), the heap (from HEAP_START, 4 KiB
pages RW NX on frames of their own, as many as the kernel says the heap has) and the
scratch page on the VGA buffer, and nothing else; and what the kernel printed of them
at boot (its dump and its walk of kernel_main) must be what the tables hold."""
import re
import struct
import subprocess

PRESENT, WRITABLE, USER, ACCESSED, DIRTY, HUGE = 1 << 0, 1 << 1, 1 << 2, 1 << 5, 1 << 6, 1 << 7
NO_EXECUTE = 1 << 63
ADDRESS = 0x000FFFFFFFFFF000
SPAN = {4: 1 << 39, 3: 1 << 30, 2: 1 << 21, 1: 1 << 12}   # what one entry covers
PAGE = SPAN[1]
IDENTITY_MAP_END = 1 << 30
SMALL_PAGES_END = 2 << 20
PHYS_OFFSET = 0xFFFF800000000000      # kernel/memory/layout.h
HEAP_START = 0xFFFFC00000000000
SCRATCH_START = 0xFFFFE00000000000
VGA_TEXT_FRAME = 0xB8000
OFFSET_MAP_LINE = re.compile(r"^offset map: physical 0-(0x[0-9a-f]+) at (0x[0-9a-f]+), "
                             r"(2 MiB|1 GiB) pages$", re.MULTILINE)
HEAP_LINE = re.compile(r"^heap: (\d+) KiB at (0x[0-9a-f]+), ", re.MULTILINE)
MAP_ENTRY = re.compile(r"^  (0x[0-9a-f]+)-(0x[0-9a-f]+) +\S+ \S+ +usable$", re.MULTILINE)

# The kernel's dump (kernel/memory/page_table_dump.c), one entry or a run per line.
DUMP_LINE = re.compile(
    r"^(?P<indent> *)p(?P<level>[1-4])\[(?P<first>\d+)(?:\.\.(?P<last>\d+))?\] +"
    r"(?:table p(?P<below>[1-3]) at (?P<table>0x[0-9a-f]+) +(?P<table_rights>\S+ \S+)"
    r"|(?P<size>4 KiB|2 MiB|1 GiB) pages? (?P<page>0x[0-9a-f]+)(?:\.\.)? +"
    r"(?P<rights>RW|R) (?P<x>X|NX)(?P<user> user)? +(?P<region>.*)"
    r"|not present: (?P<absent>.*))$")
WALK_HEADING = re.compile(r"^kernel_main (0x[0-9a-f]+) = p4\[(\d+)\] p3\[(\d+)\] p2\[(\d+)\] "
                          r"p1\[(\d+)\] \+ (0x[0-9a-f]+), walked by hand:$")
WALK_STEP = re.compile(r"^  p([1-4])\[(\d+)\] +0x([0-9a-f]{16}) .*?(?: -> (0x[0-9a-f]+))?$")


def canonical(address):
    return address | ~((1 << 48) - 1) & ((1 << 64) - 1) if address & (1 << 47) else address


def rights(entry):
    """An entry's own rights as the kernel writes them: "RW NX", "R X", ..."""
    return ("RW" if entry & WRITABLE else "R") + (" NX" if entry & NO_EXECUTE else " X") + \
        (" user" if entry & USER else "")


class Tables:
    """The tables under CR3, read once each from guest memory."""

    def __init__(self, machine, cr3):
        self.machine = machine
        self.root = cr3 & ADDRESS
        self.cache = {}

    def __getitem__(self, physical):
        if physical not in self.cache:
            self.cache[physical] = struct.unpack("<512Q",
                                                 self.machine.read_physical(physical, 4096))
        return self.cache[physical]

    def leaves(self):
        """Yield (virtual, size, present, writable, executable, physical) for every leaf
        entry that is not empty, with the rights of the whole walk: writable only if every
        level allows it, executable only if none forbids it (Intel SDM vol. 3A, 4.6)."""
        def walk(physical, level, base, writable, executable):
            for index, entry in enumerate(self[physical]):
                if entry == 0:
                    continue
                virtual = base | index * SPAN[level]
                if not entry & PRESENT:
                    yield canonical(virtual), SPAN[level], False, False, False, None
                    continue
                w = writable and bool(entry & WRITABLE)
                x = executable and not entry & NO_EXECUTE
                if level == 1 or (level in (2, 3) and entry & HUGE):
                    yield (canonical(virtual), SPAN[level], True, w, x,
                           entry & ADDRESS & ~(SPAN[level] - 1))
                else:
                    yield from walk(entry & ADDRESS, level - 1, virtual, w, x)
        yield from walk(self.root, 4, 0, True, True)


def symbols(elf):
    table = {}
    for line in subprocess.run(["nm", elf], capture_output=True, text=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3:
            table[fields[2]] = int(fields[0], 16)
    return table


def expected_rights(page, sym):
    """(present, writable, executable) that protection.c must give the page at `page`."""
    guards = [sym["boot_stack_guard"], sym["double_fault_stack"], sym["nmi_stack"]]
    if page == 0 or page in guards:
        return False, False, False
    if sym["kernel_text_start"] <= page < sym["kernel_text_end"]:
        return True, False, True
    if sym["kernel_rodata_start"] <= page < sym["kernel_rodata_end"]:
        return True, False, False
    return True, True, False


def dump_lines(serial):
    """The kernel's dump: the lines after the greeting, up to the walk's heading."""
    lines = serial.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("The page tables, from"))
    end = next(i for i, line in enumerate(lines) if line.startswith("kernel_main "))
    return lines[start + 1:end], lines[end:end + 5]


class DumpTable:
    """One table as the kernel's dump shows it: the line that claims each index, and the
    tables under its table entries."""

    def __init__(self, level):
        self.level = level
        self.claims = {}        # index -> (the line's match, position in its run)
        self.below = {}         # index -> DumpTable


def parse_dump(lines):
    """The kernel's dump as a tree of DumpTables (the level of each line says which table
    it belongs to), and the lines that are not dump lines or claim an entry another line
    claims too."""
    root, bad = DumpTable(4), []
    stack = [root]
    for line in lines:
        match = DUMP_LINE.match(line)
        level = int(match["level"]) if match else None
        while match and stack and stack[-1].level != level:
            stack.pop()
        if not match or not stack:
            bad.append(line)
            stack = stack or [root]
            continue
        first = int(match["first"])
        for index in range(first, int(match["last"] or first) + 1):
            if index in stack[-1].claims or index >= 512:
                bad.append(f"{line}  (p{level}[{index}] is not one line's alone)")
            stack[-1].claims[index] = (match, index - first)
        if match["table"]:
            stack[-1].below[first] = DumpTable(level - 1)
            stack.append(stack[-1].below[first])
    return root, bad


def compare_dump(tables, dump, physical, problems):
    """The dump's view of the table at `physical` against the table as read from
    outside, entry by entry, and so on down; differences are added to problems."""
    level = dump.level
    for index, entry in enumerate(tables[physical]):
        claim = dump.claims.get(index)
        where = f"p{level}[{index}] of the table at {physical:#x}"
        if entry == 0:
            if claim:
                problems.append(f"{where} is empty, but the dump shows {claim[0][0]!r}")
            continue
        if not claim:
            problems.append(f"{where} = {entry:#018x} is missing from the dump")
            continue
        match, offset = claim
        if not entry & PRESENT:
            wanted = match["absent"] is not None
        elif level > 1 and not (level in (2, 3) and entry & HUGE):
            wanted = match["table"] is not None and \
                int(match["table"], 16) == entry & ADDRESS and \
                match["table_rights"] == rights(entry)
            if wanted:
                compare_dump(tables, dump.below[index], entry & ADDRESS, problems)
        else:
            size = SPAN[level]
            wanted = match["page"] is not None and \
                int(match["page"], 16) + offset * size == entry & ADDRESS & ~(size - 1) and \
                f"{match['rights']} {match['x']}{match['user'] or ''}" == rights(entry)
        if not wanted:
            problems.append(f"{where} = {entry:#018x}, but the dump says {match[0]!r}")


def check(t):
    with t.boot() as machine:
        machine.wait_for_screen("Type something")
        cr3 = machine.registers()["CR3"]
        tables = Tables(machine, cr3)
        mappings = list(tables.leaves())     # reads every table while the machine runs
        serial = machine.serial_text()
    sym = symbols(t.kernel_elf)
    present = [(v, size, w, x) for v, size, p, w, x, _ in mappings if p]

    both = [(hex(v), size) for v, size, w, x in present if w and x]
    t.expect("no_page_is_writable_and_executable", not both,
             f"{len(both)} writable and executable: {both[:8]}")
    t.expect("page_0_is_not_mapped", all(not v <= 0 < v + size for v, size, *_ in present),
             "a leaf entry maps virtual address 0")
    t.expect("the_kernel_code_is_executable", any(x for *_, x in present),
             "nothing is executable: the walk read the wrong tables")

    # Each 4 KiB page of the first 2 MiB, and each 2 MiB page above, as protection.c says.
    pages = {v: (p, w, x) for v, size, p, w, x, _ in mappings if v < IDENTITY_MAP_END}
    wrong = [f"{page:#x}: {pages.get(page)}, wanted {expected_rights(page, sym)}"
             for page in range(0, SMALL_PAGES_END, PAGE)
             if pages.get(page) != expected_rights(page, sym)]
    wrong += [f"{page:#x}: {pages.get(page)}, wanted (True, True, False)"
              for page in range(SMALL_PAGES_END, IDENTITY_MAP_END, SPAN[2])
              if pages.get(page) != (True, True, False)]
    t.expect("every_page_has_the_rights_of_its_segment", not wrong,
             f"{len(wrong)} pages wrong: {wrong[:8]}")
    t.expect("nothing_is_mapped_in_the_lower_half_past_the_identity_map",
             all(v + size <= IDENTITY_MAP_END or v >= PHYS_OFFSET for v, size, *_ in present),
             [hex(v) for v, size, *_ in present if IDENTITY_MAP_END < v + size and v < PHYS_OFFSET][:8])

    # The upper half: the offset map and the scratch page, nothing else.
    text = serial.replace("\r\n", "\n")
    printed = OFFSET_MAP_LINE.search(text)
    end = int(printed[1], 16) if printed else 0
    upper = [(v, size, p, w, x, phys) for v, size, p, w, x, phys in mappings
             if p and v >= PHYS_OFFSET]
    offset_map = sorted((v - PHYS_OFFSET, size) for v, size, p, w, x, phys in upper
                        if v < HEAP_START and phys == v - PHYS_OFFSET and w and not x)
    heap_line = HEAP_LINE.search(text)
    heap_end = HEAP_START + (int(heap_line[1]) * 1024 if heap_line else 0)
    heap = [(v, phys) for v, size, p, w, x, phys in upper
            if HEAP_START <= v < heap_end and size == PAGE and w and not x]
    others = [f"{v:#x} -> {phys:#x} ({size:#x}, w={w}, x={x})"
              for v, size, p, w, x, phys in upper
              if not (v < HEAP_START and phys == v - PHYS_OFFSET and w and not x) and
              (v, phys) not in heap and
              not (v == SCRATCH_START and phys == VGA_TEXT_FRAME and size == PAGE and not x)]
    t.expect("upper_half_holds_the_offset_map_the_heap_and_the_scratch_page_only",
             not others, "\n".join(others[:8]))
    t.expect("the_heap_is_mapped_page_by_page_up_to_its_size_each_on_a_frame_of_its_own",
             heap_line and int(heap_line[2], 16) == HEAP_START and
             sorted(v for v, _ in heap) == list(range(HEAP_START, heap_end, PAGE)) and
             len({phys for _, phys in heap}) == len(heap),
             f"printed: {heap_line and heap_line[0]}; {len(heap)} heap pages mapped")
    covered, holes = 0, []
    for start, size in offset_map:
        if start != covered:
            holes.append(f"{covered:#x}-{start:#x}")
        covered = max(covered, start + size)
    t.expect("offset_map_maps_all_physical_memory_once_rw_nx",
             printed and covered == end and not holes and len(set(offset_map)) == len(offset_map),
             f"printed end {end:#x}, mapped up to {covered:#x}, holes {holes[:4]}")
    ram_end = max((int(m[2], 16) for m in MAP_ENTRY.finditer(text)), default=None)
    t.expect("offset_map_reaches_the_end_of_usable_memory",
             ram_end is not None and end >= ram_end,
             f"usable memory ends at {ram_end}, the offset map at {end:#x}")

    # What the kernel printed at boot is what the tables hold.
    dump, walk = dump_lines(serial)
    tree, problems = parse_dump(dump)
    problems = [f"not a line of the dump: {line!r}" for line in problems]
    compare_dump(tables, tree, cr3 & ADDRESS, problems)
    t.expect("the_kernels_dump_agrees_with_the_tables", dump and not problems,
             "\n".join(problems[:10]) or "no dump on the serial port")
    regions = {}
    for line in dump:
        match = DUMP_LINE.match(line)
        if match and match["page"] and match["level"] == "1":
            first, last = int(match["first"]), int(match["last"] or match["first"])
            regions[match["region"]] = (first * PAGE, (last + 1) * PAGE)
    t.expect_equal("the_dump_names_the_kernels_segments",
                   [regions.get(name) for name in
                    ("kernel code", "kernel read-only data", "kernel data and .bss")],
                   [(sym[f"kernel_{name}_start"], sym[f"kernel_{name}_end"])
                    for name in ("text", "rodata", "data")])

    heading = WALK_HEADING.match(walk[0]) if walk else None
    address = sym["kernel_main"]
    t.expect("the_walk_is_of_kernel_main", heading and int(heading[1], 16) == address and
             [int(i) for i in heading.groups()[1:5]] ==
             [(address >> (12 + 9 * level)) & 511 for level in (3, 2, 1, 0)] and
             int(heading[6], 16) == address & 0xFFF, walk[:1])
    steps = [WALK_STEP.match(line) for line in walk[1:]]
    table, differences = cr3 & ADDRESS, []
    for level, step in zip((4, 3, 2, 1), steps):
        index = (address >> (12 + 9 * (level - 1))) & 511
        entry = tables[table][index]
        ignored = ACCESSED | DIRTY   # the CPU may set them after the kernel printed
        if not step or int(step[1]) != level or int(step[2]) != index or \
                int(step[3], 16) & ~ignored != entry & ~ignored:
            differences.append(f"p{level}[{index}] = {entry:#018x}, the kernel printed "
                               f"{step[0] if step else None!r}")
        table = entry & ADDRESS
    last = steps[3] if len(steps) == 4 else None
    t.expect("the_kernels_walk_agrees_with_the_tables", len(steps) == 4 and not differences
             and last and last[4] and int(last[4], 16) == address,
             "\n".join(differences) or walk)
