"""Tool parsers' readings added for corpus parts H and I (issue #17): jest's coloured status badge, xUnit theories,
pytest's long traceback entries. Formats cited per test; each test fails when its reading is removed."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.tools import read_step

from .conftest import make_gh_log
from .tool_reading import numbered

# --- jest with colours: the status badge reads " FAIL  path" once the colours are stripped -------------------------

# jest-reporters' getResultHeader: chalk.reset.inverse.bold.red(" FAIL ") + " " + path when colours are on (a
# TTY, FORCE_COLOR, Travis); the summary indented when a wrapper prints it (here: two spaces, as a saved Travis log).
_JEST_COLOURED = """\
\x1b[2K\x1b[1G$ jest src
\x1b[0m\x1b[7m\x1b[1m\x1b[31m FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m \x1b[2msrc/\x1b[22m\x1b[1msum.test.js\x1b[22m
  \u2715 Sum correctly adds two basic numbers (10ms)
  \u2713 Sum adds an arbitrary amount of numbers (2ms)

  \u25cf Sum correctly adds two basic numbers

    expect(received).toBe(expected) // Object.is equality

    Expected: 5
    Received: 4

      at Object.<anonymous> (src/sum.test.js:4:21)

  Test Suites: 1 failed, 1 total
  Tests:       1 failed, 1 passed, 2 total
"""


def test_jest_is_known_by_its_coloured_badge_and_names_the_failing_test():
    a = analyze(make_gh_log(*_JEST_COLOURED.splitlines(), step="Run yarn test"))
    assert a.tool == "jest"
    assert a.category == "test_failure"
    assert a.specifics["tests"] == ["Sum correctly adds two basic numbers"]
    assert a.confidence >= 70


def test_a_vitest_failure_line_is_not_taken_for_jest_s_badge():
    # vitest's default reporter goes on with the test's name (" FAIL  src/a.test.ts > suite > test")
    report = read_step("npm test", numbered(" FAIL  src/a.test.ts > suite > adds\n"))
    assert "jest" not in report.tools


# --- xUnit theories under dotnet test ------------------------------------------------------------------------------


def test_a_failing_xunit_theory_is_named_by_its_method():
    # `dotnet test`'s console logger: "  Failed <display name> [time]"; a theory's display name carries its
    # arguments, cut by xUnit ("···"); the method is what `dotnet test --filter` selects
    out = (
        '  Failed Acme.Tests.QueryTests.WindowFunction_Succeeds(sql: "SELECT FIRST_VALUE(Val) OVER (ORDER B"···) [12 ms]\n'
        "  Error Message:\n"
        "   Acme.SpannerException : Analytic functions not supported\n"
        '  Failed Acme.Tests.QueryTests.WindowFunction_Succeeds(sql: "SELECT LAG(Val) OVER (ORDER BY Id) AS"···) [3 ms]\n'
        "  Error Message:\n"
        "   Acme.SpannerException : Analytic functions not supported\n"
        "Failed!  - Failed:     2, Passed:   918, Skipped:     0, Total:   920, Duration: 3 s - Acme.Tests.dll (net8.0)\n"
    )
    report = read_step("dotnet test tests/Acme.Tests/", numbered(out))
    assert report.tests == ["Acme.Tests.QueryTests.WindowFunction_Succeeds"]


# --- pytest: the failing test's place is its own entry in its traceback ---------------------------------------------

# pytest's default --tb=auto: the first and last entries in long style ("path:line: " under the source of an outer
# entry, "path:line: ExcName" under the innermost), the ones between in short style ("path:line: in func")
# (_pytest/_code/code.py; https://docs.pytest.org/en/stable/how-to/output.html).
_PYTEST_DEEP = """\
=================================== FAILURES ===================================
_______________________ test_create_tree_rate_limit_error _______________________

    def test_create_tree_rate_limit_error(mock_post):
        mock_post.return_value = limited()
>       result = create_tree(base_args, "sha", items)

services/trees/test_create_tree.py:323: 
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
utils/error/handle_exceptions.py:64: in wrapper
    return wrapper(*args, **kwargs)
utils/error/handle_exceptions.py:64: in wrapper
    return wrapper(*args, **kwargs)
E   RecursionError: maximum recursion depth exceeded
!!! Recursion detected (same locals & position)
=========================== short test summary info ============================
FAILED services/trees/test_create_tree.py::test_create_tree_rate_limit_error - RecursionError: maximum recursion depth exceeded
========================= 1 failed, 768 passed in 138.76s =========================
"""


def test_pytest_places_a_failing_test_at_its_own_entry_before_the_code_under_it():
    a = analyze(make_gh_log(*_PYTEST_DEEP.splitlines(), step="Run python -m pytest -x"))
    first = a.specifics["locations"][0]
    assert (first["file"], first["line"]) == ("services/trees/test_create_tree.py", 323)
    # the code that raised still follows it
    assert any(loc["file"] == "utils/error/handle_exceptions.py" for loc in a.specifics["locations"][1:])


# --- the failing command: what bash says died, a later checker that never ran -----------------------------------


def test_a_command_a_signal_killed_inside_a_script_leaves_the_steps_own_command():
    # bash's job report (jobs.c): "<script>: line N: <pid> Segmentation fault      <command>" names a command inside
    # the script the step ran; the step's command is what the workflow wrote (the labeling guide: "the command as
    # written in the workflow", not what runs under it)
    a = analyze(make_gh_log(
        "PHPUnit 9.6.27 by Sebastian Bergmann and contributors.",
        ".............................................................   61 / 5131 (  1%)",
        "/home/runner/work/app/app/bin/ci/run_phpunit.sh: line 70: 27274 Segmentation fault      "
        "XDEBUG_MODE=off ./vendor/bin/phpunit 2>&1",
        step="Run ${GITHUB_WORKSPACE}/bin/ci/run_phpunit.sh release pull_request", exit_code=139))
    assert a.category == "crash"
    assert a.specifics["command"] == "${GITHUB_WORKSPACE}/bin/ci/run_phpunit.sh release pull_request"


def test_a_named_program_inside_the_failing_line_leaves_the_whole_line():
    a = analyze(make_gh_log(
        "start",
        "/home/runner/work/_temp/step.sh: line 1: 17978 Segmentation fault      (core dumped) ./crash",
        step="Run gcc src/crash.c -o crash && ./crash", exit_code=139))
    assert a.category == "crash"
    assert a.specifics["command"] == "gcc src/crash.c -o crash && ./crash"


def _two_checkers(output: list[str]) -> str:
    lines = [
        "2026-01-05T10:00:00.0000000Z Current runner version: '2.321.0'",
        "2026-01-05T10:00:02.0000000Z ##[group]Run ruff check .",
        "2026-01-05T10:00:02.1000000Z \x1b[36;1mruff check .\x1b[0m",
        "2026-01-05T10:00:02.1000000Z \x1b[36;1mpyright .\x1b[0m",
        "2026-01-05T10:00:02.2000000Z shell: /usr/bin/bash -e {0}",
        "2026-01-05T10:00:02.3000000Z ##[endgroup]",
    ]
    lines += [f"2026-01-05T10:00:03.{i:07d}Z {t}" for i, t in enumerate(output)]
    lines.append("2026-01-05T10:00:04.0000000Z ##[error]Process completed with exit code 1.")
    return "\n".join(lines) + "\n"


def test_a_later_checker_that_left_no_output_never_ran():
    # ruff's full format (https://docs.astral.sh/ruff/settings/#output-format) reported errors and `bash -e` stopped
    # there: pyright, which always prints "N errors, N warnings, N informations", never ran
    a = analyze(_two_checkers([
        "scripts/build.py:1:1: EXE001 Shebang is present but file is not executable",
        "  |",
        "1 | #!/usr/bin/env python3",
        "  | ^^^^^^^^^^^^^^^^^^^^^^ EXE001",
        "",
        "Found 1 error.",
    ]))
    assert a.category == "lint"
    assert a.specifics["command"] == "ruff check ."


def test_the_later_checker_that_printed_its_errors_is_the_failing_command():
    a = analyze(_two_checkers([
        "All checks passed!",
        "/home/runner/work/app/app/src/app.py",
        '  /home/runner/work/app/app/src/app.py:3:8 - error: Import "numpy" could not be resolved (reportMissingImports)',
        "1 error, 0 warnings, 0 informations ",
    ]))
    assert a.specifics["command"] == "pyright ."
