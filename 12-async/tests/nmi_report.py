"""Injects an NMI once the kernel waits for it, then reads the report."""


def drive(machine):
    machine.wait_for_serial(r"waiting for an NMI\r?\n")   # the whole line: then hlt
    machine.qmp("inject-nmi")


def check(t, run):
    serial = run.serial.replace("\r\n", "\n")
    header = "EXCEPTION: non-maskable interrupt (NMI), vector 2\n"
    t.expect("nmi_reported", header in serial, serial)
    t.expect("nmi_report_has_no_error_code",    # an NMI pushes none
             header in serial and "error code" not in serial.split(header)[1], serial)
