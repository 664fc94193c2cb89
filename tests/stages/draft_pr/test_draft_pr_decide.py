"""draft-pr's pure decision: which fix, which branch state, which writes — from hand-built facts."""

from __future__ import annotations

import re

import pytest

from autoheal.config import load_config
from autoheal.markers import read_markers
from autoheal.stages.draft_pr.commit import commit_message, content_digest
from autoheal.stages.draft_pr.decide import decide, pr_title
from autoheal.stages.draft_pr.fix import FixInputs, intended_kind, propose
from autoheal.stages.draft_pr.gates import category_policy
from autoheal.stages.draft_pr.model import (
    BranchFacts,
    Facts,
    IssueFacts,
    PullFacts,
    settings_from,
)

REQS = "# runtime deps\nrequests>=2.31  # http\nclick==8.1.7\n"
WORKFLOW = "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n    steps:\n      - run: pytest\n"
DEP = {"schema_version": 1, "category": "missing_dependency", "confidence": 92, "fingerprint": "f1",
       "workflow": "CI", "failed_job": "test", "failed_step": "Run pytest", "run_id": 77,
       "run_url": "http://127.0.0.1:1/octo/app/actions/runs/77",
       "specifics": {"modules": ["yaml"], "locations": [{"file": "src/app/config.py", "line": 3}]},
       "key_lines": [{"line": 40, "text": "ModuleNotFoundError: No module named 'yaml'"}]}
TIMEOUT = {"schema_version": 1, "category": "timeout", "confidence": 95, "fingerprint": "f2", "workflow": "CI",
           "failed_job": "test", "specifics": {"timeout_minutes": 30},
           "key_lines": [{"line": 9, "text": "##[error]The job running on runner X has exceeded the maximum execution time of 30 minutes."}]}
BASE = "b" * 40


def settings(text=None, **kw):
    return settings_from(load_config(text), **kw)


def make_facts(analysis=DEP, files=None, *, branch=None, own=None, comment=None, title="CI / test: missing dependency — yaml"):
    s = settings()
    issue = IssueFacts(number=12, title=title, body="<!-- autoheal:fingerprint=f1 -->", author="github-actions[bot]",
                       labels=("autoheal",), state="open", is_pull_request=False,
                       html_url="http://127.0.0.1:1/octo/app/issues/12")
    facts = Facts(repo="octo/app", issue=issue, analysis=analysis, analysis_source="analysis-file",
                  base_branch="main", base_sha=BASE, branch=branch, own_pull=own, comment_body=comment)
    files = {"requirements.txt": REQS, ".github/workflows/ci.yml": WORKFLOW} if files is None else files
    inputs = FixInputs(issue_number=12, issue_url=issue.html_url, issue_title=title, issue_body=issue.body,
                       analysis=analysis, tree_paths=tuple(files) + ("src/app/__init__.py", "src/app/config.py"),
                       files=dict(files), workflow_path=".github/workflows/ci.yml")
    facts.kind, facts.kind_reason = intended_kind(category_policy(s, analysis), analysis, s)
    facts.fix_inputs = inputs
    return facts


def test_dependency_fix_adds_the_distribution_and_keeps_the_rest():
    d = decide(make_facts(), settings())
    assert d.action == "created" and d.fix_kind == "dependency"
    new = d.proposal.changes[0].new
    assert d.proposal.changes[0].path == "requirements.txt"
    assert new.startswith(REQS) and "PyYAML" in new
    assert [w.op for w in d.plan] == ["commit", "create_pr", "add_labels", "comment"]
    assert d.branch == "autoheal/12-ci-test-missing-dependency-yaml"


def test_timeout_fix_raises_the_jobs_limit_surgically():
    d = decide(make_facts(TIMEOUT), settings())
    assert d.fix_kind == "timeout"
    change = d.proposal.changes[0]
    assert change.path == ".github/workflows/ci.yml"
    assert change.new == WORKFLOW.replace("timeout-minutes: 30", "timeout-minutes: 60")


def test_timeout_factor_and_cap_come_from_the_config():
    s = settings("pull_requests:\n  timeout_factor: 3\n  timeout_cap_minutes: 45\n")
    f = make_facts(TIMEOUT)
    assert "timeout-minutes: 45" in decide(f, s).proposal.changes[0].new


