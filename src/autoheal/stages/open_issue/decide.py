"""What open-issue should do, decided from facts alone (pure: no I/O, no PyGithub).

Failure path: gates (enabled, issues.create, excluded workflows, min_confidence, max_issues_per_hour)
-> an open issue with the fingerprint is a repeat (update the occurrences in place, comment only when
something material changed) -> a recently closed one is a regression (reopen) -> else a new issue.
Success path: a green run of a workflow on a branch closes the open issues failing there.

Gathering again after applying a plan gives an empty plan: the run's key is recorded in the issue, the
closed issue is no longer open. That is the idempotency the tests check. A comment is planned before
the edit it announces, so a delivery that fails between the two leaves the edit undone and its re-run
plans both again (the comment is then found by its hidden key, not posted twice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ...fixes.workflow_list import excluded as matches_glob
from ...markers import marker
from ..shared.context import Plan
from .render import (
    closed_comment,
    issue_title,
    regressed_comment,
    render_body,
    repeat_comment,
    updated_body,
)
from .state import (
    Record,
    add_occurrence,
    clear_branch,
    fingerprint_of,
    iso,
    merge_records,
    new_record,
    occurrence_from,
    parse_time,
    record_of,
)

OWN_WORKFLOWS = ("autoheal", "autoheal *", "autoheal-*", "autoheal:*", "autoheal/*")
"""Names of autoheal's own workflows (the consumer templates are all named `autoheal ...`): a failure
there is never filed by autoheal itself, whatever the config says, so it can never feed on itself."""
OWN_WORKFLOW_FILES = (".github/workflows/autoheal*.yml", ".github/workflows/autoheal*.yaml")


# -- settings -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """The config keys and inputs open-issue obeys, resolved once (inputs override the config)."""

    enabled: bool = True
    create: bool = True
    excluded: tuple[str, ...] = ()
    min_confidence: int = 70
    require_located: bool = True
    max_per_hour: int = 10
    labels: tuple[str, ...] = ("autoheal",)
    category_labels: bool = True
    comment_on_repeat: str = "material"
    reopen_window_days: int = 14
    close_after_successes: int = 1
    own_workflow_file: str = ".github/workflows/autoheal.yml"

    @property
    def marker_label(self) -> str:
        """autoheal's own label: how it lists its issues (one request, not the search API)."""
        return self.labels[0]

    def labels_for(self, category: str) -> list[str]:
        labels = list(self.labels)
        if self.category_labels and category:
            labels.append(f"autoheal:{category}"[:50])
        return list(dict.fromkeys(labels))


def settings_from(config: Any, min_confidence_input: int | None = None) -> Settings:
    issues = config["issues"]
    return Settings(
        enabled=bool(config["enabled"]),
        create=bool(issues["create"]),
        excluded=tuple(config["excluded_workflows"] or ()),
        min_confidence=int(min_confidence_input if min_confidence_input is not None else config["min_confidence"]),
        require_located=bool(config.get_path("issues.require_located", True)),
        max_per_hour=int(config["rate_limits"]["max_issues_per_hour"]),
        labels=tuple(issues["labels"]) or ("autoheal",),
        category_labels=bool(issues["category_labels"]),
        comment_on_repeat=str(issues["comment_on_repeat"]),
        reopen_window_days=int(issues["reopen_window_days"]),
        close_after_successes=int(issues["close_after_successes"]),
        own_workflow_file=str(config.get_path("sync.workflow_file", ".github/workflows/autoheal.yml")),
    )


# -- facts --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunInfo:
    """The completed workflow run this invocation is about."""

    id: int
    conclusion: str
    workflow: str
    branch: str
    sha: str
    url: str = ""
    attempt: int = 1
    workflow_id: int | None = None
    path: str = ""
    created_at: datetime | None = None
    default_branch: str = ""
    repo_url: str = ""  # the repository's html_url, for commit links

    @property
    def green(self) -> bool:
        return self.conclusion == "success"


