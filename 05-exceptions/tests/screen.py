"""Outside check: boot the kernel and read its screen. kernel_main says hello, executes
int3, and the breakpoint handler must print the trap frame with RIP just past the int3
(found in the kernel's disassembly), then kernel_main must go on and print its last
line, in light green.
The serial port must have the same lines as the screen."""
import re
import subprocess

YELLOW_ON_BLACK = 0x0E
LIGHT_GREEN_ON_BLACK = 0x0A
LAST_LINE = "Back in kernel_main after the breakpoint: execution went on."


def address_after_int3(elf):
    """The address of the instruction after kernel_main's int3."""
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", elf], capture_output=True,
                             text=True).stdout
    body = listing.split("<kernel_main>:", 1)[1].split("\n\n", 1)[0]
    return int(re.search(r"^\s*([0-9a-f]+):\s+int3", body, re.MULTILINE).group(1), 16) + 1


def check(t):
    with t.boot() as machine:
        machine.wait_until(machine.registers, lambda regs: regs.get("HLT") == 1 and
                           LAST_LINE in machine.screen(), "the demo to finish and halt")
        screen = machine.screen()
        try:    # the serial port's last bytes may still be on their way to us
            machine.wait_for_serial(re.escape(screen.lines[-1] or screen.lines[-2]), timeout=2)
        except TimeoutError:
            pass
        serial = machine.serial_text().replace("\r\n", "\n").splitlines()
    lines = screen.lines
    t.expect_equal("hello_first", lines[0],
                   "Hello from chapter 05: the IDT is loaded, every vector has a handler.")
    header = next((row for row, line in enumerate(lines) if line.startswith("breakpoint (#BP")),
                  None)
    t.expect("breakpoint_reported", header is not None, screen.text())
    if header is None:
        return
    t.expect_equal("breakpoint_header_yellow", screen.cell(header, 0)[1], YELLOW_ON_BLACK)
    rip = re.match(r"RIP 0x([0-9a-f]{16})  kernel_main\+0x[0-9a-f]+$", lines[header + 1])
    t.expect("rip_names_kernel_main", rip, lines[header + 1])
    t.expect_equal("rip_is_just_past_the_int3", rip and int(rip.group(1), 16),
                   address_after_int3(t.kernel_elf))
    t.expect("all_registers_shown",
             all(re.search(rf"\b{name} +0x[0-9a-f]{{16}}", screen.text()) for name in
                 "RAX RBX RCX RDX RSI RDI RBP R8 R9 R10 R11 R12 R13 R14 R15 RFLAGS RSP".split()),
             screen.text())
    last = lines.index(LAST_LINE) if LAST_LINE in lines else None
    t.expect("execution_went_on_after_the_breakpoint", last and last > header, screen.text())
    t.expect_equal("last_line_light_green", last and screen.cell(last, 0)[1],
                   LIGHT_GREEN_ON_BLACK)
    # The serial port has the same lines (kernel/console/print.c sends the text to both).
    missing = [line for line in lines if line.strip() and line not in serial]
    t.expect("screen_text_on_serial_too", not missing, f"not on the serial port: {missing[:5]}")