@pytest.mark.parametrize("analysis,files,expect", [
    ({**DEP, "specifics": {"modules": ["json"]}}, None, "standard library"),
    ({**DEP, "specifics": {"modules": ["app"]}}, None, "own code"),
    (DEP, {"requirements.txt": REQS + "pyyaml>=6\n"}, "already"),
    ({**TIMEOUT, "specifics": {"timeout_minutes": 360}},
     {".github/workflows/ci.yml": WORKFLOW.replace("30", "360")}, "cap"),
    ({**TIMEOUT, "specifics": {}, "key_lines": [{"line": 1, "text": "FAILED test_x - Timeout >10.0s"}]}, None,
     "not the job's"),
    ({**DEP, "confidence": 85, "category": "lint"}, None, "no deterministic fix"),
])
def test_a_declined_fix_falls_back_to_a_task_file_with_the_reason(analysis, files, expect):
    d = decide(make_facts(analysis, files), settings(force=True))
    assert d.fix_kind == "task", d.proposal
    assert expect in d.proposal.fallback_reason
    assert d.proposal.changes[0].path == ".github/autoheal/tasks/12.md"
    body = d.plan.writes[1].args["body"]
    assert "No deterministic fix was applied" in body


def test_below_the_pr_threshold_even_forced_gets_no_code_change():
    d = decide(make_facts({**DEP, "confidence": 40}), settings(force=True))
    assert d.fix_kind == "task" and "below 70" in d.proposal.fallback_reason


def test_pr_body_links_the_issue_carries_markers_and_neutralizes_untrusted_text():
    hostile = {**DEP, "failed_step": "@octo/team see #3 <img src=x>",
               "key_lines": [{"line": 1, "text": "```\n@everyone #1 ![x](http://evil/beacon.png)"}]}
    d = decide(make_facts(hostile), settings())
    body = d.plan.writes[1].args["body"]
    assert body.startswith("Fixes #12\n")
    markers = read_markers(body)
    assert markers["issue"] == "12" and markers["fix"] == "dependency" and markers["body"]
    assert "@octo" not in body and "#3" not in body and "<img" not in body
    assert "````" in body  # the key lines' fence is longer than the backticks inside
    assert d.plan.writes[1].args["title"] == "autoheal: CI / test: missing dependency — yaml"
    assert d.plan.writes[1].args["draft"] is True


def _our_branch(facts, *, parent=BASE, message=None):
    proposal = decide(facts, settings()).proposal
    message = message if message is not None else commit_message(proposal, 12)
    return BranchFacts(name="autoheal/12-ci-test-missing-dependency-yaml", head_sha="c" * 40, head_message=message,
                       head_parents=(parent,), head_author="github-actions[bot]")


def _own_pull(facts, body=None):
    created = decide(facts, settings()).plan.writes
    body = body if body is not None else created[1].args["body"]
    return PullFacts(number=30, state="open", merged=False, draft=True,
                     head_ref="autoheal/12-ci-test-missing-dependency-yaml", base_ref="main",
                     title=pr_title(facts.issue.title), body=body, html_url="http://x/pull/30",
                     labels=("autoheal",), ours=True)


def _current_comment(facts):
    from autoheal.stages.draft_pr.decide import comment_body

    proposal = decide(facts, settings()).proposal
    return comment_body(30, proposal, "autoheal/12-ci-test-missing-dependency-yaml") + "\n\n<!-- autoheal:sticky=draft-pr -->\n"


def settled_facts(**kw):
    f = make_facts(**kw)
    branch, own, comment = _our_branch(f), _own_pull(f), _current_comment(f)
    f.branch, f.own_pull, f.comment_body = branch, own, comment
    return f


def test_steady_state_is_an_empty_plan():
    d = decide(settled_facts(), settings())
    assert not d.plan and d.action == "unchanged" and d.pr_number == 30


def test_base_moved_with_only_our_commit_rebuilds():
    f = settled_facts()
    f.branch = _our_branch(f, parent="a" * 40)
    d = decide(f, settings())
    assert d.action == "rebuilt"
    assert [w.op for w in d.plan] == ["commit"] and d.plan.writes[0].args["mode"] == "rebuild"
    assert d.plan.writes[0].args["base_sha"] == BASE


def test_changed_content_on_the_same_base_updates_the_commit_and_body():
    f = settled_facts()
    f.fix_inputs.files["requirements.txt"] = REQS + "rich\n"
    d = decide(f, settings())
    assert d.action == "updated"
    ops = [w.op for w in d.plan]
    assert ops[0] == "commit" and d.plan.writes[0].args["mode"] == "update" and "edit_pr" in ops


