"""Which job of a multi-job `gh run view --log` file is the cause (issue #17): the one that failed first."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.scan import KIND_STEP, Section
from autoheal.analysis.scoring import pick_failing_section


def _job(job: str, step: str, command: str, output: list[str], end: str, stamp: str | None = "00:00:10") -> list[str]:
    """One job's failing step in `gh run view --log` columns (job<TAB>step<TAB>timestamp line); ``end`` is its
    last line, written at ``stamp`` (the other lines a little before). ``stamp=None``: no timestamp column."""
    def row(text: str, at: str | None) -> str:
        return f"{job}\t{step}\t" + (f"2026-05-21T{at}.1234567Z " if at else "") + text
    lines = [row(f"##[group]Run {command}", stamp and "00:00:01"), row(command, stamp and "00:00:01"),
             row("##[endgroup]", stamp and "00:00:01")]
    lines += [row(text, stamp and "00:00:02") for text in output]
    return lines + [row(end, stamp)]


LINT = ("Lint", "Run ruff", "ruff check .", ["src/app.py:3:1: F401 [*] `os` imported but unused", "Found 1 error."])
TESTS = ("Tests", "Run pytest", "pytest -q", ["FAILED tests/test_app.py::test_home - assert 500 == 200",
                                              "1 failed, 3 passed in 0.12s"])
FAILED = "##[error]Process completed with exit code 1."


def _log(*jobs: list[str]) -> str:
    return "\n".join(line for job in jobs for line in job) + "\n"


def test_the_job_whose_failure_came_first_by_the_timestamps_wins_over_file_order():
    lint_late = _job(*LINT, FAILED, stamp="00:05:00")
    tests_early = _job(*TESTS, FAILED, stamp="00:01:00")
    a = analyze(_log(lint_late, tests_early))
    assert a.failed_step == "Run pytest"
    assert a.category == "test_failure"
    assert a.specifics["command"] == "pytest -q"
    # the other way round in time, the other job
    b = analyze(_log(_job(*LINT, FAILED, stamp="00:01:00"), _job(*TESTS, FAILED, stamp="00:05:00")))
    assert b.failed_step == "Run ruff"
    assert b.category == "lint"


def test_fractions_of_a_second_of_different_lengths_compare_as_times():
    # GitHub writes seven digits, but a fraction's text alone does not sort ("10Z" vs "10.5Z")
    early = _job(*LINT, FAILED, stamp="00:00:10")
    late = _job(*TESTS, FAILED, stamp="00:00:10.5")
    a = analyze(_log(early, late).replace("00:00:10.5.1234567Z", "00:00:10.5Z").replace("00:00:10.1234567Z", "00:00:10Z"))
    assert a.failed_step == "Run ruff"


def test_a_cancelled_job_never_outranks_one_that_failed_on_its_own():
    # fail-fast: the runner cancels the other legs of a matrix; the cancelled leg's step may still end with an
    # exit code, and earlier than the job that failed on its own
    cancelled = _job("test (3.12)", "Run pytest", "pytest -q", ["collected 40 items", "tests/test_a.py ....",
                     "ERROR: Received signal SIGTERM, shutting down", "##[error]The operation was canceled."], "##[error]Process completed with exit code 143.",
                     stamp="00:00:30")
    failed = _job(*TESTS, FAILED, stamp="00:01:00")
    for log in (_log(cancelled, failed), _log(failed, cancelled)):
        a = analyze(log)
        assert a.specifics["command"] == "pytest -q"
        assert a.specifics["exit_code"] == 1
        assert a.category == "test_failure"


def test_with_equal_timestamps_the_first_job_in_the_file_wins():
    a = analyze(_log(_job(*LINT, FAILED), _job(*TESTS, FAILED)))
    assert a.failed_step == "Run ruff"
    b = analyze(_log(_job(*TESTS, FAILED), _job(*LINT, FAILED)))
    assert b.failed_step == "Run pytest"


def test_a_job_whose_failure_has_no_timestamp_leaves_the_choice_to_file_order():
    def failed(job: str, at: tuple[str, float] | None) -> Section:
        return Section(name=f"Run {job}", kind=KIND_STEP, start_line=1, exit_code=1, exit_line=2, failed_marker=True,
                       job=job, failed_at=at)
    first, second = failed("a", None), failed("b", ("2026-05-21T00:00:01", 0.0))
    assert pick_failing_section([first, second], None) is first
    later = failed("c", ("2026-05-21T00:09:00", 0.0))
    assert pick_failing_section([later, second], None) is second


def test_two_jobs_with_the_same_step_name_are_two_steps():
    # a matrix: both legs run "Run tests"; the first leg to fail is the answer, with its own exit code
    first = _job("Test (Ruby 3.3)", "Run tests", "bundle exec rspec", ["rspec ./spec/app_spec.rb:11 # loads"],
                 "##[error]Process completed with exit code 2.", stamp="00:00:05")
    second = _job("Test (Ruby 3.2)", "Run tests", "bundle exec rspec", ["rspec ./spec/app_spec.rb:11 # loads"],
                  FAILED, stamp="00:00:09")
    a = analyze(_log(first, second))
    assert a.specifics["exit_code"] == 2
    b = analyze(_log(second, first))
    assert b.specifics["exit_code"] == 2
