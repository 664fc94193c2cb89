"""Random simulator faults for the chaos run, drawn from a seeded generator and counted when they fire.

The kinds are what GitHub does on a bad day: 5xx, secondary rate limits with `Retry-After` (403 or
429), primary rate-limit exhaustion (`X-RateLimit-Remaining: 0` until the reset), a write that is
committed but whose response is lost, and slow answers. Each fault targets one
route the heal chain uses (or any request) and fires on the Nth matching request, so faults land at
every point of the chain: reading the run and its logs, listing and filing issues, the git data API,
pull requests, the Copilot hand-off.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

WRITES = ("POST", "PATCH", "PUT", "DELETE")

TARGETS: tuple[tuple[str | None, str | None], ...] = (
    (None, None),  # whatever request comes next
    ("POST", None),  # the next writes, wherever they go
    ("PATCH", None),
    ("GET", r"/actions/runs/\d+$"),
    ("GET", r"/actions/runs/\d+(/attempts/\d+)?/jobs$"),
    ("GET", r"/actions/runs$|/actions/workflows/[^/]+/runs$"),
    ("GET", r"/logs$|^/_sim/blobs/"),
    ("GET", r"/issues$"),
    ("POST", r"/issues$"),
    ("PATCH", r"/issues/\d+$"),
    ("GET", r"/issues/\d+/comments$"),
    ("POST", r"/issues/\d+/comments$"),
    ("PATCH", r"/issues/comments/\d+$"),
    ("POST", r"/labels$"),
    ("POST", r"/issues/\d+/labels$"),
    ("GET", r"/contents/"),
    ("POST", r"/git/blobs$"),
    ("POST", r"/git/trees$"),
    ("POST", r"/git/commits$"),
    ("POST", r"/git/refs$"),
    ("PATCH", r"/git/refs/"),
    ("GET", r"/pulls"),
    ("POST", r"/pulls$"),
    ("GET", r"/timeline$"),
    ("POST", r"/copilot-code-review$"),
    ("POST", r"/assignees$"),
    ("POST", r"/requested_reviewers$"),
)

KIND_WEIGHTS = {"5xx": 3, "secondary_rate_limit": 2, "lost_response": 3, "slow": 2, "primary_rate_limit": 1}
RETRY_AFTER = (1, 2, 5, 30, 60, 90, 180, 600)  # seconds; 180 and 600 are more than the gateway waits: it gives up


@dataclass
class FaultStats:
    """What was scripted and what actually fired, by kind."""

    scripted: Counter = field(default_factory=Counter)
    fired: Counter = field(default_factory=Counter)

    @property
    def total_fired(self) -> int:
        return sum(self.fired.values())


@dataclass
class FaultInjector:
    """Adds a few random faults before an invocation and counts, afterwards, which ones fired."""

    sim: Any
    rng: random.Random
    probability: float = 0.6
    fatal_probability: float = 0.1
    max_faults: int = 3
    slow_delay: tuple[float, float] = (0.002, 0.02)
    stats: FaultStats = field(default_factory=FaultStats)
    _armed: list[Any] = field(default_factory=list)

    def arm(self) -> int:
        """Script 0..max_faults faults for what comes next (and now and then one the gateway cannot ride
        out, so a delivery fails and is re-run); returns how many."""
        n = 0
        if self.rng.random() < self.fatal_probability:
            self._armed.append(self._add_fatal())
            n += 1
        if self.rng.random() >= self.probability:
            return n
        for _ in range(self.rng.randint(1, self.max_faults)):
            self._armed.append(self._add_one())
            n += 1
        return n

    def _add_fatal(self) -> Any:
        """GitHub asks to wait 10 minutes (more than autoheal waits), or a route keeps failing past the
        gateway's attempts: the stage stops with an error and the person re-runs the job."""
        kind = self.rng.choice(("secondary_rate_limit", "primary_rate_limit", "5xx"))
        method, path = self.rng.choice([t for t in TARGETS if t[0] in WRITES])
        options: dict[str, Any] = {"method": method, "path": path, "nth": self.rng.randint(1, 2)}
        if kind == "5xx":
            options.update(status=502, times=6)
        else:
            options["retry_after"] = 600
        self.stats.scripted[kind] += 1
        return self.sim.faults.add(kind, **options)

    def _add_one(self) -> Any:
        kinds = list(KIND_WEIGHTS)
        kind = self.rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
        targets = [t for t in TARGETS if kind != "lost_response" or t[0] in WRITES]
        generic = [t for t in targets if t[1] is None]
        # Half the faults hit whatever comes next (so they fire), half aim at one route of the chain.
        method, path = self.rng.choice(generic if self.rng.random() < 0.5 else targets)
        options: dict[str, Any] = {"method": method, "path": path, "nth": self.rng.randint(1, 3)}
        if kind == "5xx":
            options["status"] = self.rng.choice((500, 502, 503, 504))
        elif kind == "secondary_rate_limit":
            options["status"] = self.rng.choice((403, 429))
            options["retry_after"] = self.rng.choice(RETRY_AFTER)
        elif kind == "primary_rate_limit":  # X-RateLimit-Remaining: 0 until X-RateLimit-Reset
            options["retry_after"] = self.rng.choice(RETRY_AFTER)
        elif kind == "slow":
            options["delay"] = round(self.rng.uniform(*self.slow_delay), 4)
            options["times"] = self.rng.randint(1, 4)
        self.stats.scripted[kind] += 1
        return self.sim.faults.add(kind, **options)

    def fired_since_armed(self) -> int:
        """Faults that fired since `arm` and can make a delivery fail (a slow answer alone cannot)."""
        return sum(f.fired for f in self._armed if f.kind != "slow")

    def settle(self) -> Counter:
        """Count what fired, drop what did not (a later event starts calm), and return this round's kinds."""
        fired: Counter = Counter()
        for fault in self._armed:
            if fault.fired:
                fired[fault.kind] += fault.fired
        self.stats.fired.update(fired)
        self._armed.clear()
        self.sim.faults.clear()
        return fired
