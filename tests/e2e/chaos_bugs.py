"""What the chaos run may find and is known not to be fixed, each with the exact signature of its findings.

A chaos assertion that fails ONLY with findings matching one of these is marked xfail naming it; any
other finding fails the test. Every bug the chaos run found so far is fixed and has left this list —
a new issue filed twice at once, a comment posted twice at once, a comment lost to a re-run, the
comment cap not enforced, the hand-off cap counting updates, the unknown failure's fingerprint — and
its reproduction in test_chaos.py is a regression test now, so the chaos run fails if one comes back.
What remains is a documented limitation that the consumer template's `concurrency:` group prevents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .chaos_oracle import LOST, Violation


@dataclass(frozen=True)
class KnownBug:
    name: str
    reason: str
    matches: Callable[[Violation], bool]


DISTINCT_RUNS_RACE_LOSES_OCCURRENCE = KnownBug(
    "two runs of one failure at once can lose an occurrence (documented limitation)",
    "open-issue: two distinct runs of one failure updating the same issue at the same moment — what the "
    "consumer template's per workflow+branch `concurrency:` group prevents — can lose an occurrence: GitHub has "
    "no conditional issue edit, so the later PATCH of the body wins (docs/stages/open-issue.md, Reliability)",
    lambda v: v.distinct_runs and v.kind == LOST,
)

KNOWN = (DISTINCT_RUNS_RACE_LOSES_OCCURRENCE,)


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
