"""The workflow-job emulation evaluates expressions with GitHub's semantics (documented in
"Evaluate expressions in workflows and actions"); the template tests are only as good as this."""

from __future__ import annotations

import pytest

from .actionrunner import parse_output_file
from .expressions import Strict, UnsupportedExpression, condition, evaluate_expression, interpolate
from .workflowjob import stage_of

CONTEXTS = {
    "github": {"event_name": "workflow_run", "event": {"workflow_run": {"id": 7, "conclusion": "failure"},
                                                     "issue": {"number": 3}, "labels": ["bug", "autoheal"]}},
    "inputs": {"run_id": "", "force_create_pr": False},
    "steps": {"analyze": {"outputs": {"healed": "true", "analysis-file": "a.json"}},
              "issue": {"outputs": {"issue-number": ""}}},
    "secrets": {},
}


@pytest.mark.parametrize("expr,expected", [
    ("inputs.run_id || github.event.workflow_run.id", 7),          # || returns the first truthy operand
    ("inputs.force_create_pr || false", False),
    ("steps.analyze.outputs.healed == 'true'", True),
    ("steps.analyze.outputs.healed == 'TRUE'", True),                # strings compare ignoring case
    ("steps.issue.outputs.issue-number != ''", False),              # hyphenated names are properties
    ("github.event.issue.pull_request == null", True),              # a missing property is null
    ("null == ''", True),                                           # mixed kinds compare as numbers
    ("'1' == 1", True),
    ("github.event == null", False),
    ("!(github.event_name == 'schedule') && 'x'", "x"),             # && returns its last operand
    ("github.event['workflow_run']['conclusion'] == 'failure'", True),
    ("secrets.AUTOHEAL_COPILOT_TOKEN", None),
    ("3 < 10", True),
    ("'it''s'", "it's"),
    ("contains('Hello autoheal', 'AUTOHEAL')", True),                # text: substring, ignoring case
    ("contains(github.event.labels, 'Autoheal')", True),             # array: loose equality per item
    ("contains(github.event.labels, 'auto')", False),
    ("startsWith('autoheal/12-x', 'AutoHeal/')", True),
    ("endsWith('a.yml', '.YML')", True),
    ("contains(github.event.missing, 'x')", False),                  # null searches as ''
])
def test_expression_semantics(expr, expected):
    assert evaluate_expression(expr, CONTEXTS) == expected


def test_with_values_are_text_and_conditions_accept_both_forms():
    assert interpolate("${{ github.event.workflow_run.id }}", CONTEXTS) == "7"
    assert interpolate("run ${{ inputs.force_create_pr }}", CONTEXTS) == "run false"
    assert interpolate(30, CONTEXTS) == "30"
    assert condition("${{ steps.analyze.outputs.healed == 'true' }}", CONTEXTS)
    assert not condition("steps.issue.outputs.issue-number != ''", CONTEXTS)


@pytest.mark.parametrize("expr", ["always()", "vars.X", "a ~ b"])
def test_what_is_not_emulated_fails_loudly(expr):
    with pytest.raises(UnsupportedExpression):
        evaluate_expression(expr, CONTEXTS)


def test_uses_maps_to_a_stage_or_the_root_action():
    assert stage_of("autoheal-dev/autoheal/actions/open-issue@v1") == "open-issue"
    assert stage_of("autoheal-dev/autoheal@v1") is None
    assert stage_of("./") is None and stage_of("./actions/draft-pr") == "draft-pr"
    for other in ("actions/checkout@v4", "someone/else/actions/open-issue@v1"):
        with pytest.raises(UnsupportedExpression):
            stage_of(other)


def test_a_strict_context_refuses_what_it_does_not_emulate():
    assert interpolate("${{ github.token }}", {"github": Strict(token="t"), "inputs": {}}) == "t"
    with pytest.raises(UnsupportedExpression):
        interpolate("${{ github.sha }}", {"github": Strict(token="t"), "inputs": {}})


def test_output_file_is_parsed_strictly():
    text = "a<<EOF_1\nline 1\nline 2\nEOF_1\nb=plain\n"
    assert parse_output_file(text) == {"a": "line 1\nline 2", "b": "plain"}
    with pytest.raises(ValueError):
        parse_output_file("a<<EOF_1\nnever closed\n")
    with pytest.raises(ValueError):
        parse_output_file("no separator\n")