def run_from_json(data: Mapping[str, Any], repository: Mapping[str, Any] | None = None) -> RunInfo:
    """A `workflow_run` object (event payload or GET .../actions/runs/{id}) -> RunInfo. `repository`
    (the event's top-level one) fills what the run's own minimal repository object lacks."""
    repo = dict(repository or {})
    if isinstance(data.get("repository"), Mapping):
        repo.update({k: v for k, v in data["repository"].items() if v})
    return RunInfo(
        id=int(data.get("id") or 0),
        conclusion=str(data.get("conclusion") or ""),
        workflow=str(data.get("name") or ""),
        branch=str(data.get("head_branch") or ""),
        sha=str(data.get("head_sha") or ""),
        url=str(data.get("html_url") or ""),
        attempt=int(data.get("run_attempt") or 1),
        workflow_id=int(data["workflow_id"]) if isinstance(data.get("workflow_id"), int) else None,
        path=str(data.get("path") or ""),
        created_at=parse_time(data.get("created_at")),
        default_branch=str(repo.get("default_branch") or ""),
        repo_url=str(repo.get("html_url") or ""),
    )


@dataclass(frozen=True)
class KnownIssue:
    """An issue carrying autoheal's label, as listed (its body holds the fingerprint and the record)."""

    number: int
    title: str
    body: str
    state: str
    state_reason: str | None
    created_at: datetime | None
    closed_at: datetime | None
    url: str = ""
    labels: tuple[str, ...] = ()
    updated_at: datetime | None = None

    @property
    def fingerprint(self) -> str | None:
        return fingerprint_of(self.body)

    @property
    def record(self) -> Record | None:
        return record_of(self.body)


@dataclass
class Facts:
    now: datetime
    analysis: Mapping[str, Any] | None = None
    run: RunInfo | None = None
    open_issues: list[KnownIssue] = field(default_factory=list)
    closed_issues: list[KnownIssue] | None = None  # None: not gathered (not needed)
    success_streak: int | None = None  # consecutive green runs, when close_after_successes > 1
    template_text: str | None = None
    template_name: str = "template"


@dataclass
class Outcome:
    """What the run amounts to: the `action`, `reason` and issue outputs."""

    action: str  # created | updated | reopened | closed | skipped
    reason: str
    number: int | None = None
    url: str = ""
    closed: list[int] = field(default_factory=list)


# -- gates --------------------------------------------------------------------------------------------

def own_workflow(name: str, path: str, settings: Settings) -> bool:
    if name and matches_glob(name.strip(), OWN_WORKFLOWS):
        return True
    return bool(path) and (path == settings.own_workflow_file or matches_glob(path, OWN_WORKFLOW_FILES))


def gate_before_github(settings: Settings, workflow: str, path: str, *, failure: bool) -> str | None:
    """Gates that need no API call: the reason to skip, or None to go on."""
    if not settings.enabled:
        return "enabled: false in the config (autoheal is switched off)"
    if failure and not settings.create:
        return "issues.create: false in the config (analysis only, no issues)"
    if own_workflow(workflow, path, settings):
        return f"excluded_workflows: {workflow or path!r} is one of autoheal's own workflows (never reported)"
    for pattern in settings.excluded:
        if matches_glob(workflow, [pattern]) or (path and matches_glob(path, [pattern])):
            return f"excluded_workflows: {workflow!r} matches {pattern!r}"
    if not failure and settings.close_after_successes <= 0:
        return "issues.close_after_successes: 0 (autoheal never closes issues itself)"
    return None


def is_located(analysis: dict) -> bool:
    """The analyzer found where the failure is: a failing step with its error lines. Until the analysis
    carries `located` itself, key lines stand for it (an analysis that quotes no line located nothing)."""
    if "located" in analysis:
        return bool(analysis["located"])
    return bool(analysis.get("key_lines"))


