"""The runner says which locks a test left held, right after that test's result."""


def check(t, run):
    lines = run.serial.replace("\r\n", "\n").splitlines()
    result = "test panics_holding_a_lock ... [ok]"
    after = lines[lines.index(result) + 1] if result in lines else ""
    t.expect_equal("runner_names_the_lock_a_test_left_held", after.strip(),
                   "test panics_holding_a_lock left the shared lock held")
