"""The failed test's report names the exception; the next test passes."""


def check(t, run):
    t.expect("failure_names_the_exception",
             "EXCEPTION: invalid opcode (#UD), vector 6" in run.serial, run.serial)
    t.expect("failure_has_a_backtrace", "test_body_unexpected_invalid_opcode+" in run.serial,
             run.serial)
    t.expect("next_test_passed", "test next_test_still_runs ... [ok]" in run.serial,
             run.serial)