def test_someone_elses_commit_means_hands_off_forever():
    f = settled_facts()
    f.branch = _our_branch(f, message="fix it properly\n\nSigned-off-by: A Human <a@example.com>\n")
    f.fix_inputs.files["requirements.txt"] = REQS + "rich\n"  # even though autoheal would now write something else
    d = decide(f, settings())
    assert not d.plan and d.action == "unchanged" and "leaves it alone" in d.reason


def test_a_branch_of_someone_else_without_a_pr_is_skipped():
    f = make_facts()
    f.branch = BranchFacts("autoheal/12-ci-test-missing-dependency-yaml", "c" * 40, "wip", (BASE,), "someone")
    d = decide(f, settings())
    assert d.action == "skipped" and not d.plan


def test_a_merge_commit_on_top_is_not_ours_even_with_our_trailers():
    f = settled_facts()
    b = f.branch
    f.branch = BranchFacts(b.name, b.head_sha, b.head_message, (BASE, "d" * 40), b.head_author)
    assert not decide(f, settings()).plan


def test_a_human_edit_of_the_pr_body_is_not_reverted():
    f = settled_facts()
    edited = f.own_pull.body.replace("## Why", "## Why (edited by a maintainer)")
    f.own_pull = _own_pull(f, body=edited)
    assert not decide(f, settings()).plan


def test_a_missing_issue_comment_is_restored():
    f = settled_facts()
    f.comment_body = None
    d = decide(f, settings())
    assert [w.op for w in d.plan] == ["comment"] and "#30" in d.plan.writes[0].args["body"]


def test_branch_name_comes_from_the_existing_pr_not_the_current_title():
    f = settled_facts(title="Renamed by a human")
    f.own_pull = PullFacts(**{**f.own_pull.__dict__, "head_ref": "autoheal/12-old-slug"})
    assert decide(f, settings()).branch == "autoheal/12-old-slug"


def test_content_digest_matches_between_runs():
    f1, f2 = make_facts(), make_facts()
    assert content_digest(decide(f1, settings()).proposal) == content_digest(decide(f2, settings()).proposal)


def test_plain_issue_gets_a_task_pr_from_its_text():
    f = make_facts(None, title="Docs build is broken")
    f.issue = IssueFacts(**{**f.issue.__dict__, "body": "The docs build is broken @someone, see #4", "author": "alice"})
    f.fix_inputs.issue_body = f.issue.body
    d = decide(f, settings())
    assert d.fix_kind == "task" and d.action == "created"
    task = d.proposal.changes[0].new
    assert "docs build is broken" in task and "Issue title: Docs build is broken" in task
    outside_fences = re.sub(r"(?ms)^(`{3,}).*?^\1", "", task)
    assert "@someone" not in outside_fences and "#4" not in outside_fences
    body = d.plan.writes[1].args["body"]
    assert "Built from the text of the issue" in body


def test_dry_run_plan_renders_one_line_per_write():
    text = decide(make_facts(), settings()).plan.render()
    assert text.startswith("plan: 4 write(s)") and "create_pr" in text


def test_propose_is_deterministic_for_the_same_inputs():
    f = make_facts()
    s = settings()
    assert propose(f.kind, f.kind_reason, f.fix_inputs, s) == propose(f.kind, f.kind_reason, f.fix_inputs, s)


def test_a_workflow_fix_the_token_may_not_commit_becomes_a_task_with_the_diff():
    f = make_facts(TIMEOUT)
    f.fix_inputs.workflows_refused = "the token lacks the `workflows` permission"
    d = decide(f, settings())
    p = d.proposal
    assert p.kind == "task" and p.workflows_blocked and "timeout-minutes: 60" in p.diff
    assert [c.path for c in p.changes] == [".github/autoheal/tasks/12.md"]
    body = d.plan.writes[1].args["body"]
    assert "Proposed change (not committed" in body and "+    timeout-minutes: 60" in body
    assert "Autoheal-Blocked: workflows-permission" in d.plan.writes[0].args["message"]


def test_a_dependency_fix_is_not_affected_by_a_workflows_refusal():
    f = make_facts()
    f.fix_inputs.workflows_refused = "the token lacks the `workflows` permission"
    assert decide(f, settings()).proposal.kind == "dependency"


PYPROJECT = """\
[project]
name = "app"
version = "1.0"
dependencies = [
    "requests>=2.31",  # http
]

[project.optional-dependencies]
test = ["pytest>=8"]
"""
PYPROJECT_CI = WORKFLOW.replace("      - run: pytest\n", "      - run: pip install -e .[test]\n      - run: pytest\n")


