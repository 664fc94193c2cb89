"""A tiny content-addressed git object store (blobs, trees, commits, refs) with real git hashing.

Real SHA-1s keep the simulator's answers indistinguishable from GitHub's for code that compares or
caches SHAs, and make "same content => same sha" (idempotent writes) fall out naturally.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

BLOB_MODE = "100644"
EXEC_MODE = "100755"
TREE_MODE = "040000"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def _hash(kind: str, payload: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(payload)}\0".encode() + payload).hexdigest()


@dataclass(frozen=True)
class TreeEntry:
    name: str
    mode: str  # "100644", "100755", "040000", "120000", "160000"
    type: str  # "blob" | "tree" | "commit"
    sha: str


@dataclass(frozen=True)
class Signature:
    name: str
    email: str
    date: datetime


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: tuple[str, ...]
    message: str
    author: Signature
    committer: Signature
    author_login: str | None = None  # the GitHub account the commit is attributed to


@dataclass
class GitStore:
    """Objects are immutable and keyed by sha; refs are the only mutable part."""

    blobs: dict[str, bytes] = field(default_factory=dict)
    trees: dict[str, tuple[TreeEntry, ...]] = field(default_factory=dict)
    commits: dict[str, Commit] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # "refs/heads/main" -> commit sha
    _flat_cache: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.trees.setdefault(EMPTY_TREE, ())

    # -- objects -----------------------------------------------------------------------------
    def put_blob(self, content: bytes | str) -> str:
        data = content.encode() if isinstance(content, str) else content
        sha = _hash("blob", data)
        self.blobs[sha] = data
        return sha

    def put_tree(self, entries: list[TreeEntry]) -> str:
        """Store one tree level; entries are sorted the way git sorts them."""
        ordered = tuple(sorted(entries, key=lambda e: e.name + ("/" if e.type == "tree" else "")))
        payload = b"".join(
            f"{e.mode.lstrip('0') if e.type == 'tree' else e.mode} {e.name}".encode() + b"\0" + bytes.fromhex(e.sha)
            for e in ordered
        )
        sha = _hash("tree", payload)
        self.trees[sha] = ordered
        return sha

    def put_commit(
        self,
        tree: str,
        parents: list[str],
        message: str,
        author: Signature,
        committer: Signature | None = None,
        author_login: str | None = None,
    ) -> str:
        committer = committer or author
        lines = [f"tree {tree}"] + [f"parent {p}" for p in parents]
        for role, sig in (("author", author), ("committer", committer)):
            lines.append(f"{role} {sig.name} <{sig.email}> {int(sig.date.timestamp())} +0000")
        payload = ("\n".join(lines) + "\n\n" + message).encode()
        sha = _hash("commit", payload)
        self.commits[sha] = Commit(sha, tree, tuple(parents), message, author, committer, author_login)
        return sha

    def kind_of(self, sha: str) -> str | None:
        if sha in self.blobs:
            return "blob"
        if sha in self.trees:
            return "tree"
        if sha in self.commits:
            return "commit"
        return None

    # -- trees as flat path maps ---------------------------------------------------------------
    def flatten(self, tree_sha: str) -> dict[str, tuple[str, str]]:
        """path -> (mode, blob sha) for every file under the tree (cached: trees are immutable)."""
        cached = self._flat_cache.get(tree_sha)
        if cached is not None:
            return cached
        flat: dict[str, tuple[str, str]] = {}
        for entry in self.trees[tree_sha]:
            if entry.type == "tree":
                for sub, value in self.flatten(entry.sha).items():
                    flat[f"{entry.name}/{sub}"] = value
            else:
                flat[entry.name] = (entry.mode, entry.sha)
        self._flat_cache[tree_sha] = flat
        return flat

    def build_tree(self, flat: dict[str, tuple[str, str]]) -> str:
        """Inverse of flatten: store the nested trees for a path map and return the root sha."""
        children: dict[str, dict[str, tuple[str, str]]] = {}
        entries: list[TreeEntry] = []
        for path, (mode, sha) in flat.items():
            head, sep, rest = path.partition("/")
            if sep:
                children.setdefault(head, {})[rest] = (mode, sha)
            else:
                entries.append(TreeEntry(head, mode, "commit" if mode == "160000" else "blob", sha))
        for name, sub in children.items():
            entries.append(TreeEntry(name, TREE_MODE, "tree", self.build_tree(sub)))
        sha = self.put_tree(entries)
        self._flat_cache.setdefault(sha, dict(flat))
        return sha

    def tree_with_files(self, base_tree: str | None, files: dict[str, bytes | str | None]) -> str:
        """A new root tree: base_tree with each path written (text/bytes) or deleted (None)."""
        flat = dict(self.flatten(base_tree)) if base_tree else {}
        for path, content in files.items():
            path = path.strip("/")
            if content is None:
                flat.pop(path, None)
                prefix = path + "/"
                for key in [k for k in flat if k.startswith(prefix)]:
                    del flat[key]
            else:
                flat[path] = (BLOB_MODE, self.put_blob(content))
        return self.build_tree(flat)

    def subtree(self, tree_sha: str, path: str) -> str | None:
        """The sha of the tree at `path` inside tree_sha ("" = the root), or None."""
        current = tree_sha
        for part in [p for p in path.strip("/").split("/") if p]:
            found = next((e for e in self.trees[current] if e.name == part and e.type == "tree"), None)
            if found is None:
                return None
            current = found.sha
        return current

    def file_at(self, commit_sha: str, path: str) -> tuple[str, str] | None:
        """(mode, blob sha) of a file in a commit, or None."""
        commit = self.commits.get(commit_sha)
        if commit is None:
            return None
        return self.flatten(commit.tree).get(path.strip("/"))

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True when `ancestor` is reachable from `descendant` following parents."""
        seen: set[str] = set()
        stack = [descendant]
        while stack:
            sha = stack.pop()
            if sha == ancestor:
                return True
            if sha in seen or sha not in self.commits:
                continue
            seen.add(sha)
            stack.extend(self.commits[sha].parents)
        return False

    def history(self, head: str, stop: str | None = None) -> list[Commit]:
        """Commits reachable from head, newest first (first-parent walk), stopping before `stop`."""
        out: list[Commit] = []
        sha: str | None = head
        while sha and sha != stop and sha in self.commits:
            commit = self.commits[sha]
            out.append(commit)
            sha = commit.parents[0] if commit.parents else None
        return out
