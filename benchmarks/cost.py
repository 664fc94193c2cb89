"""What autoheal costs a busy repository: container jobs and API requests per push, through the templates' own `if:`.

Replays a day of a 50-workflow repository on the embedded simulator: pushes to the default branch (every
workflow completes green), one of them red and the next one green again, people's pull requests (opened,
pushed to, reviewed, commented; their runs green or red), comments on people's issues, an outsider's
issue, and the scheduled jobs. Every event goes through the `on:` filters and job-level `if:` of the
templates autoheal installs (evaluated from the template files by tests/container/templatejobs.py);
every job that would start is run in-process with the stages it names, and its API requests counted.

The baseline column, in the same run, is the same day through the templates as issue #18 found them:
no job-level `if:` except the heal / close-when-green split on the run's conclusion.

Usage: python benchmarks/cost.py [--workflows 50] [--pushes 8] [--prs 4]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from container.expressions import condition, interpolate  # noqa: E402
from container.templatejobs import contexts_for, load_templates, started_jobs  # noqa: E402
from container.templatejobs import stage_of  # noqa: E402

from autoheal.fixes.workflow_list import sync_workflow_run_list  # noqa: E402
from autoheal.init import WORKFLOWS, personalize, scaffold_text  # noqa: E402
from autoheal.demo.story import data_text  # noqa: E402
from autoheal.invoke import invoke  # noqa: E402
from autoheal.sim import start  # noqa: E402

REPO = "octo/busy"
# The job-level `if:` of the templates before issue #18 (everything else as today): the baseline.
BEFORE_18 = {
    ("autoheal.yml", "heal"): "github.event_name == 'workflow_dispatch' || github.event.workflow_run.conclusion == "
                              "'failure' || github.event.workflow_run.conclusion == 'timed_out'",
    ("autoheal.yml", "close-when-green"): "github.event.workflow_run.conclusion == 'success'",
    ("issue-to-draft-pr.yml", "draft-pr"): "github.event.issue.pull_request == null",
}
FAILING_LOG = data_text("logs", "ci-missing-yaml.log")  # the demo's real pytest log: No module named 'yaml'


@dataclass
class Tally:
    jobs: int = 0
    requests: int = 0
    by_job: dict = field(default_factory=lambda: defaultdict(int))


def seed(sim, n: int) -> tuple[list[str], Path]:
    names = [f"Workflow {i:02d}" for i in range(n)]
    files = {f".github/workflows/w{i:02d}.yml": f"name: {name}\non: [push, pull_request]\njobs:\n"
             f"  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n" for i, name in enumerate(names)}
    files.update({"requirements.txt": "pytest\n", "app.py": "import yaml\n",
                  ".github/autoheal.yml": scaffold_text("autoheal.example.yml")})
    folder = Path(tempfile.mkdtemp(prefix="autoheal-cost-"))
    for name in WORKFLOWS:
        rel = f".github/workflows/{name}.yml"
        text = personalize(scaffold_text("workflows", f"{name}.yml"), "autoheal-dev", "v1")
        if name in ("autoheal", "pr-monitor"):
            text = sync_workflow_run_list(rel, text, names).new
        files[rel] = text
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    sim.create_repo(REPO, default_branch="main", files=files)
    sim.add_collaborator(REPO, sim.login)  # the token stands for autoheal's identity: a member of the repository
    return names, folder


def baseline(templates: dict) -> dict:
    """The same templates with the job-level `if:` as before issue #18."""
    out = {}
    for name, doc in templates.items():
        jobs = {}
        for job, spec in doc["jobs"].items():
            spec = dict(spec)
            spec.pop("if", None)
            if (name, job) in BEFORE_18:
                spec["if"] = BEFORE_18[(name, job)]
            jobs[job] = spec
        on = dict(doc["on"])
        if name == "issue-to-draft-pr.yml":  # every opened issue started the job before #18
            on["issues"] = {"types": ["opened", "reopened", "labeled"]}
        out[name] = {**doc, "on": on, "jobs": jobs}
    return out


