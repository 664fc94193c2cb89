"""What the chaos run may find and is known not to be fixed, each with the exact signature of its findings.

A chaos assertion that fails ONLY with findings matching one of these is marked xfail naming it; any
other finding fails the test. Every bug the chaos run found so far is fixed and has left this list —
a new issue filed twice at once, a comment posted twice at once, a comment lost to a re-run, the
comment cap not enforced, the hand-off cap counting updates, the unknown failure's fingerprint, and
the occurrence two distinct runs at once could lose — and its reproduction in test_chaos.py or
test_open_issue_concurrency.py is a regression test now, so the chaos run fails if one comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .chaos_oracle import Violation


@dataclass(frozen=True)
class KnownBug:
    name: str
    reason: str
    matches: Callable[[Violation], bool]


# Nothing is known and unfixed today. An entry names a finding's exact signature, e.g.
#   KnownBug("name", "where and why", lambda v: v.kind == LOST and v.distinct_runs)
KNOWN: tuple[KnownBug, ...] = ()


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
