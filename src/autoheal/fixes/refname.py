"""Branch names for fix PRs that git accepts whatever the issue title contains.

Titles are untrusted: they can hold `..`, `@{`, `~^:?*[\\`, control characters, emoji or 300 characters.
The slug keeps only `[a-z0-9]` runs joined by `-` (after folding accents to ASCII), so the result is valid
by construction; `is_valid_branch_name` re-checks git's rules as a guard and for tests.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 48
"""Longest slug kept from a title: enough to recognise the branch, short enough for UIs and refs."""

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")


def slugify(title: str, limit: int = SLUG_MAX) -> str:
    """Lower-case ASCII words of `title` joined by `-`, cut at a word boundary within `limit` characters."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALNUM.sub("-", folded.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
        slug = slug.strip("-")
    return slug


def branch_name(issue_number: int, title: str, prefix: str = "autoheal/") -> str:
    """`<prefix><issue>-<slug>`, e.g. `autoheal/42-modulenotfounderror-yaml`; `<prefix><issue>` if no slug survives.

    Deterministic: the same issue and title always give the same branch, which is how a re-run finds
    the branch it made before. Raises ValueError for a non-positive issue number or an invalid prefix.
    """
    if isinstance(issue_number, bool) or not isinstance(issue_number, int) or issue_number <= 0:
        raise ValueError(f"issue number must be a positive integer, got {issue_number!r}")
    slug = slugify(title or "")
    name = f"{prefix}{issue_number}" + (f"-{slug}" if slug else "")
    if not is_valid_branch_name(name):
        raise ValueError(f"prefix {prefix!r} does not give a valid git branch name")
    return name


def is_valid_branch_name(name: str) -> bool:
    """git's ref-name rules (`git check-ref-format --branch`), checked without running git."""
    if not name or name in ("@", "HEAD") or name.startswith("-"):
        return False
    if ".." in name or "@{" in name or "//" in name or _FORBIDDEN_CHARS.search(name):
        return False
    if name.startswith("/") or name.endswith("/") or name.endswith("."):
        return False
    return all(part and not part.startswith(".") and not part.endswith(".lock") for part in name.split("/"))
