"""Bugs the chaos run found and that are not fixed yet, each with the exact signature of its findings.

A chaos assertion that fails ONLY with findings matching one of these is marked xfail naming the bug
(so the suite stays usable while the owners fix it); any other finding fails the test. Each bug also
has a deterministic reproduction in test_chaos.py, marked `xfail(strict=True)`, which starts passing —
and so fails loudly — once the bug is fixed, telling whoever fixes it to delete the entry here (as was
done for "heal re-run skips draft-pr" and "two draft-pr runs post the sticky comment twice", fixed in
c259ba5: their reproductions are regression tests now, and the chaos run fails if they come back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .chaos_oracle import (
    CAP,
    DUP_COMMENT,
    DUP_ISSUE,
    LOST,
    NOT_CLOSED,
    NOT_REOPENED,
    OVERHELD,
    UNSTABLE,
    Violation,
)


@dataclass(frozen=True)
class KnownBug:
    name: str
    reason: str
    matches: Callable[[Violation], bool]


SAME_RUN_RACE_FILES_TWICE = KnownBug(
    "a race on a new failure files two issues",
    "open-issue (open_issue_github.create_issue): a new failure delivered twice at once (the same workflow_run "
    "re-delivered, or two runs of it) makes both deliveries create an issue; the later one is closed as a "
    "duplicate afterwards, so a duplicate issue is created (people are notified) and the hourly cap "
    "(rate_limits.max_issues_per_hour) can be exceeded by it",
    lambda v: v.concurrent and (v.kind == DUP_ISSUE and "closed as its duplicate" in v.message
                                or v.kind == CAP and " issues created" in v.message),
)

SAME_RUN_RACE_COMMENTS_TWICE = KnownBug(
    "one run delivered twice at once comments twice",
    "open-issue (open_issue_github.comment via apply): the same workflow_run delivered twice at once makes "
    "both deliveries post the repeat/regressed comment with the same hidden key — `find` is only asked after "
    "a failed write, never before the first one",
    lambda v: v.concurrent and not v.distinct_runs and v.kind == DUP_COMMENT
    and ("comment=repeat-" in v.message or "comment=regressed-" in v.message),
)

DISTINCT_RUNS_RACE_LOSES_OCCURRENCE = KnownBug(
    "two runs of one failure at once can lose an occurrence (documented limitation)",
    "open-issue: two distinct runs of one failure updating the same issue at the same moment — what the "
    "consumer template's per workflow+branch `concurrency:` group prevents — can lose an occurrence: GitHub has "
    "no conditional issue edit, so the later PATCH of the body wins (docs/stages/open-issue.md, Reliability)",
    lambda v: v.distinct_runs and v.kind == LOST,
)

HANDOFF_CAP_COUNTS_UPDATES = KnownBug(
    "the hand-off cap counts PR updates, not hand-offs",
    "copilot-review (copilot_facts.handoffs_in_last_hour): counts PRs labelled copilot-ready UPDATED in the last "
    "hour; draft-pr edits a PR on every repeat of its failure, so a PR handed off hours ago keeps counting and "
    "rate_limits.max_handoffs_per_hour holds back new hand-offs although fewer happened in the hour",
    lambda v: v.kind == OVERHELD and "max_handoffs_per_hour" in v.message,
)

COMMENT_LOST_ON_RERUN = KnownBug(
    "a comment planned after an edit is lost when the delivery fails between them",
    "open-issue (open_issue_github.apply): closing (PATCH state=closed, then the comment naming the fixing commit) "
    "and reopening (PATCH state=open, then the 'Regressed' comment) are two writes; when the delivery fails "
    "between them and is re-run, the issue is already closed (or the run already recorded), the plan is empty "
    "and the comment is never posted",
    lambda v: v.rerun and (v.kind == NOT_CLOSED and "without the comment" in v.message
                           or v.kind == NOT_REOPENED),
)

UNKNOWN_FINGERPRINT_NEEDS_BASELINE = KnownBug(
    "an unknown failure's fingerprint depends on whether a baseline run exists",
    "analyze-failure (analyze_logs.last_green_run + the analyzer's fingerprint): for category `unknown` the key "
    "lines are the novel lines versus the last green run of the SAME branch; a branch without a green run (a "
    "feature branch, or expired baseline logs) gets other key lines, another fingerprint and a lower confidence, "
    "so one failure would file one issue per branch",
    lambda v: v.kind == UNSTABLE and "(category unknown)" in v.message,
)

COMMENT_CAP_NOT_ENFORCED = KnownBug(
    "rate_limits.max_comments_per_hour is not enforced",
    "config: rate_limits.max_comments_per_hour ('Comments posted per hour, all stages together', default 30) is "
    "read by no stage — open-issue, draft-pr and copilot-review comment without counting",
    lambda v: v.kind == CAP and " comments created" in v.message,
)

KNOWN = (SAME_RUN_RACE_FILES_TWICE, SAME_RUN_RACE_COMMENTS_TWICE, HANDOFF_CAP_COUNTS_UPDATES,
         COMMENT_LOST_ON_RERUN, UNKNOWN_FINGERPRINT_NEEDS_BASELINE, COMMENT_CAP_NOT_ENFORCED,
         DISTINCT_RUNS_RACE_LOSES_OCCURRENCE)


def explained_by(violations: list[Violation]) -> list[KnownBug]:
    """The known bugs that explain ALL these findings, or [] when any finding is unexplained."""
    bugs: list[KnownBug] = []
    for v in violations:
        bug = next((b for b in KNOWN if b.matches(v)), None)
        if bug is None:
            return []
        if bug not in bugs:
            bugs.append(bug)
    return bugs
