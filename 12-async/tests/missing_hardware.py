"""Outside check: boot the kernel on machines that lack a device it uses. It must say
so, on the serial port (and the screen), before its greeting, and go on: no timer
(pit=off), no PS/2 controller (i8042=off, on the pc and the q35 machine), no 8259 PIC
(pic=off, which takes the timer's interrupt away too)."""
import re

GREETING = "Hello from chapter 12"
NO_TIMER = "the timer is not ticking: "
NO_PS2 = "no PS/2 controller: "
NO_PIC = "no 8259 PIC: "
MESSAGES = (NO_TIMER, NO_PS2, NO_PIC)

MACHINES = [
    ("pc,pit=off", "no_timer", [NO_TIMER]),
    ("pc,i8042=off", "no_ps2_controller_on_pc", [NO_PS2]),
    ("q35,i8042=off", "no_ps2_controller_on_q35", [NO_PS2]),
    ("pc,pic=off", "no_pic", [NO_PIC, NO_TIMER]),
]

# A machine variant: check-all runs it for the newest chapter that has it
# (common/harness/check_all.py); `make check` runs it in every chapter.
MACHINE_VARIANT = "machines without a PIT, a PS/2 controller or a PIC"


def check(t):
    for machine_option, name, wanted in MACHINES:
        with t.boot(extra_args=["-machine", machine_option]) as machine:
            try:
                machine.wait_for_serial(re.escape(GREETING))
            except TimeoutError:
                pass
            serial = machine.serial_text().replace("\r\n", "\n")
        before, greeted, _ = serial.partition(GREETING)
        said = [line for line in before.splitlines() if line.startswith(MESSAGES)]
        t.expect(f"{name}_said_before_the_greeting",
                 greeted and [m for m in MESSAGES if any(s.startswith(m) for s in said)]
                 == [m for m in MESSAGES if m in wanted], serial)
