"""Fingerprints: names keep their digits; credentials are redacted before hashing."""

from autoheal.analysis.fingerprint import fingerprint


def test_job_and_workflow_digits_make_different_failures():
    ev = ["E   AssertionError: 1 != 2"]
    assert fingerprint("CI", "shard-1", "test_failure", ev) != fingerprint("CI", "shard-2", "test_failure", ev)
    assert fingerprint("CI", "Python 3.11", "test_failure", ev) != fingerprint("CI", "Python 3.12", "test_failure", ev)
    assert fingerprint("Nightly 1", "t", "test_failure", ev) != fingerprint("Nightly 2", "t", "test_failure", ev)


def test_matrix_suffix_and_log_numbers_still_collapse():
    assert fingerprint("CI", "test (3.11)", "c", ["line 12: boom"]) == fingerprint("CI", "test (3.12)", "c", ["line 99: boom"])
    assert fingerprint("CI", "test  job", "c", ["x"]) == fingerprint("CI", "test job", "c", ["x"])


def test_a_changing_credential_does_not_change_the_fingerprint():
    one = "ghp_" + "a" * 36
    two = "ghp_" + "b" * 36
    assert fingerprint("CI", "t", "c", [f"auth failed for {one}"]) == fingerprint("CI", "t", "c", [f"auth failed for {two}"])
    assert fingerprint("CI", "t", "c", ["password=hunter2 rejected"]) == fingerprint("CI", "t", "c", ["password=swordfish rejected"])
    assert fingerprint("CI", "t", "c", ["boom"]) != fingerprint("CI", "t", "c", ["bang"])
