"""The fault inside the panic must be reported as a nested panic, in one line."""


def check(t, run):
    lines = [line for line in run.serial.splitlines() if "PANIC while panicking" in line]
    t.expect_equal("nested_panic_reported_once", len(lines), 1)
    t.expect("nested_panic_names_the_fault", lines and "general protection" in lines[0],
             run.serial)