def run_job(sim, spec: dict, event_name: str, event: dict, workspace: Path) -> int:
    """The job's steps in-process (as the containers would run them); returns its API requests."""
    contexts = contexts_for(event_name, event, REPO)
    contexts["github"]["token"] = sim.token
    total = 0
    for index, step in enumerate(spec["steps"]):
        step_id = step.get("id") or f"__{index}"
        if not condition(step.get("if"), contexts):
            contexts["steps"][step_id] = {"outputs": {}, "outcome": "skipped"}
            continue
        args = {k: interpolate(v, contexts) for k, v in (step.get("with") or {}).items()}
        args = {k: v for k, v in args.items() if v != "" and k not in ("token", "copilot-token")}
        stage = stage_of(step["uses"]) or "heal"
        inv = invoke(stage, args, api_url=sim.base_url, token=sim.token, repo=REPO, workspace=workspace,
                     event=event, event_name=event_name)
        total += inv.requests
        contexts["steps"][step_id] = {"outputs": inv.outputs, "outcome": "success" if inv.exit_code == 0 else "failure"}
        if inv.exit_code != 0 and not condition(step.get("continue-on-error", False), contexts):
            break
    return total


class Day:
    def __init__(self, sim, names, variants: dict[str, dict]):
        self.sim, self.names, self.variants = sim, names, variants
        self.tally = {v: defaultdict(Tally) for v in variants}
        self.workspace = Path(tempfile.mkdtemp(prefix="autoheal-cost-ws-"))
        self.sha = 0
        self.order: list[str] = []  # buckets in the order the day delivered them

    def deliver(self, bucket: str, event_name: str, event: dict, changed=()) -> None:
        if bucket not in self.order:
            self.order.append(bucket)
        for variant, templates in self.variants.items():
            for job in started_jobs(templates, event_name, event, repository=REPO, changed_paths=tuple(changed)):
                tally = self.tally[variant][bucket]
                tally.jobs += 1
                tally.by_job[f"{job.workflow}:{job.job}"] += 1
                tally.requests += run_job(self.sim, job.spec, event_name, event, self.workspace)

    def run_event(self, name: str, branch: str, conclusion: str, event: str, head_repo: str = REPO) -> dict:
        jobs = [{"name": "test", "conclusion": conclusion,
                 "steps": [{"name": "Set up job", "conclusion": "success"},
                           {"name": "Run pytest -q", "conclusion": conclusion}],
                 "log": FAILING_LOG if conclusion == "failure" else "ok\n"}]
        sha = hashlib.sha1(f"{branch}{self.sha}".encode()).hexdigest()
        run_id = self.sim.add_run(REPO, workflow=name, branch=branch, conclusion=conclusion, event=event,
                                  head_sha=sha, created_at=self.sim.clock.now(), jobs=jobs)
        return {"action": "completed",
                "workflow_run": {"id": run_id, "name": name, "head_branch": branch, "conclusion": conclusion,
                                 "event": event, "head_sha": sha, "run_attempt": 1, "workflow_id": 1,
                                 "head_repository": {"full_name": head_repo}},
                "repository": {"full_name": REPO, "default_branch": "main"}}

    def push(self, bucket: str, branch: str = "main", red: set[str] = frozenset(), event: str = "push") -> None:
        self.sha += 1
        self.sim.clock.advance(minutes=20)
        if event == "push":
            self.deliver(bucket, "push", {"ref": f"refs/heads/{branch}"}, changed=("app.py",))
        for name in self.names:
            conclusion = "failure" if name in red else "success"
            self.deliver(bucket, "workflow_run", self.run_event(name, branch, conclusion, event))


def firings_per_day(cron: str) -> int:
    """Times a day a `minute hour * * *` cron fires (the templates use no other shape)."""
    minute, hour, *days = cron.split()
    if any(field != "*" for field in days) or not minute.isdigit():
        raise ValueError(f"cron {cron!r} is not of the shape this benchmark counts")
    if hour == "*":
        return 24
    if hour.startswith("*/"):
        return 24 // int(hour[2:])
    return len(hour.split(","))


