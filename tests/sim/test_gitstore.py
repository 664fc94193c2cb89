"""The git object store hashes exactly like git: trees and commits compared with the real `git`."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.sim.gitstore import EMPTY_TREE, GitStore, Signature

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="the git binary is not installed; cannot compare hashes")

FILES = {
    "README.md": "# app\n",
    "src/app.py": "print('hi')\n",
    "src/app/__init__.py": "",  # "app" dir sorts after "app.py" only with git's tree ordering rule
    "src-extra.txt": "x",
    ".github/workflows/ci.yml": "name: CI\n",
}


def git(cwd, *args, env=None):
    return subprocess.run([GIT, *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def real_tree(tmp_path, files):
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    for path, text in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git(repo, "add", "-A")
    return repo, git(repo, "write-tree")


@needs_git
def test_tree_sha_matches_git_write_tree(tmp_path):
    store = GitStore()
    _, expected = real_tree(tmp_path, FILES)
    assert store.tree_with_files(None, FILES) == expected


@needs_git
def test_commit_sha_matches_git_commit_tree(tmp_path):
    repo, tree = real_tree(tmp_path, FILES)
    when = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
    env = {
        "GIT_AUTHOR_NAME": "octocat", "GIT_AUTHOR_EMAIL": "octo@example.com", "GIT_AUTHOR_DATE": "1767614400 +0000",
        "GIT_COMMITTER_NAME": "octocat", "GIT_COMMITTER_EMAIL": "octo@example.com", "GIT_COMMITTER_DATE": "1767614400 +0000",
        "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
    }
    expected = git(repo, "commit-tree", tree, "-m", "Initial commit", env=env)
    store = GitStore()
    store.tree_with_files(None, FILES)
    sig = Signature("octocat", "octo@example.com", when)
    # git appends a newline to -m messages
    assert store.put_commit(tree, [], "Initial commit\n", sig) == expected


def test_empty_tree_constant():
    assert GitStore().put_tree([]) == EMPTY_TREE


paths = st.lists(
    st.lists(st.sampled_from(["a", "b", "a.b", "a-b", "z", "src", "docs"]), min_size=1, max_size=3).map("/".join),
    min_size=1,
    max_size=8,
    unique=True,
)


@settings(max_examples=60, deadline=None)
@given(paths=paths, data=st.data())
def test_flatten_inverts_tree_with_files(paths, data):
    # a path may not be both a file and a directory
    files = {p: f"{p}\n" for p in paths if not any(q.startswith(p + "/") for q in paths)}
    store = GitStore()
    tree = store.tree_with_files(None, files)
    flat = store.flatten(tree)
    assert {p: store.blobs[sha].decode() for p, (_, sha) in flat.items()} == files
    victim = data.draw(st.sampled_from(sorted(files)))
    smaller = store.tree_with_files(tree, {victim: None})
    assert victim not in store.flatten(smaller) and len(store.flatten(smaller)) == len(files) - 1
    assert store.tree_with_files(smaller, {victim: files[victim]}) == tree  # content-addressed: same tree back
