"""Merge arithmetic on the git store: merge bases and a file-level three-way merge.

Enough to decide `mergeable`/`dirty` and to produce a merge commit; conflicts are per file (two sides
changed the same path differently), not per line.
"""

from __future__ import annotations

from .model import Repo


def merge_base(repo: Repo, a: str, b: str) -> str | None:
    """Nearest common ancestor of commits a and b (breadth-first from a)."""
    git = repo.git
    ancestors_b: set[str] = set()
    stack = [b]
    while stack:
        sha = stack.pop()
        if sha in ancestors_b or sha not in git.commits:
            continue
        ancestors_b.add(sha)
        stack.extend(git.commits[sha].parents)
    queue = [a]
    seen: set[str] = set()
    while queue:
        sha = queue.pop(0)
        if sha in ancestors_b:
            return sha
        if sha in seen or sha not in git.commits:
            continue
        seen.add(sha)
        queue.extend(git.commits[sha].parents)
    return None


def three_way(repo: Repo, base: str | None, ours: str, theirs: str) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Merge `theirs` into `ours` file by file; returns (merged flat tree, conflicting paths)."""
    git = repo.git
    flat_base = git.flatten(git.commits[base].tree) if base else {}
    flat_ours = git.flatten(git.commits[ours].tree)
    flat_theirs = git.flatten(git.commits[theirs].tree)
    merged = dict(flat_ours)
    conflicts: list[str] = []
    for path in set(flat_base) | set(flat_ours) | set(flat_theirs):
        b, o, t = flat_base.get(path), flat_ours.get(path), flat_theirs.get(path)
        if t == b or t == o:
            continue
        if o == b:
            if t is None:
                merged.pop(path, None)
            else:
                merged[path] = t
            continue
        conflicts.append(path)
    return merged, sorted(conflicts)
