"""increase_timeout: the right job, the right number, and not one other byte changed."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes.timeout import increase_timeout

from .helpers import line_changes, read_fixture

CI = read_fixture("workflows", "python-ci.yml")
ANCHORS = read_fixture("workflows", "anchors.yml")
ODD = read_fixture("workflows", "flow-and-odd.yml")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# (fixture, job as the analysis reports it, kwargs, removed lines, added lines)
EDITS = [
    pytest.param(CI, "Lint", {}, ["    timeout-minutes: 10   # ruff is quick; anything longer is a hang\n"],
                 ["    timeout-minutes: 20   # ruff is quick; anything longer is a hang\n"], id="by-name-keeps-comment"),
    pytest.param(CI, "lint", {"factor": 1.5}, ["    timeout-minutes: 10   # ruff is quick; anything longer is a hang\n"],
                 ["    timeout-minutes: 15   # ruff is quick; anything longer is a hang\n"], id="by-id-factor"),
    pytest.param(CI, "test (windows-latest, 3.12)", {"default_minutes": 60}, [],
                 ["    timeout-minutes: 120\n"], id="matrix-display-name-adds-after-runs-on"),
    pytest.param(CI, "docs", {"default_minutes": 30, "factor": 3}, [], ["    timeout-minutes: 90\n"],
                 id="no-name-key"),
    pytest.param(crlf(CI), "Lint", {}, ["    timeout-minutes: 10   # ruff is quick; anything longer is a hang\r\n"],
                 ["    timeout-minutes: 20   # ruff is quick; anything longer is a hang\r\n"], id="crlf-replace"),
    pytest.param(crlf(CI), "test (ubuntu-latest, 3.11)", {"default_minutes": 60}, [],
                 ["    timeout-minutes: 120\r\n"], id="crlf-insert"),
    pytest.param(ANCHORS, "integration", {}, ["    timeout-minutes: *long\n"], ["    timeout-minutes: 90\n"],
                 id="alias-value-replaced-anchor-kept"),
    pytest.param(ANCHORS, "End-to-end (firefox)", {"cap": 30}, ["    timeout-minutes: '20'\n"],
                 ["    timeout-minutes: '30'\n"], id="templated-name-quoted-value-capped"),
    pytest.param(ODD, "tiny", {"default_minutes": 10},
                 ["  tiny: {runs-on: ubuntu-latest, steps: [{run: \"true\"}]}\n"],
                 ["  tiny: {runs-on: ubuntu-latest, steps: [{run: \"true\"}], timeout-minutes: 20}\n"], id="flow-insert"),
    pytest.param(ODD, "tiny-timed", {},
                 ["  tiny-timed: { runs-on: ubuntu-latest, timeout-minutes: 5, steps: [ {run: \"true\"} ] }\n"],
                 ["  tiny-timed: { runs-on: ubuntu-latest, timeout-minutes: 10, steps: [ {run: \"true\"} ] }\n"],
                 id="flow-replace"),
    pytest.param(ODD, "late-runs-on", {"default_minutes": 100}, [], ["    timeout-minutes: 200\n"],
                 id="after-block-runs-on"),
    pytest.param(ODD, "build", {"default_minutes": 100}, [], ["    timeout-minutes: 200\n"], id="id-beats-name"),
]


@pytest.mark.parametrize(("text", "job", "kwargs", "removed", "added"), EDITS)
def test_edits_only_the_timeout_line(text, job, kwargs, removed, added):
    result = increase_timeout(".github/workflows/x.yml", text, job, **kwargs)
    assert result.changed, result.summary
    assert result.old == text
    assert line_changes(text, result.new) == (removed, added)
    yaml.safe_load(result.new)  # still valid YAML (check_only_change already compared the data)


def test_insert_lands_right_after_runs_on_and_before_the_comment_of_the_next_key():
    result = increase_timeout("ci.yml", ODD, "late-runs-on", default_minutes=100)
    lines = result.new.splitlines()
    at = lines.index("    timeout-minutes: 200")
    assert lines[at - 1] == "      - linux   # our big box"
    assert lines[at + 1] == "    # a comment that belongs to the next job"


def test_data_changes_exactly_one_value():
    result = increase_timeout("ci.yml", CI, "test (ubuntu-latest, 3.13)", default_minutes=45)
    before, after = yaml.safe_load(CI), yaml.safe_load(result.new)
    assert after["jobs"]["test"].pop("timeout-minutes") == 90
    assert after == before


def test_anchor_definition_survives_alias_replacement():
    result = increase_timeout("n.yml", ANCHORS, "integration")
    data = yaml.safe_load(result.new)
    assert data["jobs"]["unit"]["timeout-minutes"] == 45
    assert data["jobs"]["integration"]["timeout-minutes"] == 90
    assert "timeout-minutes: &long 45" in result.new


@pytest.mark.parametrize(
    ("text", "job", "kwargs", "reason"),
    [
        (CI, "Lint", {"cap": 10}, "already at or above the cap of 10"),
        (CI, "test (ubuntu-latest, 3.12)", {}, "unset (GitHub's default of 360)"),
        (ANCHORS, "unit", {}, "reused elsewhere"),
        (ANCHORS, "unit-again", {}, "alias"),
        (ODD, "call", {}, "reusable workflow"),
        (ODD, "dynamic", {}, "not a positive number"),
        ("jobs:\n  a:\n    timeout-minutes: 0\n", "a", {}, "not a positive number"),
        (ODD, "Publish", {}, "ambiguous"),
        (CI, "deploy", {}, "not found (jobs: lint, test, docs)"),
        ("jobs: [1, 2]\n", "x", {}, "no `jobs:` mapping"),
        ("jobs:\n  a: {\n", "a", {}, "not valid YAML"),
        ("", "a", {}, "no `jobs:` mapping"),
    ],
)
def test_refusals_leave_the_file_alone_and_say_why(text, job, kwargs, reason):
    result = increase_timeout("w.yml", text, job, **kwargs)
    assert not result.changed
    assert result.new == text
    assert reason in result.summary


def test_reusable_workflow_path_resolves_to_the_callee_job():
    result = increase_timeout("ci.yml", CI, "ci / Lint")
    assert result.changed and "from 10 to 20" in result.summary


@pytest.mark.parametrize("kwargs", [{"factor": 1}, {"factor": 0.5}, {"cap": 0}, {"default_minutes": 0}])
def test_bad_parameters_raise(kwargs):
    with pytest.raises(ValueError):
        increase_timeout("ci.yml", CI, "lint", **kwargs)


def test_second_run_on_the_result_goes_to_the_cap_then_stops():
    first = increase_timeout("ci.yml", CI, "lint", cap=30)
    second = increase_timeout("ci.yml", first.new, "lint", cap=30)
    third = increase_timeout("ci.yml", second.new, "lint", cap=30)
    assert "from 10 to 20" in first.summary
    assert "from 20 to 30" in second.summary
    assert not third.changed


def test_fractional_timeout_rounds_up():
    text = "jobs:\n  a:\n    runs-on: x\n    timeout-minutes: 7.5\n"
    result = increase_timeout("w.yml", text, "a")
    assert result.new == text.replace("7.5", "15")


def test_byte_order_mark_does_not_shift_positions():
    text = "\ufeffname: x\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 5\n"
    assert increase_timeout("w.yml", text, "a").new == text.replace("5\n", "10\n")


def test_block_scalar_timeout_is_refused():
    text = "jobs:\n  a:\n    runs-on: x\n    timeout-minutes: |\n      5\n"
    result = increase_timeout("w.yml", text, "a")
    assert not result.changed and "not a one-line scalar" in result.summary


# --- property: any layout PyYAML can write, with comments and CRLF, takes the edit -----------------------------

job_bodies = st.fixed_dictionaries(
    {"runs-on": st.sampled_from(["ubuntu-latest", "windows-2022", ["self-hosted", "linux"]])},
    optional={
        "name": st.sampled_from(["Build", "Unit tests", "Lint: ruff"]),
        "timeout-minutes": st.integers(min_value=1, max_value=200),
        "needs": st.sampled_from(["setup", ["a", "b"]]),
        "steps": st.lists(st.fixed_dictionaries({"run": st.sampled_from(["make", "pytest -q", "echo 'a: b'"])}),
                          min_size=1, max_size=3),
        "env": st.dictionaries(st.sampled_from(["A", "B"]), st.sampled_from(["1", "x y"]), max_size=2),
    },
)


@settings(max_examples=60, deadline=None)
@given(jobs=st.dictionaries(st.sampled_from(["build", "test", "lint", "docs"]), job_bodies, min_size=1, max_size=4),
       flow=st.sampled_from([False, None, True]), indent=st.sampled_from([2, 4]), comments=st.booleans(),
       crlf=st.booleans(), data=st.data())
def test_any_dumped_layout_gets_exactly_the_new_timeout(jobs, flow, indent, comments, crlf, data):
    text = yaml.safe_dump({"name": "CI", "on": ["push"], "jobs": jobs}, default_flow_style=flow, indent=indent,
                          sort_keys=False)
    if comments:
        text = "".join(line + ("  # note" if line.rstrip().endswith(("-latest", "make", "2022")) else "") + "\n"
                       for line in text.splitlines())
    if crlf:
        text = text.replace("\n", "\r\n")
    job = data.draw(st.sampled_from(sorted(jobs)))
    result = increase_timeout("ci.yml", text, job, cap=1000)
    assert result.changed, result.summary
    expected = min(1000, 2 * jobs[job].get("timeout-minutes", 360))
    loaded = yaml.safe_load(result.new)
    assert loaded["jobs"][job]["timeout-minutes"] == expected
    removed, added = line_changes(text, result.new)
    assert len(removed) <= 1 and len(added) == 1
