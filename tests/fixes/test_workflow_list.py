"""discover_workflows, excluded and sync_workflow_run_list on realistic repository files."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes.workflow_list import (
    WorkflowInfo,
    canonical_names,
    discover_workflows,
    excluded,
    sync_workflow_run_list,
)

from .helpers import DATA, line_changes, read_fixture

CONSUMER = read_fixture("workflows", "autoheal-consumer.yml")
FLOW = read_fixture("workflows", "autoheal-flow.yml")
MULTILINE_FLOW = read_fixture("workflows", "autoheal-multiline-flow.yml")


def repo_files() -> dict[str, str]:
    files = {f".github/workflows/{p.name}": p.read_text() for p in sorted((DATA / "repo").iterdir())}
    files[".github/workflows/nested/ignored.yml"] = "name: Nested\non: push\n"
    files[".github/workflows/README.md"] = "# not a workflow\n"
    files["src/app.yml"] = "name: Not a workflow\non: push\n"
    return files


def listed(text: str) -> list[str]:
    data = yaml.safe_load(text)
    return data[True if True in data else "on"]["workflow_run"]["workflows"]


# --- discovery -------------------------------------------------------------------------------------------


def test_discovery_reads_names_triggers_and_reports_broken_files_with_line():
    found = {info.file.rsplit("/", 1)[1]: info for info in discover_workflows(repo_files())}
    assert sorted(found) == ["broken.yml", "ci.yml", "no-triggers.yml", "quoted-on.yml", "reusable.yml", "unnamed.yaml"]
    assert found["ci.yml"] == WorkflowInfo("CI", ".github/workflows/ci.yml", ("push", "pull_request"))
    assert found["unnamed.yaml"].name == ".github/workflows/unnamed.yaml"
    assert found["unnamed.yaml"].triggers == ("push", "workflow_dispatch")
    assert found["quoted-on.yml"].name == "Release: publish"
    assert found["quoted-on.yml"].triggers == ("release",)
    assert found["reusable.yml"].reusable_only and not found["ci.yml"].reusable_only
    assert found["broken.yml"].error.startswith(".github/workflows/broken.yml:9:6: ")
    assert found["no-triggers.yml"].error == ".github/workflows/no-triggers.yml:1: no `on:` triggers"
    assert all(info.error is None for key, info in found.items() if key not in ("broken.yml", "no-triggers.yml"))


def test_discovery_is_sorted_and_accepts_bare_file_names():
    infos = discover_workflows({"b.yml": "name: B\non: push\n", "a.yaml": "name: A\non: push\n"})
    assert [(i.file, i.name) for i in infos] == [(".github/workflows/a.yaml", "A"), (".github/workflows/b.yml", "B")]


@pytest.mark.parametrize(
    ("text", "error"),
    [("[1, 2]\n", "a workflow must be a mapping"), ("", "a workflow must be a mapping"),
     ("name: x\non: push\n\tbad: tab\n", "w.yml:3:1: ")],
)
def test_discovery_of_bad_documents(text, error):
    (info,) = discover_workflows({".github/workflows/w.yml": text})
    assert error in info.error


# --- exclusion and canonical order ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "patterns", "expected"),
    [("autoheal", ["autoheal*"], True), ("AutoHeal sync", ["autoheal*"], True), ("CI", ["ci-*"], False),
     ("Release: publish", ["release*"], True), ("docs", [], False), ("Nightly [full]", ["nightly ?full?"], True)],
)
def test_excluded_globs_are_case_insensitive(name, patterns, expected):
    assert excluded(name, patterns) is expected


def test_canonical_names_sort_dedupe_and_drop_blanks():
    assert canonical_names(["lint", "CI", "docs", "CI", " ", "", "Lint", "ci"]) == ["CI", "ci", "docs", "Lint", "lint"]


# --- sync ------------------------------------------------------------------------------------------------


def test_block_list_keeps_surviving_lines_and_their_comments():
    result = sync_workflow_run_list("autoheal.yml", CONSUMER, ["Release", "CI", "Lint", "Docs", "CI"])
    assert result.changed
    assert listed(result.new) == ["CI", "Docs", "Lint", "Release"]
    removed, added = line_changes(CONSUMER, result.new)
    assert removed == ['      - "Removed long ago"\n']
    assert added == ['      - "Lint"\n']  # new items copy the majority quoting (double)
    assert "      - \"Lint\"\n      # Release runs are rare" in result.new  # the comment stays above Release
    assert "+1 -1" in result.summary
    again = sync_workflow_run_list("autoheal.yml", result.new, ["CI", "Docs", "Lint", "Release"])
    assert not again.changed and "already in sync" in again.summary


def test_reordering_moves_comment_with_its_item():
    text = "on:\n  workflow_run:\n    workflows:\n      - B  # bee\n      # about A\n      - A\n"
    result = sync_workflow_run_list("a.yml", text, ["A", "B"])
    assert result.new == "on:\n  workflow_run:\n    workflows:\n      # about A\n      - A\n      - B  # bee\n"


def test_crlf_file_stays_crlf():
    text = CONSUMER.replace("\n", "\r\n")
    result = sync_workflow_run_list("autoheal.yml", text, ["CI", "Docs", "Nightly"])
    assert result.changed
    assert "\n" not in result.new.replace("\r\n", "")
    assert listed(result.new) == ["CI", "Docs", "Nightly"]


def test_list_at_end_of_file_without_newline():
    text = "on:\n  workflow_run:\n    workflows:\n      - B"
    assert sync_workflow_run_list("a.yml", text, ["B", "A"]).new == text.replace("- B", "- A\n      - B")


@pytest.mark.parametrize(
    ("text", "names", "expected_line"),
    [
        (FLOW, ["Docs", "Lint", "CI"], '  workflow_run: { workflows: [ CI, "Docs", Lint ], types: [completed] }\n'),
        ("on:\n  workflow_run:\n    workflows: []\n", ["B", "A"], '    workflows: ["A", "B"]\n'),
        ("on:\n  workflow_run:\n    workflows: CI\n", ["CI", "Lint"], "    workflows: [CI, Lint]\n"),
        ("on:\n  workflow_run:\n    workflows: ['CI']\n", ["CI", "Lint: all"], "    workflows: ['CI', 'Lint: all']\n"),
        ("on:\n  workflow_run:\n    workflows: [a, b]\n", ["a, b"], '    workflows: ["a, b"]\n'),
    ],
)
def test_flow_lists_are_rewritten_in_place(text, names, expected_line):
    result = sync_workflow_run_list("a.yml", text, names)
    removed, added = line_changes(text, result.new)
    assert len(removed) == 1
    assert added == [expected_line]
    assert listed(result.new) == canonical_names(names)


def test_multiline_flow_list_keeps_its_layout():
    result = sync_workflow_run_list("a.yml", MULTILINE_FLOW, ["Docs", "CI", "Build"])
    assert '    workflows: [\n      "Build",\n      "CI",\n      "Docs",\n    ]\n' in result.new
    assert listed(result.new) == ["Build", "CI", "Docs"]


def test_missing_workflows_key_is_added_under_workflow_run():
    text = "on:\n  workflow_run:\n    types: [completed]\n  # manual runs\n  workflow_dispatch:\n"
    result = sync_workflow_run_list("a.yml", text, ["CI"])
    assert result.new == (
        "on:\n  workflow_run:\n    types: [completed]\n    workflows:\n      - \"CI\"\n"
        "  # manual runs\n  workflow_dispatch:\n"
    )


@pytest.mark.parametrize(
    ("text", "names", "reason"),
    [
        ("on: workflow_run\n", ["CI"], "no `on.workflow_run` mapping"),
        ("on:\n  push:\n", ["CI"], "no `on.workflow_run` mapping"),
        ("on:\n  workflow_run:\n    workflows: [a]\n", [" ", ""], "empty list would never trigger"),
        ("on:\n  workflow_run:\n    workflows: {a: 1}\n", ["CI"], "not a list of names"),
        ("x: &l [a]\non:\n  workflow_run:\n    workflows: *l\n", ["CI"], "alias"),
        ("on: [\n", ["CI"], "not valid YAML"),
    ],
)
def test_sync_refusals(text, names, reason):
    result = sync_workflow_run_list("a.yml", text, names)
    assert not result.changed and result.new == text
    assert reason in result.summary


names_strategy = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20), max_size=6
)


@settings(max_examples=80, deadline=None)
@given(names=names_strategy, fixture=st.sampled_from([CONSUMER, FLOW, MULTILINE_FLOW]))
def test_any_names_sync_exactly_and_converge(names, fixture):
    result = sync_workflow_run_list("a.yml", fixture, names)
    if not canonical_names(names):
        assert not result.changed
        return
    assert listed(result.new) == canonical_names(names), result.summary
    assert not sync_workflow_run_list("a.yml", result.new, names).changed
    before, after = yaml.safe_load(fixture), yaml.safe_load(result.new)
    for data in (before, after):
        data[True if True in data else "on"]["workflow_run"].pop("workflows")
    assert before == after


def test_dash_on_its_own_line_still_syncs():
    text = "on:\n  workflow_run:\n    workflows:\n      -\n        CI\n      - Lint\n"
    result = sync_workflow_run_list("a.yml", text, ["Lint", "Build"])
    assert listed(result.new) == ["Build", "Lint"]
    assert result.new.endswith("      - Lint\n")