def test_a_pyproject_repo_gets_the_dependency_in_project_dependencies():
    files = {"pyproject.toml": PYPROJECT, ".github/workflows/ci.yml": PYPROJECT_CI}
    d = decide(make_facts(files=files), settings())
    change = d.proposal.changes[0]
    assert change.path == "pyproject.toml"
    assert '"requests>=2.31",  # http\n' in change.new and "PyYAML" in change.new.split("[project.optional")[0]


def test_a_test_only_import_goes_to_the_test_extra():
    files = {"pyproject.toml": PYPROJECT, ".github/workflows/ci.yml": PYPROJECT_CI}
    analysis = {**DEP, "specifics": {"modules": ["yaml"], "locations": [{"file": "tests/test_config.py", "line": 1}]}}
    change = decide(make_facts(analysis, files), settings()).proposal.changes[0]
    assert "PyYAML" in change.new.split("[project.optional-dependencies]")[1]
    assert "test dependency" in decide(make_facts(analysis, files), settings()).proposal.why


def test_node_cannot_find_module_goes_to_package_json():
    package = '{\n  "name": "web",\n  "version": "1.0.0",\n  "dependencies": {\n    "express": "^4.19.2"\n  }\n}\n'
    analysis = {**DEP, "specifics": {"modules": ["lodash"]},
                "key_lines": [{"line": 3, "text": "Error: Cannot find module 'lodash'"}]}
    files = {"package.json": package, ".github/workflows/ci.yml": WORKFLOW.replace("pytest", "npm test")}
    d = decide(make_facts(analysis, files), settings())
    assert d.fix_kind == "dependency"
    change = d.proposal.changes[0]
    assert change.path == "package.json" and '"lodash"' in change.new and '"express": "^4.19.2"' in change.new
    assert "add lodash to package.json" in d.plan.writes[0].args["message"]


def test_a_relative_node_require_is_own_code_and_gets_a_task():
    analysis = {**DEP, "specifics": {"modules": ["./lib/util"]},
                "key_lines": [{"line": 3, "text": "Error: Cannot find module './lib/util'"}]}
    package = '{\n  "name": "web"\n}\n'
    d = decide(make_facts(analysis, {"package.json": package}), settings())
    assert d.fix_kind == "task" and "not an installable package" in d.proposal.fallback_reason


def test_a_huge_body_is_cut_to_githubs_limit_with_the_markers_kept():
    from autoheal.markdown import GITHUB_BODY_LIMIT

    f = make_facts()
    f.template_text = "{{ proposal.summary }}\n```\n{% for i in range(90000) %}x{% endfor %}\n```\n"
    body = decide(f, settings()).plan.writes[1].args["body"]
    assert len(body) <= GITHUB_BODY_LIMIT
    assert read_markers(body)["issue"] == "12" and "Truncated by autoheal" in body
    assert body.startswith("Fixes #12\n")


def test_a_repeat_of_a_task_failure_does_not_rewrite_the_branch():
    lint = {**DEP, "category": "lint", "fingerprint": "lint01", "run_id": 77, "confidence": 85}
    s = settings("categories:\n  lint:\n    auto_pr: true\n")
    first = make_facts(lint)
    d = decide(first, s)
    assert d.fix_kind == "task"
    branch = BranchFacts("autoheal/12-x", "c" * 40, d.plan.writes[0].args["message"], (BASE,), "github-actions[bot]")
    repeat = make_facts({**lint, "run_id": 78, "run_url": "http://127.0.0.1:1/octo/app/actions/runs/78", "confidence": 90})
    repeat.branch = branch
    assert [w.op for w in decide(repeat, s).plan if w.op == "commit"] == []
    other = make_facts({**lint, "fingerprint": "lint02"})
    other.branch = branch
    assert [w.args["mode"] for w in decide(other, s).plan if w.op == "commit"] == ["update"]


def test_odd_analysis_values_cannot_inject_markup():
    hostile = {**DEP, "confidence": 95, "run_id": "<b>1</b>", "run_url": "javascript:alert(1)",
               "workflow": "CI | injected | cell", "fingerprint": "`x` @y"}
    body = decide(make_facts(hostile), settings()).plan.writes[1].args["body"]
    assert "<b>" not in body and "javascript:" not in body
    assert "| Fingerprint | `` `x` @y `` |" in body  # a mention inside a code span does not ping
    assert "| Workflow | CI \\| injected \\| cell |" in body
    view = __import__("autoheal.stages.draft_pr.decide", fromlist=["analysis_view"]).analysis_view
    assert view({**DEP, "confidence": "high"})["confidence"] is None
    assert view({**DEP, "confidence": 140})["confidence"] == 100