def gate_confidence(settings: Settings, confidence: int, analysis: dict | None = None) -> str | None:
    """The issue gate: a located failure (issues.require_located), then the issue threshold (min_confidence).
    The category may be unsure: an issue that quotes the right lines is useful. A fix PR has its own gate."""
    if settings.require_located and analysis is not None and not is_located(analysis):
        return ("issues.require_located: the failure was not located (no failing step with error lines); "
                "the step summary has the analysis")
    if confidence < settings.min_confidence:
        return f"min_confidence: confidence {confidence} is below {settings.min_confidence}"
    return None


def issues_created_within(issues: Sequence[KnownIssue], since: datetime) -> int:
    seen: set[int] = set()
    for issue in issues:
        if issue.created_at is not None and issue.created_at >= since:
            seen.add(issue.number)
    return len(seen)


def gate_hourly(settings: Settings, facts: Facts) -> str | None:
    since = facts.now - timedelta(hours=1)
    count = issues_created_within(list(facts.open_issues) + list(facts.closed_issues or []), since)
    if count >= settings.max_per_hour:
        return (f"max_issues_per_hour: {count} autoheal issue(s) created in the last hour "
                f"(limit {settings.max_per_hour}); the next failure after the hour files it")
    return None


# -- lookups ------------------------------------------------------------------------------------------

def with_fingerprint(issues: Sequence[KnownIssue], fingerprint: str) -> list[KnownIssue]:
    return sorted((i for i in issues if i.fingerprint == fingerprint), key=lambda i: i.number)


def closed_since(settings: Settings, now: datetime) -> datetime:
    """How far back closed issues are listed: the reopen window, and at least the hour the cap counts."""
    return now - max(timedelta(days=settings.reopen_window_days), timedelta(hours=1))


def needs_closed_issues(facts: Facts, settings: Settings) -> bool:
    """Closed issues matter only when no open issue has the fingerprint (reopen, and the hourly cap)."""
    if facts.analysis is None:
        return False
    return not with_fingerprint(facts.open_issues, str(facts.analysis.get("fingerprint")))


# -- the failure path ---------------------------------------------------------------------------------

def decide_failure(facts: Facts, settings: Settings) -> tuple[Plan, Outcome]:
    analysis = facts.analysis or {}
    fingerprint = str(analysis.get("fingerprint"))
    occ = occurrence_from(analysis, facts.now)
    plan = Plan()

    open_matches = with_fingerprint(facts.open_issues, fingerprint)
    if open_matches:
        canonical, *extra = open_matches
        outcome = _repeat(plan, canonical, extra, analysis, occ, settings)
        for dup in extra:  # left by a race: their runs are folded into the oldest one, then they are closed
            _close_duplicate(plan, dup, canonical.number)
        return plan, outcome

    confidence = occ.confidence
    closed_matches = [i for i in with_fingerprint(facts.closed_issues or [], fingerprint)]
    closed_matches.sort(key=lambda i: i.closed_at or facts.now, reverse=True)
    window_start = facts.now - timedelta(days=settings.reopen_window_days)
    for issue in closed_matches:
        record = issue.record
        if record is not None and record.has(occ.key):
            return plan, Outcome("skipped", f"run {occ.key} is already recorded on closed issue {issue.number}",
                                 issue.number, issue.url)
    recent = [i for i in closed_matches if settings.reopen_window_days > 0
              and i.closed_at is not None and i.closed_at >= window_start and i.state_reason != "duplicate"]
    if recent:
        issue = recent[0]
        if issue.state_reason == "not_planned":
            return plan, Outcome("skipped", f"issue {issue.number} with this fingerprint was closed as not planned "
                                 "by a maintainer; autoheal respects that", issue.number, issue.url)
        reason = gate_confidence(settings, confidence, analysis)
        if reason:
            return plan, Outcome("skipped", reason)
        return plan, _reopen(plan, issue, analysis, occ, settings)

    reason = gate_confidence(settings, confidence, analysis) or gate_hourly(settings, facts)
    if reason:
        return plan, Outcome("skipped", reason)
    record = new_record(analysis, occ)
    title = issue_title(analysis)
    body = render_body(analysis, record, settings, template_text=facts.template_text,
                       template_name=facts.template_name)
    labels = settings.labels_for(str(analysis.get("category") or ""))
    plan.add("ensure_labels", "labels", f"make sure labels exist: {', '.join(labels)}", names=labels)
    plan.add("create_issue", "new issue", f"file {title!r}", title=title, body=body, labels=labels,
             fingerprint=fingerprint, key=occ.key)
    return plan, Outcome("created", f"new failure (fingerprint {fingerprint[:12]})")


