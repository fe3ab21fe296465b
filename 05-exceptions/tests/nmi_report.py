"""Injects an NMI once the kernel waits for it, then reads the report."""


def drive(machine):
    machine.wait_for_serial(r"waiting for an NMI\r?\n")   # the whole line: then hlt
    machine.qmp("inject-nmi")


def check(t, run):
    t.expect("nmi_reported", "EXCEPTION: non-maskable interrupt (NMI), vector 2" in run.serial,
             run.serial)
