"""State mutations shared by the HTTP routes and the seeding API (one implementation of each rule)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .gitstore import Signature
from .limits import LABEL_NAME_MAX, check_length
from .model import Issue, Label, Repo, State, TimelineEvent
from .router import ApiError, validation_failed

REPO_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def signature_for(state: State, login: str, when: datetime | None = None) -> Signature:
    user = state.ensure_user(login)
    email = user.email or f"{user.id}+{login}@users.noreply.github.com"
    return Signature(user.name or login, email, when or state.clock.now())


def create_repo(
    state: State,
    owner: str,
    name: str,
    *,
    owner_type: str = "User",
    private: bool = False,
    description: str | None = None,
    default_branch: str = "main",
    files: dict[str, str | bytes] | None = None,
    auto_init: bool = False,
    creator: str | None = None,
) -> Repo:
    if not REPO_NAME.match(name) or name in (".", ".."):
        raise validation_failed("Repository", "name", "custom", "name is invalid")
    if state.repo(owner, name) is not None:
        raise validation_failed("Repository", "name", "custom", "name already exists on this account")
    state.ensure_user(owner, owner_type)
    now = state.clock.now()
    repo = Repo(
        id=state.next_id("repo"),
        owner=state.user(owner).login,  # type: ignore[union-attr]
        name=name,
        private=private,
        default_branch=default_branch,
        created_at=now,
        updated_at=now,
        pushed_at=now,
        description=description,
    )
    if creator:
        repo.collaborators.add(creator.lower())
    state.repos[repo.full_name.lower()] = repo
    if files is None and auto_init:
        files = {"README.md": f"# {name}\n"}
    if files:
        commit_files(state, repo, default_branch, files, "Initial commit", creator or repo.owner, create_branch=True)
    state.touch()
    return repo


def commit_files(
    state: State,
    repo: Repo,
    branch: str,
    files: dict[str, str | bytes | None],
    message: str,
    author_login: str,
    *,
    create_branch: bool = False,
    from_branch: str | None = None,
) -> str:
    """Commit `files` (None deletes) on top of `branch` and move the branch; returns the commit sha."""
    ref = f"refs/heads/{branch}"
    parent = repo.git.refs.get(ref)
    if parent is None:
        if from_branch is not None:
            parent = repo.git.refs.get(f"refs/heads/{from_branch}")
        elif not create_branch:
            raise ApiError(404, f"Branch {branch} not found")
    base_tree = repo.git.commits[parent].tree if parent else None
    tree = repo.git.tree_with_files(base_tree, files)
    sig = signature_for(state, author_login)
    sha = repo.git.put_commit(tree, [parent] if parent else [], message, sig, sig, author_login)
    repo.git.refs[ref] = sha
    repo.pushed_at = state.clock.now()
    on_branch_moved(state, repo, branch)
    state.touch()
    return sha


def on_branch_moved(state: State, repo: Repo, branch: str) -> None:
    """Keep open pull requests' head/base SHAs in step with their branches."""
    sha = repo.branch_sha(branch)
    for item in repo.items.values():
        pull = item.pull
        if pull is None or item.state != "open":
            continue
        if pull.head_ref == branch and sha:
            pull.head_sha = sha
            item.updated_at = state.clock.now()
        if pull.base_ref == branch and sha:
            pull.base_sha = sha


# -- labels ------------------------------------------------------------------------------------------
def ensure_label(state: State, repo: Repo, name: str, color: str = "ededed", description: str | None = None) -> Label:
    label = repo.labels.get(name.lower())
    if label is None:
        label = Label(state.next_id("label"), name, color, description)
        repo.labels[name.lower()] = label
        state.touch()
    return label