def _repeat(plan: Plan, issue: KnownIssue, duplicates: Sequence[KnownIssue], analysis: Mapping[str, Any],
            occ: Any, settings: Settings) -> Outcome:
    record = issue.record or Record(fingerprint=str(analysis.get("fingerprint")))
    merged = record
    for dup in duplicates:
        if dup.record is not None:
            merged = merge_records(merged, dup.record)
    if merged.has(occ.key):
        if merged.to_json() != record.to_json():
            plan.add("edit_issue", f"#{issue.number}", f"fold {len(duplicates)} duplicate(s) into the occurrences",
                     number=issue.number, body=updated_body(issue.body, None, merged))
            return Outcome("updated", f"folded duplicate issue(s) into issue {issue.number}", issue.number, issue.url)
        return Outcome("skipped", f"run {occ.key} is already recorded on issue {issue.number} (re-delivery)",
                       issue.number, issue.url)
    new, changes = add_occurrence(merged, occ)
    # The comment goes first: once the edit records the run, a re-run of a delivery that failed in
    # between would see nothing left to do and the comment would be lost.
    policy = settings.comment_on_repeat
    if policy == "always" or policy == "material" and changes.material:
        why = ", ".join(changes.describe()) or "seen again"
        plan.add("comment", f"#{issue.number}", f"repeat comment ({why})", number=issue.number,
                 body=_tagged(repeat_comment(new, analysis, changes), "repeat", occ.key), key=f"repeat-{occ.key}",
                 look_first=touched_since(issue, parse_time(analysis.get("created_at"))))
    plan.add("edit_issue", f"#{issue.number}", f"occurrence {new.count}: run {occ.key}",
             number=issue.number, body=updated_body(issue.body, analysis, new))
    detail = f"; {', '.join(changes.describe())}" if changes.material else ""
    return Outcome("updated", f"repeat of a known failure: occurrence {new.count}{detail}", issue.number, issue.url)


def _reopen(plan: Plan, issue: KnownIssue, analysis: Mapping[str, Any], occ: Any, settings: Settings) -> Outcome:
    previous = issue.record or Record(fingerprint=str(analysis.get("fingerprint")))
    new, changes = add_occurrence(previous, occ, reopening=True)
    plan.add("comment", f"#{issue.number}", "regressed comment", number=issue.number,
             body=_tagged(regressed_comment(new, previous, analysis, changes, issue.closed_at), "regressed", occ.key),
             key=f"regressed-{occ.key}", look_first=touched_since(issue, parse_time(analysis.get("created_at"))))
    plan.add("edit_issue", f"#{issue.number}", f"reopen: regressed in run {occ.key}", number=issue.number,
             body=updated_body(issue.body, analysis, new), state="open")
    closed = issue.closed_at.strftime("%Y-%m-%d") if issue.closed_at else "recently"
    return Outcome("reopened", f"regressed: the same failure came back after the issue was closed ({closed}, "
                   f"within reopen_window_days={settings.reopen_window_days})", issue.number, issue.url)


def _close_duplicate(plan: Plan, dup: KnownIssue, winner: int) -> None:
    plan.add("edit_issue", f"#{dup.number}", f"close as a duplicate of #{winner}", number=dup.number,
             body=duplicate_body(dup.body, winner), state="closed", state_reason="duplicate")


def duplicate_body(body: str, winner: int) -> str:
    """The body of an issue closed as a duplicate: its fingerprint marker is renamed so it is never
    matched again, and a visible line points to the issue that tracks the failure."""
    renamed = body.replace("<!-- autoheal:fingerprint=", "<!-- autoheal:duplicate-fingerprint=", 1)
    return f"{marker('duplicate-of', winner)}\n> [!NOTE]\n> Duplicate of #{winner}: autoheal tracks this failure there.\n\n{renamed}"


