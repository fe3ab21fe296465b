"""The report of an exception names the lock held when it happened, and only it."""


def check(t, run):
    report = run.serial.replace("\r\n", "\n")
    _, started, after = report.partition("taking the table lock, then ud2\n")
    t.expect("report_names_the_lock_held",
             started and "EXCEPTION: invalid opcode (#UD), vector 6" in after and
             "\n1 lock held: table\n" in after, report)
