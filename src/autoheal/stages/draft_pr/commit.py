"""autoheal's fix commit: its message, and the trailers that let a later run recognise it.

A re-run must tell three branch states apart without a clone: the branch holds only autoheal's
commit with the same content (nothing to do), only autoheal's commit but stale (rebuild it), or
someone else committed (never touch it again). The head commit's trailers answer all three in one
request: `Autoheal-Issue` says the commit is ours, `Autoheal-Digest` says what it contains.
"""

from __future__ import annotations

import hashlib
import re
import textwrap

from ...markdown import neutralize, truncate_line
from .model import Proposal

ISSUE_TRAILER = "Autoheal-Issue"
FIX_TRAILER = "Autoheal-Fix"
DIGEST_TRAILER = "Autoheal-Digest"
FINGERPRINT_TRAILER = "Autoheal-Fingerprint"  # the failure a task commit describes
BLOCKED_TRAILER = "Autoheal-Blocked"  # `workflows-permission`: GitHub refused the workflow-file fix before
_TRAILER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*): (.+)$")


def content_digest(proposal: Proposal) -> str:
    """A short hash of what the commit writes (paths, modes and texts): equal digests, equal commits."""
    h = hashlib.sha256(proposal.kind.encode())
    for change in sorted(proposal.changes, key=lambda c: c.path):
        for part in (change.path, change.mode, change.new):
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
    return h.hexdigest()[:20]


def commit_safe(text: str, limit: int = 300) -> str:
    """One line of untrusted text for a commit message: no control characters, no @mentions or #refs.

    GitHub links `#12` and `@user` in commit messages too, and a reference in a pushed commit adds
    an event to that issue's timeline; angle brackets are harmless here, so they are kept.
    """
    return neutralize(truncate_line(text, limit)).replace("&lt;", "<").replace("&gt;", ">")


def commit_message(proposal: Proposal, issue_number: int, context: str = "", fingerprint: str = "") -> str:
    """`autoheal: <what>`, a body that says why, and the trailers (see module docstring)."""
    subject = "autoheal: " + commit_safe(proposal.subject, 62)
    paragraphs = [proposal.why]
    if context:
        paragraphs.append(context)
    if proposal.fallback_reason:
        paragraphs.append(f"No deterministic fix was applied: {proposal.fallback_reason.rstrip('.')}.")
    body = "\n\n".join(textwrap.fill(commit_safe(p, 2000), 72) for p in paragraphs if p)
    lines = [
        f"{ISSUE_TRAILER}: {issue_number}",
        f"{FIX_TRAILER}: {proposal.kind}",
        f"{DIGEST_TRAILER}: {content_digest(proposal)}",
    ]
    if fingerprint and re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", fingerprint):
        lines.append(f"{FINGERPRINT_TRAILER}: {fingerprint}")
    if proposal.workflows_blocked:
        lines.append(f"{BLOCKED_TRAILER}: workflows-permission")
    trailers = "\n".join(lines)
    return f"{subject}\n\n{body}\n\n{trailers}\n"


def read_trailers(message: str) -> dict[str, str]:
    """The trailers of the last paragraph of a commit message ({} when it has none)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", (message or "").strip()) if p.strip()]
    if len(paragraphs) < 2:
        return {}
    found: dict[str, str] = {}
    for line in paragraphs[-1].splitlines():
        match = _TRAILER.match(line.strip())
        if not match:
            return {}
        found.setdefault(match.group(1), match.group(2).strip())
    return found


def is_autoheal_commit(message: str, issue_number: int) -> bool:
    return read_trailers(message).get(ISSUE_TRAILER) == str(issue_number)


def is_current(message: str, proposal: Proposal, fingerprint: str = "") -> bool:
    """Does the commit with this message already carry `proposal`?

    Same content (digest) always is. A task file also counts as current while it describes the same
    failure (fingerprint): it quotes the latest run's link and confidence, and rewriting the branch on
    every repeat of a failure would be churn (and a CI run each time) for no new information.
    """
    trailers = read_trailers(message)
    if trailers.get(DIGEST_TRAILER) == content_digest(proposal):
        return True
    return (proposal.kind == "task" and bool(fingerprint) and trailers.get(FIX_TRAILER) == "task"
            and trailers.get(FINGERPRINT_TRAILER) == fingerprint
            and bool(trailers.get(BLOCKED_TRAILER)) == proposal.workflows_blocked)