def replay(workflows: int, pushes: int, prs: int) -> dict:
    sim = start()
    try:
        names, folder = seed(sim, workflows)
        templates = load_templates(folder)
        day = Day(sim, names, {"autoheal": templates, "before #18": baseline(templates)})
        for _ in range(pushes):
            day.push("push to main, all green")
        day.push("push to main, one workflow red", red={names[3]})
        day.push("push to main, green again")
        person_pr = {"number": 900, "body": "my change", "head": {"ref": "feature/x", "repo": {"full_name": REPO}},
                     "base": {"ref": "main", "repo": {"full_name": REPO}}}
        for i in range(prs):
            day.deliver("people's PRs", "pull_request", {"action": "opened", "pull_request": person_pr})
            day.push("people's PRs", branch="feature/x", red={names[i]} if i % 2 else set(), event="pull_request")
            day.deliver("people's PRs", "pull_request", {"action": "synchronize", "pull_request": person_pr})
            day.deliver("people's PRs", "pull_request_review",
                        {"action": "submitted", "pull_request": person_pr, "review": {"state": "commented"}})
            for _ in range(3):
                day.deliver("comments", "issue_comment",
                            {"action": "created", "comment": {"body": "thanks"},
                             "issue": {"number": 900, "body": "my change", "pull_request": {"url": "x"}}})
        day.deliver("outsider's issue", "issues", {"action": "opened", "issue": {
            "number": 950, "body": "Traceback: ModuleNotFoundError: No module named 'reqeusts'",
            "user": {"login": "stranger"}, "author_association": "NONE", "labels": []}})
        for cron in sorted({e["cron"] for doc in templates.values() for e in (doc["on"].get("schedule") or [])}):
            for _ in range(firings_per_day(cron)):
                sim.clock.advance(minutes=1)
                day.deliver("scheduled (a day)", "schedule", {"schedule": cron})
        issues, pulls = sim.issues(REPO), sim.pulls(REPO)
        print(f"(sanity: {len(issues)} issue(s), {sum(i['state'] == 'closed' for i in issues)} closed; "
              f"{len(pulls)} pull request(s) — both variants ran against one simulator)\n")
        return {v: dict(t) for v, t in day.tally.items()}, pushes, day.order
    finally:
        sim.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workflows", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=8, help="green pushes to the default branch")
    parser.add_argument("--prs", type=int, default=4, help="people's pull requests")
    args = parser.parse_args(argv)
    tallies, pushes, buckets = replay(args.workflows, args.pushes, args.prs)
    variants = list(tallies)
    print(f"A day of a {args.workflows}-workflow repository through the templates' own triggers and `if:`\n")
    print(f"{'event':<34}" + "".join(f"{v + ' jobs':>18}{v + ' requests':>22}" for v in variants))
    per = {"push to main, all green": pushes}
    for bucket in buckets:
        row = f"{bucket:<34}"
        for v in variants:
            t = tallies[v].get(bucket, Tally())
            n = per.get(bucket, 1)
            row += f"{t.jobs / n:>18.1f}{t.requests / n:>22.1f}"
        print(row + ("   (per push)" if bucket in per else "   (total)"))
    print("\nJobs that started, by template job (autoheal):")
    for bucket in buckets:
        t = tallies["autoheal"].get(bucket)
        if t and t.by_job:
            print(f"  {bucket}: " + ", ".join(f"{k} x{n}" for k, n in sorted(t.by_job.items())))
    print("\nPer day (all events above):")
    for v in variants:
        jobs = sum(t.jobs for t in tallies[v].values())
        requests = sum(t.requests for t in tallies[v].values())
        print(f"  {v:<12} {jobs:>6} container jobs {requests:>7} API requests")
    green = tallies["autoheal"].get("push to main, all green", Tally())
    ok = green.jobs / pushes <= 1 and green.requests / pushes <= 10
    print(f"\nGoal (<= 1 container job and <= 10 requests per push when nothing failed): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
