"""Blind-miss mechanism: `unknown` although the failing command printed a plain error line (docs/analysis.md, "Blind
misses by mechanism"; the largest class blind, parts D-G). Programs no parser or pattern knows are read by the words
of their last error line (errorwords.py), far below the PR gate; warnings, passed tests, line numbers that look like
HTTP statuses and lines naming several causes say nothing, and an opaque failure stays `unknown`."""

from __future__ import annotations

import pytest

from autoheal.analysis import analyze
from autoheal.analysis.errorwords import MAX_ERROR_LINES, last_error_reading, read_line
from autoheal.analysis.scoring import WORDS_CAP

from .conftest import make_gh_log

# Messages of programs no parser here knows, as their documentation spells them.
CASES = [
    # Julia's `using` of a package the environment lacks (Base.require's ArgumentError, as Julia 1.x prints it)
    (("ERROR: LoadError: ArgumentError: Package Plots not found in current path.",
      "- Run `import Pkg; Pkg.add(\"Plots\")` to install the Plots package."), "julia --project ci/plots.jl",
     "missing_dependency"),
    # axios' error for an HTTP status outside 2xx (https://axios-http.com/docs/handling_errors: "Request failed with
    # status code 403"), printed by a deploy script
    (("Uploading site.zip", "AxiosError: Request failed with status code 403"), "node scripts/deploy.mjs",
     "permission_denied"),
    # a program's own start-up check naming the variable the workflow did not pass
    (("Starting exporter", "fatal: environment variable EXPORTER_DSN has not been set"), "./bin/export",
     "missing_secret"),
    # a generator's freshness check
    (("Regenerating fixtures...", "error: fixtures/schema.json is out of date, run ./gen.sh"), "./gen.sh --check",
     "lint"),
]


@pytest.mark.parametrize("lines,step,category", CASES)
def test_the_last_error_lines_words_name_the_category_below_the_gate(lines, step, category):
    a = analyze(make_gh_log(*lines, step=f"Run {step}"))
    assert a.category == category
    assert 0 < a.confidence <= WORDS_CAP < 50
    assert any("words of the failing command's last error line" in n for n in a.notes)


def test_an_opaque_failure_stays_unknown():
    # The program says only that it failed: nothing to read (the labels call such logs unknown).
    a = analyze(make_gh_log("Grading 3 traces...", "Error: Evaluation failed.", step="Run agents eval grade"))
    assert a.category == "unknown"


def test_warnings_say_nothing():
    a = analyze(make_gh_log(
        "12:01:02 - client:WARNING: could not download the optional index",
        "warning: the API token is not set, using anonymous access",
        "Error: Evaluation failed.",
        step="Run agents eval grade",
    ))
    assert a.category == "unknown"


def test_lines_that_state_no_error_say_nothing():
    # passed tests, a quoted source line under a diagnostic (Babel's code frame), stack frames (Go's, V8's, Python's)
    quiet = [(1, "  ✓ retries after a 503 Service Unavailable error (12 ms)"), (2, "PASS src/a.test.ts"),
             (3, "  > 120 |       throw new Error(`Missing required environment variables: ${missing}`);"),
             (4, "\t/opt/hostedtoolcache/go/1.18.1/x64/src/runtime/panic.go:838 +0x207"),
             (5, "    at abort (/home/runner/work/app/app/src/exit.js:3:9)"),
             (6, '  File "/home/runner/work/app/app/tools/panic_handler.py", line 3, in abort')]
    assert last_error_reading(quiet, lambda t: False) is None
    assert last_error_reading([(1, "Error: upstream returned 503 Service Unavailable")], lambda t: False)[0] == "network"


def test_the_last_error_line_decides():
    # a program that retried a download, then stopped on the missing module it could not get
    a = analyze(make_gh_log(
        "error: unable to download https://example.org/idx.json, retrying",
        "fatal: module 'geo-utils' is not installed",
        step="Run ./bin/build-maps",
    ))
    assert a.category == "missing_dependency"


def test_line_numbers_are_not_http_statuses():
    assert read_line("src/app.js:403:7  error  Unexpected any") is None
    assert read_line("lapack.h(502): error C2143: syntax error") is None
    assert read_line("request failed with status code 403") == "permission_denied"
    assert read_line("upstream returned 503 Service Unavailable") == "network"


def test_a_line_naming_several_causes_says_nothing():
    assert read_line("error: download failed: permission denied") is None


def test_only_the_last_error_lines_are_read():
    # the reason a program stops is printed as it stops: an error line far above the last ones is not read
    early = [(1, "fatal: module 'geo-utils' is not installed")]
    later = [(n, f"error: step {n} did not complete") for n in range(2, 2 + MAX_ERROR_LINES)]
    assert last_error_reading(early + later, lambda t: False) is None
    assert last_error_reading(early + later[:-1], lambda t: False)[0] == "missing_dependency"
