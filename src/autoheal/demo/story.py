"""The demo story: a small Python project's CI breaks in four ways, and autoheal deals with each.

Every step runs what the consumer templates run (the same stages, in-process, exactly as their
containers would), against the embedded simulator over real HTTP, and narrates what happened, which
object, its URL on the simulator, and how many API requests it took. What the templates do not do (a
human merging the fix, CI running on autoheal's branch) is narrated as such, with what it takes on GitHub.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import Any, Callable

import yaml

from ..invoke import Invocation, invoke

REPO = "octo/shop"
CLOCK_START = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


def data_text(*parts: str) -> str:
    return resources.files("autoheal.demo").joinpath("data", *parts).read_text(encoding="utf-8")


@dataclass
class Step:
    title: str
    stage: str
    result: str
    url: str = ""
    requests: int = 0
    ok: bool = True


@dataclass
class Demo:
    sim: Any
    out: Callable[[str], None]
    steps: list[Step] = field(default_factory=list)
    workspace: Any = None

    # -- plumbing -----------------------------------------------------------------------------------
    def url(self, kind: str, number: Any) -> str:
        return f"{self.sim.base_url}/repos/{REPO}/{kind}/{number}" if number not in (None, "") else ""

    def stage(self, command: str, args: dict[str, Any] | None = None, *, event: dict | None = None,
              event_name: str = "workflow_dispatch") -> Invocation:
        return invoke(command, args or {}, api_url=self.sim.base_url, token=self.sim.token, repo=REPO,
                      workspace=self.workspace, event=event, event_name=event_name)

    def say(self, text: str = "") -> None:
        self.out(text)

    def record(self, title: str, stage: str, inv: Invocation, result: str, url: str = "") -> None:
        ok = inv.exit_code == 0
        self.steps.append(Step(title, stage, result if ok else f"FAILED (exit {inv.exit_code})", url, inv.requests, ok))
        self.say(f"    -> {result if ok else 'FAILED'}{('  ' + url) if url else ''}  [{inv.requests} API requests]")
        if not ok:
            for line in (inv.stdout + inv.stderr).splitlines():
                if line.startswith("::error") or line.startswith("error"):
                    self.say("       " + line)

    def failed_run(self, workflow: str, job: str, step: str, log: str, *, branch: str = "main",
                   conclusion: str = "failure", sha: str | None = None) -> int:
        return self.sim.add_run(REPO, workflow=workflow, branch=branch, conclusion=conclusion, head_sha=sha,
                                created_at=self.sim.clock.now(),
                                jobs=[{"name": job, "conclusion": "failure",
                                       "steps": [{"name": "Set up job", "conclusion": "success"},
                                                 {"name": step, "conclusion": "failure"}],
                                       "log": data_text("logs", log)}])

    def green_run(self, workflow: str, job: str, log: str, *, branch: str = "main", sha: str | None = None) -> int:
        # A green run on a branch tip names a commit; the close-when-green comment cites it.
        sha = sha or hashlib.sha1(f"{workflow}{branch}{self.sim.clock.now()}".encode()).hexdigest()
        return self.sim.add_run(REPO, workflow=workflow, branch=branch, conclusion="success", head_sha=sha,
                                created_at=self.sim.clock.now(),
                                jobs=[{"name": job, "conclusion": "success",
                                       "steps": [{"name": "Set up job", "conclusion": "success"}],
                                       "log": data_text("logs", log)}])

    def run_event(self, run_id: int, *_: str) -> dict:
        """The `workflow_run` event payload as GitHub sends it: the full run object and the repository."""
        gh = self.sim.github()
        try:
            repo = gh.get_repo(REPO)
            return {"action": "completed", "workflow_run": repo.get_workflow_run(run_id).raw_data,
                    "repository": repo.raw_data}
        finally:
            gh.close()

    def heal(self, title: str, run_id: int, workflow: str) -> Invocation:
        self.say(f"  the autoheal.yml workflow's heal job (analyze -> open-issue -> draft-pr -> copilot-review) for run {run_id}")
        inv = self.stage("heal", {"run-id": run_id}, event=self.run_event(run_id, workflow, "failure"),
                         event_name="workflow_run")
        o = inv.outputs
        parts = [f"{o.get('category', '?')} ({o.get('confidence', '?')}%)"]
        if o.get("issue-number"):
            parts.append(f"issue #{o['issue-number']}")
        if o.get("pr-number"):
            parts.append(f"draft PR #{o['pr-number']}")
        if o.get("mode") and o.get("mode") != "none":
            parts.append(f"Copilot: {o['mode']}")
        url = self.url("pulls", o.get("pr-number")) or self.url("issues", o.get("issue-number"))
        self.record(title, "heal", inv, ", ".join(parts), url)
        return inv

    # -- the story ----------------------------------------------------------------------------------
    def show_issue_and_diff(self, issue_number: str, pr_number: str, lines: int = 26) -> None:
        """Print the start of the issue body and the PR's diff, as a reader would see them on GitHub."""
        gh = self.sim.github()
        try:
            repo = gh.get_repo(REPO)
            if issue_number:
                issue = repo.get_issue(int(issue_number))
                visible = re.sub(r"<!--.*?-->", "", issue.body or "", flags=re.S).strip()  # hidden markers
                body = visible.splitlines()
                self.say(f"\n    Issue #{issue_number}: {issue.title}")
                for ln in body[:lines]:
                    self.say(f"    | {ln}")
                if len(body) > lines:
                    self.say(f"    | ... ({len(body) - lines} more lines)")
            if pr_number:
                pr = repo.get_pull(int(pr_number))
                self.say(f"\n    Draft PR #{pr_number}: {pr.title}  ({pr.head.ref} -> {pr.base.ref})")
                for changed in pr.get_files():
                    self.say(f"    diff {changed.filename}")
                    for ln in (changed.patch or "").splitlines()[:lines]:
                        self.say(f"    {ln}")
        finally:
            gh.close()

    def merge(self, pr_number: str) -> str:
        """A maintainer merges the PR (autoheal never merges); returns the merge commit's sha."""
        gh = self.sim.github()
        try:
            pr = gh.get_repo(REPO).get_pull(int(pr_number))
            return pr.merge(merge_method="squash").sha
        finally:
            gh.close()

    def seed(self) -> None:
        from ..init import personalize, scaffold_text

        spec = yaml.safe_load(data_text("repo.yml"))
        files = dict(spec["files"])
        files[".github/workflows/autoheal.yml"] = personalize(scaffold_text("workflows", "autoheal.yml"),
                                                               "autoheal-dev", "v1")
        self.sim.clock.set(CLOCK_START)
        self.sim.create_repo(REPO, default_branch=spec["default_branch"], files=files)
        # The demo's token stands for autoheal's identity in a repository it is installed in: a member.
        self.sim.add_collaborator(REPO, self.sim.login)
        self.say(f"Created {REPO} on the simulator: a Python project with CI, Lint, Docker and Release workflows,")
        self.say("autoheal's workflow templates and config. Nothing here touches GitHub.")
        self.say(f"Simulator: {self.sim.base_url}  (e.g. {self.sim.base_url}/repos/{REPO}/issues). The URLs below")
        self.say("work while the demo runs and end with it; `autoheal demo --serve` keeps the simulator up.")
        # A green history, so health-check and the novel-line baseline have something to compare with.
        self.green_run("CI", "test", "ci-green.log")
        self.green_run("Release", "publish", "release-green.log")

    def step_missing_dependency(self) -> dict:
        self.say("\n1. CI fails on main: ModuleNotFoundError: No module named 'yaml'")
        self.sim.clock.advance(hours=1)
        run_id = self.failed_run("CI", "test", "Run pytest -q tests", "ci-missing-yaml.log")
        inv = self.heal("CI fails: missing dependency", run_id, "CI")
        return inv.outputs

    def step_fix_goes_green(self, pr_number: str) -> None:
        self.say(f"\n2. CI runs on the fix branch of PR #{pr_number} and turns green; Copilot reviews it;")
        self.say("   the pr-monitor.yml workflow sees both and marks the PR ready for review.")
        self.say("   (On GitHub, a branch pushed with GITHUB_TOKEN starts no workflow: CI runs on autoheal's PR when")
        self.say("   someone pushes to it or re-runs CI, or when autoheal's token is a GitHub App token or PAT.)")
        if not pr_number:
            self.say("    (skipped: no PR)")
            return
        pr = next(p for p in self.sim.pulls(REPO) if str(p["number"]) == str(pr_number))
        sha, branch = pr["head"]["sha"], pr["head"]["ref"]
        self.sim.clock.advance(minutes=20)
        self.green_run("CI", "test", "ci-green.log", branch=branch, sha=sha)
        self.sim.add_check_run(REPO, sha, "test", conclusion="success")
        if hasattr(self.sim, "copilot_review"):
            self.sim.copilot_review(REPO, int(pr_number), "Looks good: adds PyYAML to requirements.txt.")
        inv = self.stage("pr-monitor", {"pr-number": int(pr_number)})
        counts = inv.outputs.get("counts", "{}")
        self.record("fix branch green", "pr-monitor", inv, f"states {counts}", self.url("pulls", pr_number))
        again = self.stage("pr-monitor", {"pr-number": int(pr_number)})
        self.record("monitor again (idempotent)", "pr-monitor", again,
                    f"{again.writes} writes on the second pass", self.url("pulls", pr_number))

    def step_timeout(self) -> None:
        self.say("\n3. The e2e job hits its 10-minute timeout")
        self.sim.clock.advance(hours=1)
        run_id = self.failed_run("CI", "e2e", "Run ./scripts/e2e.sh", "ci-e2e-timeout.log", conclusion="timed_out")
        self.heal("CI e2e: job timeout", run_id, "CI")

    def step_docker(self) -> None:
        self.say("\n4. The Docker workflow fails while building (a real log from hashicorp/terraform)")
        self.sim.clock.advance(hours=1)
        run_id = self.failed_run("Docker", "build", "Run docker build .", "docker-build.log")
        self.heal("Docker build fails", run_id, "Docker")

    def step_unknown(self) -> None:
        self.say("\n5. Release fails with an error autoheal has no rule for (novel lines vs the last green run)")
        self.sim.clock.advance(hours=1)
        run_id = self.failed_run("Release", "publish", "Run ./scripts/publish.sh", "release-unknown.log")
        inv = self.stage("analyze-failure", {"run-id": run_id}, event=self.run_event(run_id, "Release", "failure"),
                         event_name="workflow_run")
        novel = []
        path = self.workspace / inv.outputs.get("analysis-file", "autoheal-analysis.json")
        if path.is_file():
            novel = [n["text"] for n in json.loads(path.read_text()).get("novel_lines", [])]
        self.record("Release fails: unknown", "analyze-failure", inv,
                    f"{inv.outputs.get('category')} ({inv.outputs.get('confidence')}%), {len(novel)} novel line(s)")
        for line in novel[:3]:
            self.say(f"       novel: {line[:110]}")
        issue = self.stage("open-issue", {"analysis-file": inv.outputs.get("analysis-file", "")})
        self.record("unknown: gate", "open-issue", issue,
                    f"{issue.outputs.get('action')}: {issue.outputs.get('reason', '')[:80]}",
                    self.url("issues", issue.outputs.get("issue-number")))

    def step_repeat(self, issue_number: str) -> None:
        self.say("\n6. The same missing-dependency failure happens again on main (a re-run before the fix merged)")
        self.sim.clock.advance(hours=2)
        run_id = self.failed_run("CI", "test", "Run pytest -q tests", "ci-missing-yaml-repeat.log")
        inv = self.heal("CI fails again: same fingerprint", run_id, "CI")
        same = inv.outputs.get("issue-number") == issue_number
        self.say(f"       same issue as before: {'yes' if same else 'NO'}; issues open: "
                 f"{len([i for i in self.sim.issues(REPO, state='open') if 'autoheal' in [lb['name'] for lb in i['labels']]])}")

    def step_green(self, pr_number: str) -> None:
        self.say(f"\n7. A maintainer merges PR #{pr_number} (autoheal never merges); CI on main turns green. A green run")
        self.say("   starts no autoheal container: the hourly sweep of autoheal.yml's close-when-green job (schedule)")
        self.say("   finds the workflow green again and closes its open autoheal issues")
        self.sim.clock.advance(hours=3)
        sha = self.merge(pr_number) if pr_number else None
        self.green_run("CI", "test", "ci-green.log", sha=sha)
        self.sim.clock.advance(minutes=30)
        inv = self.stage("open-issue", {"sweep": True}, event={"schedule": "7 * * * *"}, event_name="schedule")
        self.record("CI green on main", "open-issue", inv,
                    f"{inv.outputs.get('action')}: {inv.outputs.get('reason', '')[:80]}",
                    self.url("issues", inv.outputs.get("issue-number")))

    def step_stale(self) -> None:
        self.say("\n8. Ten days pass; stale-cleanup warns about idle autoheal drafts, then closes them a week later")
        self.sim.clock.advance(days=10)
        warn = self.stage("stale-cleanup")
        self.record("stale warning", "stale-cleanup", warn,
                    f"examined {warn.outputs.get('examined')}, warned {warn.outputs.get('warned')}")
        self.sim.clock.advance(days=8)
        close = self.stage("stale-cleanup")
        self.record("stale close", "stale-cleanup", close,
                    f"closed {close.outputs.get('closed')}, {close.outputs.get('remaining-operations')} operations left")

    def step_health(self) -> None:
        self.say("\n9. The daily health check")
        inv = self.stage("health-check")
        self.record("health dashboard", "health-check", inv,
                    f"success rate {inv.outputs.get('success-rate')}%, alerts {inv.outputs.get('alerts')}",
                    self.url("issues", inv.outputs.get("dashboard-issue")))

    def step_sync(self) -> None:
        self.say("\n10. sync-workflows: autoheal.yml watches only CI; a PR adds Lint, Docker and Release")
        self.say("    (on GitHub the PR needs the AUTOHEAL_WORKFLOWS_TOKEN secret, as GITHUB_TOKEN cannot change workflow")
        self.say("    files; without it the sync-workflows job only checks the list and reports the difference)")
        inv = self.stage("sync-workflows")
        self.record("watch list", "sync-workflows", inv, f"watching {inv.outputs.get('workflows')}",
                    self.url("pulls", inv.outputs.get("pr-number")))

    def summary(self, seconds: float) -> None:
        self.say("\nSummary")
        width = max(len(s.title) for s in self.steps)
        self.say(f"  {'step':<{width}}  {'stage':<16} {'API':>4}  result")
        for s in self.steps:
            self.say(f"  {s.title:<{width}}  {s.stage:<16} {s.requests:>4}  {s.result}")
        issues = self.sim.issues(REPO)
        pulls = self.sim.pulls(REPO)
        self.say(f"\n  {len(issues)} issues ({len([i for i in issues if i['state'] == 'open'])} open), "
                 f"{len(pulls)} pull requests, {sum(s.requests for s in self.steps)} API requests, {seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    import tempfile
    from pathlib import Path

    from ..sim import start

    parser = argparse.ArgumentParser(prog="autoheal demo", description=__doc__)
    parser.add_argument("--serve", action=argparse.BooleanOptionalAction, default=False,
                        help="keep the simulator running afterwards, to browse the issues and PRs (Ctrl-C stops it)")
    parser.add_argument("--port", type=int, default=0, help="simulator port (default: a free one)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port {args.port} is not a TCP port (0-65535)")
    began = time.monotonic()
    try:
        sim = start(port=args.port)
    except OSError as exc:
        print(f"error: --port {args.port}: cannot listen on 127.0.0.1:{args.port} ({exc.strerror or exc}); "
              "the port is busy: pick another, or leave --port out to use a free one", file=sys.stderr)
        return 1
    demo = Demo(sim=sim, out=lambda text: print(text, flush=True), workspace=Path(tempfile.mkdtemp(prefix="autoheal-demo-")))
    try:
        demo.seed()
        first = demo.step_missing_dependency()
        demo.show_issue_and_diff(first.get("issue-number", ""), first.get("pr-number", ""))
        demo.step_fix_goes_green(first.get("pr-number", ""))
        demo.step_timeout()
        demo.step_docker()
        demo.step_unknown()
        demo.step_repeat(first.get("issue-number", ""))
        demo.step_green(first.get("pr-number", ""))
        demo.step_stale()
        demo.step_health()
        demo.step_sync()
        demo.summary(time.monotonic() - began)
        if args.serve:
            print(f"\nServing the simulator at {sim.base_url} (token {sim.token}); Ctrl-C to stop.", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        else:
            print("\nThe simulator has stopped, and its URLs with it; `autoheal demo --serve` keeps it up to browse.",
                  flush=True)
    finally:
        sim.stop()
    return 0 if all(s.ok for s in demo.steps) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
