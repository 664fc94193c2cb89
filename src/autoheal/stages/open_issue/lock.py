"""A short-lived lock per failure, so two deliveries at once never both file an issue or both comment.

GitHub has no "create this issue unless one exists", and listing first then creating is a race: the
same `workflow_run` delivered twice at once (or two runs of one failure) would both see nothing and
both file. Creating a repository label, though, is atomic — a second POST of the same name answers
422 — and needs only the `issues: write` permission open-issue already has. So before a write that
notifies people (a new issue, a comment), open-issue creates the label `autoheal-lock-<hash>` for the
failure, gathers again and decides again under it, and deletes it when done. A delivery that finds
the label taken waits for it to go (a filing takes seconds) and then decides on what the holder left:
usually "already recorded", or a repeat. The label is never put on an issue; it exists for seconds.

A holder that dies (a cancelled job) leaves its label behind. The label's description carries the time
it was taken, and a lock older than STALE_AFTER is broken. A delivery that waits longer than the whole
WAIT_SCHEDULE goes on without the lock (warning): then the older create-and-reconcile path still ends
with one open issue, at the price of a duplicate closed as such.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import github.Label

from ...errors import AutohealError, GitHubAPIError
from ..shared.repo import lazy_repo

LOCK_PREFIX = "autoheal-lock-"
STALE_AFTER = timedelta(minutes=10)
# Seconds between looks at a taken lock: about four minutes in all, longer than one gateway back-off
# (at most 120 s) that a holder may be sitting in.
WAIT_SCHEDULE = (0.5, 1, 2, 4, 8, 15, 30, 30, 30, 30, 30, 30, 30)
COLOR = "ededed"
_SINCE = re.compile(r"since (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")


def lock_name(fingerprint: str) -> str:
    """A label name for the failure: short, fixed length, any fingerprint characters hashed away."""
    return LOCK_PREFIX + hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


def taken_at(description: str | None) -> datetime | None:
    found = _SINCE.search(description or "")
    if not found:
        return None
    return datetime.strptime(found.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def is_stale(description: str | None, now: datetime) -> bool:
    """A lock with no readable time, or taken longer ago than STALE_AFTER, belongs to a dead holder."""
    since = taken_at(description)
    return since is None or now - since > STALE_AFTER


class FailureLock:
    """One failure's lock label; `acquire` returns False only after waiting out WAIT_SCHEDULE."""

    def __init__(self, gw: Any, fingerprint: str, owner: str) -> None:
        self.gw = gw
        self.fingerprint = fingerprint
        self.name = lock_name(fingerprint)
        self.nonce = uuid.uuid4().hex[:12]  # tells this delivery's label from a twin's after a lost response
        self.owner = owner
        self.held = False
        self.waited = 0.0

    def acquire(self) -> bool:
        waits = iter(WAIT_SCHEDULE)
        # Each pass takes the lock, retries at once (it was released, or stale and broken), or waits. The
        # immediate retries are bounded too: other deliveries trading the lock cannot keep this one here.
        for _ in range(2 * len(WAIT_SCHEDULE) + 2):
            if self._create():
                self.held = True
                return True
            description = self._description()
            if description is None:
                continue  # released between our POST and our look: take it now
            if is_stale(description, self.gw.now()):
                self._delete()
                continue
            wait = next(waits, None)
            if wait is None:
                return False
            self.waited += wait
            self.gw.pause(wait)
        return False

    def release(self) -> None:
        if self.held:
            self.held = False
            self._delete()

    # -- requests -------------------------------------------------------------------------------------
    def _create(self) -> bool:
        repo = lazy_repo(self.gw)
        stamp = self.gw.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        description = f"autoheal lock {self.nonce} ({self.owner}) since {stamp}"[:100]

        def send() -> bool:
            repo.create_label(self.name, COLOR, description)
            return True

        def find() -> bool | None:
            return True if self.nonce in (self._description() or "") else None

        try:
            return self.gw.write(send, find=find, what=f"lock failure {self.fingerprint[:12]}")
        except GitHubAPIError as exc:
            if exc.status == 422:  # already_exists: another delivery holds it
                return False
            raise

    def _description(self) -> str | None:
        """The taken lock's description, or None when there is no such label (any more)."""
        repo = lazy_repo(self.gw)
        try:
            label = self.gw.read(lambda: repo.get_label(self.name), what=f"read lock {self.name}")
        except GitHubAPIError as exc:
            if exc.status == 404:
                return None
            raise
        return label.description or ""

    def _delete(self) -> None:
        label = github.Label.Label(self.gw.requester, url=f"/repos/{self.gw.repo_name}/labels/{self.name}",
                                   completed=False)

        def send() -> bool:
            label.delete()
            return True

        try:
            self.gw.write(send, find=lambda: True if self._description() is None else None,
                          what=f"unlock failure {self.fingerprint[:12]}")
        except GitHubAPIError as exc:
            if exc.status != 404:  # someone broke it as stale: gone either way
                raise


@contextmanager
def failure_locks(ctx: Any, fingerprints: Iterable[str], owner: str) -> Iterator[bool]:
    """Hold the locks of these failures (in a fixed order, so two holders never wait on each other in a
    circle). Yields True when all are held, False when one could not be had in time (go on without)."""
    held: list[FailureLock] = []
    complete = True
    try:
        for fingerprint in sorted(set(fingerprints)):
            lock = FailureLock(ctx.gw, fingerprint, owner)
            if lock.acquire():
                held.append(lock)
                if lock.waited:
                    ctx.rt.info(f"waited {lock.waited:g}s for another delivery filing failure {fingerprint[:12]}")
            else:
                complete = False
                ctx.rt.warn(f"another delivery has held the lock for failure {fingerprint[:12]} for "
                            f"{lock.waited:g}s; going on without it (a duplicate issue would be closed as such)")
        yield complete
    finally:
        for lock in reversed(held):
            try:
                lock.release()
            except AutohealError as exc:
                ctx.rt.warn(f"could not delete lock label {lock.name} ({exc.message}); it expires after "
                            f"{int(STALE_AFTER.total_seconds() // 60)} minutes")