def label_names(value: Any) -> list[str]:
    """Accept GitHub's label inputs: ["a", {"name": "b"}] or {"labels": [...]}; returns names."""
    if isinstance(value, dict):
        value = value.get("labels", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise validation_failed("Label", "labels", "invalid")
    names: list[str] = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            raise validation_failed("Label", "name", "invalid")
        check_length("Label", "name", name, LABEL_NAME_MAX)
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def set_issue_labels(state: State, repo: Repo, issue: Issue, names: list[str], actor: str) -> None:
    """Replace an issue's labels (creating missing repo labels, like GitHub)."""
    before = {n.lower(): n for n in issue.labels}
    after: list[str] = []
    for name in names:
        label_name = ensure_label(state, repo, name).name
        if label_name.lower() not in {n.lower() for n in after}:
            after.append(label_name)
    after_keys = {n.lower() for n in after}
    for key, name in before.items():
        if key not in after_keys:
            add_event(state, issue, "unlabeled", actor, label={"name": name})
    for name in after:
        if name.lower() not in before:
            add_event(state, issue, "labeled", actor, label={"name": name})
    if [n.lower() for n in issue.labels] != [n.lower() for n in after]:
        issue.labels = after
        issue.updated_at = state.clock.now()
        state.touch()


# -- issues ------------------------------------------------------------------------------------------
def add_event(state: State, issue: Issue, event: str, actor: str, source: tuple[str, int] | None = None, **extra: Any) -> None:
    issue.events.append(TimelineEvent(state.next_id("event"), event, actor, state.clock.now(), source, extra))


def assignable(state: State, repo: Repo, login: str) -> bool:
    """Who GitHub lets you assign: people with access (the sim: known human users, owner, collaborators)."""
    user = state.user(login)
    if user is None:
        return False
    if user.type == "User":
        return True
    return False


def set_state(state: State, repo: Repo, issue: Issue, new_state: str, reason: str | None, actor: str) -> None:
    now = state.clock.now()
    if new_state == "closed":
        if issue.state != "closed":
            issue.state = "closed"
            issue.closed_at = now
            issue.closed_by = actor
            add_event(state, issue, "closed", actor)
        issue.state_reason = reason or ("completed" if not issue.is_pull else None)
    elif new_state == "open":
        if issue.state != "open":
            if issue.pull is not None and issue.pull.merged:
                raise validation_failed("PullRequest", "state", "custom", "Cannot reopen a merged pull request")
            issue.state = "open"
            issue.closed_at = None
            issue.closed_by = None
            issue.state_reason = "reopened" if not issue.is_pull else None
            add_event(state, issue, "reopened", actor)
    else:
        raise validation_failed("Issue", "state", "invalid")
    issue.updated_at = now
    state.touch()


def new_issue(state: State, repo: Repo, title: str, body: str | None, author: str) -> Issue:
    now = state.clock.now()
    issue = Issue(
        id=state.next_id("issue"),
        number=repo.next_number,
        title=title,
        body=body,
        user=author,
        created_at=now,
        updated_at=now,
    )
    repo.next_number += 1
    repo.items[issue.number] = issue
    state.touch()
    return issue


_REF = re.compile(r"(?:(?<![\w/])([\w.-]+/[\w.-]+))?#(\d+)\b")


def scan_mentions(state: State, repo: Repo, source: Issue, text: str | None, actor: str) -> None:
    """GitHub's cross-references: `#n` (or `owner/repo#n`) in a body or comment marks issue n's timeline."""
    if not text:
        return
    for repo_name, number in _REF.findall(text):
        target_repo = state.repo_by_name(repo_name) if repo_name else repo
        if target_repo is None:
            continue
        target = target_repo.items.get(int(number))
        if target is None or (target_repo is repo and target.number == source.number):
            continue
        key = (repo.full_name, source.number)
        if any(e.event == "cross-referenced" and e.source == key for e in target.events):
            continue
        add_event(state, target, "cross-referenced", actor, source=key)
        state.touch()


_SHA = re.compile(r"^[0-9a-f]{40}$")


def resolve_commit(repo: Repo, ref: str) -> str | None:
    """A branch name, tag, full ref ("refs/heads/x", "heads/x") or commit sha -> commit sha."""
    ref = ref.strip()
    if _SHA.match(ref) and ref in repo.git.commits:
        return ref
    for candidate in (ref, f"refs/{ref}", f"refs/heads/{ref}", f"refs/tags/{ref}"):
        sha = repo.git.refs.get(candidate)
        if sha is not None:
            return sha
    if len(ref) >= 7 and all(c in "0123456789abcdef" for c in ref):
        matches = [s for s in repo.git.commits if s.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
    return None


def close_pulls_for_deleted_branch(state: State, repo: Repo, branch: str, actor: str) -> None:
    """GitHub closes open pull requests whose head (or base) branch is deleted."""
    for item in repo.items.values():
        if item.pull is not None and item.state == "open" and branch in (item.pull.head_ref, item.pull.base_ref):
            set_state(state, repo, item, "closed", None, actor)