def touched_since(issue: KnownIssue, run_created: datetime | None) -> bool:
    """Could a comment about this run already be on the issue? Only if the issue changed after the run
    began (posting a comment updates the issue): otherwise the look for it would be a wasted request."""
    return issue.updated_at is None or run_created is None or issue.updated_at >= run_created


def _tagged(body: str, kind: str, key: str) -> str:
    """A comment body with a hidden marker, so a retry after a lost response finds it instead of re-posting."""
    return f"{body.rstrip()}\n\n{marker('comment', f'{kind}-{key}')}\n"


# -- the success path ---------------------------------------------------------------------------------

def close_candidates(run: RunInfo, issues: Sequence[KnownIssue]) -> list[tuple[KnownIssue, Record]]:
    """Open issues of this run's workflow still failing on its branch, whose last failure there is not
    newer than this green run (a late event must not close a fresh failure)."""
    out = []
    for issue in issues:
        record = issue.record
        if record is None or not issue.fingerprint or record.workflow != run.workflow:
            continue
        if run.branch not in record.failing:
            continue
        last = parse_time((record.branches.get(run.branch) or {}).get("last_seen"))
        if last is not None and run.created_at is not None and run.created_at < last:
            continue
        out.append((issue, record))
    return sorted(out, key=lambda pair: pair[0].number)


def decide_success(facts: Facts, settings: Settings) -> tuple[Plan, Outcome]:
    run = facts.run
    assert run is not None and run.green
    plan = Plan()
    candidates = close_candidates(run, facts.open_issues)
    where = f"{run.workflow!r} on branch {run.branch!r}"
    if not candidates:
        return plan, Outcome("skipped", f"run {run.id} succeeded; no open autoheal issue is failing for {where}")
    streak = facts.success_streak if settings.close_after_successes > 1 else 1
    if streak is None or streak < settings.close_after_successes:
        return plan, Outcome("skipped", f"run {run.id} succeeded: {streak or 0} of {settings.close_after_successes} "
                             f"green runs in a row needed (close_after_successes) for {where}",
                             candidates[0][0].number, candidates[0][0].url)
    closed: list[int] = []
    updated: list[int] = []
    commit_url = f"{run.repo_url}/commit/{run.sha}" if run.repo_url and run.sha else None
    for issue, record in candidates:
        others = [b for b in record.failing if b != run.branch]
        if others and run.branch != run.default_branch:
            new = clear_branch(record, run.branch)
            plan.add("edit_issue", f"#{issue.number}", f"branch {run.branch} green; still failing on "
                     f"{', '.join(others)}", number=issue.number, body=updated_body(issue.body, None, new))
            updated.append(issue.number)
            continue
        new = clear_branch(record, run.branch, closed_by={"run": run.id, "sha": run.sha, "url": run.url,
                                                          "at": iso(run.created_at or facts.now)})
        plan.add("comment", f"#{issue.number}", "closing comment naming the fixing commit", number=issue.number,
                 body=_tagged(closed_comment(run, commit_url=commit_url, successes=streak), "closed", str(run.id)),
                 key=f"closed-{run.id}", look_first=touched_since(issue, run.created_at))
        plan.add("edit_issue", f"#{issue.number}", f"close: run {run.id} green at {run.sha[:7]}",
                 number=issue.number, body=updated_body(issue.body, None, new), state="closed",
                 state_reason="completed")
        closed.append(issue.number)
    first = candidates[0][0]
    if closed:
        listed = ", ".join(str(n) for n in closed)
        return plan, Outcome("closed", f"run {run.id} of {where} succeeded at {run.sha[:7]}: closed issue(s) {listed}",
                             closed[0], next(i.url for i, _ in candidates if i.number == closed[0]), closed)
    return plan, Outcome("updated", f"run {run.id} of {where} succeeded; the issue(s) still fail on other branches",
                         first.number, first.url)
