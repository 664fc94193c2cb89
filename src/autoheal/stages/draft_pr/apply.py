"""draft-pr's writes, in plan order, each through the gateway with a way to tell whether it landed.

- blob, tree and commit objects are content-addressed or unreferenced until a ref points at them,
  so resending one after a lost response is harmless (`find` says "not landed, send again");
- the ref create/update is checked by reading the ref back (does it point at our commit?), and a
  422 "already exists" (another run won the race) is accepted only when that branch holds
  autoheal's commit with the same content;
- the PR create is checked by listing open PRs from the branch, and GitHub's 422 "A pull request
  already exists" is resolved the same way — so a lost response never makes a second PR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from github import InputGitTreeElement

from ...errors import AutohealError, GitHubAPIError
from ...markers import has_marker
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import StageContext, Write
from ..shared.labels import DRAFT_STAND_IN, ensure_labels
from ..shared.sticky import upsert_sticky_comment
from ..shared.workflow_refusal import WORKFLOW_DIR, is_workflows_refusal
from .commit import DIGEST_TRAILER, read_trailers
from .decide import COMMENT_KEY, Decision, comment_body
from .model import Facts


class WorkflowsRefused(Exception):
    """GitHub refused to move a ref to a commit that changes `.github/workflows/` (no `workflows` permission)."""


@dataclass
class Outcome:
    pr_number: int | None
    pr_url: str
    commit_sha: str = ""
    held: str = ""  # why the issue comment was left out (rate_limits.max_comments_per_hour), if it was


def apply(ctx: StageContext, facts: Facts, decision: Decision) -> Outcome:
    repo = facts.handles["repo"]
    pull = facts.handles.get("pull")
    outcome = Outcome(decision.pr_number, decision.pr_url)
    for write in decision.plan:
        if write.op == "commit":
            outcome.commit_sha = _commit(ctx, repo, facts, write)
        elif write.op == "create_pr":
            pull = _create_pr(ctx, repo, facts, write)
            outcome.pr_number, outcome.pr_url = pull.number, pull.html_url
        elif write.op == "edit_pr":
            _edit_pr(ctx, pull, write.args["title"], write.args["body"])
        elif write.op == "add_labels":
            _label_pr(ctx, pull, write.args["labels"])
        elif write.op == "comment":
            body = write.args["body"] or comment_body(outcome.pr_number, write.args["proposal"], write.args["branch"])
            budget = stage_comment_budget(ctx)
            action, _ = upsert_sticky_comment(ctx.gw, facts.handles["issue"], COMMENT_KEY, body, budget=budget)
            if action == "held":  # the PR stands; the next run finds no link comment and posts it
                outcome.held = "the issue comment linking the PR: " + held_back_note(budget.limit)
        else:  # pragma: no cover - decide only plans the ops above
            raise AssertionError(f"unknown write {write.op}")
    return outcome


def _edit_pr(ctx: StageContext, pr: Any, title: str, body: str) -> None:
    """A PATCH sets the same title and body however often it is sent: resending is harmless."""
    ctx.gw.write(lambda: pr.edit(title=title, body=body), find=_resend, what=f"edit PR #{pr.number}")


def _label_pr(ctx: StageContext, pr: Any, labels: list[str]) -> None:
    """Labels are created once (with colour and description) and adding them again is a no-op."""
    ensure_labels(ctx.gw, labels)
    ctx.gw.write(lambda: pr.add_to_labels(*labels), find=_resend, what=f"label PR #{pr.number}")


def _commit(ctx: StageContext, repo: Any, facts: Facts, write: Write) -> str:
    """blob(s) -> tree -> commit -> ref: one commit on the base, no clone."""
    gw = ctx.gw
    args = write.args
    branch = args["branch"]
    base_commit = facts.handles["base_commit"]
    touches = any(change.path.startswith(WORKFLOW_DIR) for change in args["changes"])
    elements = []
    for change in args["changes"]:
        blob = gw.write(lambda change=change: repo.create_git_blob(change.new, "utf-8"), find=_resend,
                        what=f"upload {change.path}")
        elements.append(InputGitTreeElement(change.path, change.mode, "blob", sha=blob.sha))
    try:  # GitHub refuses a workflow change at the tree, the commit or the ref, depending on the day
        tree = gw.write(lambda: repo.create_git_tree(elements, base_tree=base_commit.tree), find=_resend,
                        what="create the fix tree")
        commit = gw.write(lambda: repo.create_git_commit(args["message"], tree, [base_commit]), find=_resend,
                          what="create the fix commit")
    except GitHubAPIError as exc:
        if is_workflows_refusal(exc, touches):
            raise WorkflowsRefused(str(exc)) from None
        raise

    def ref_at_commit() -> Any:
        ref = _read_ref(ctx, repo, branch)
        return ref if ref is not None and ref.object.sha == commit.sha else None

    if args["mode"] == "create":
        try:
            gw.write(lambda: repo.create_git_ref(f"refs/heads/{branch}", commit.sha), find=ref_at_commit,
                     what=f"create branch {branch}")
        except GitHubAPIError as exc:
            if is_workflows_refusal(exc, touches):
                raise WorkflowsRefused(str(exc)) from None
            if exc.status != 422:
                raise
            _accept_concurrent_branch(ctx, repo, facts, branch, args["digest"])
        return commit.sha

    ref = _read_ref(ctx, repo, branch)
    if ref is None or ref.object.sha != args["expected_sha"]:
        raise AutohealError(
            f"the branch {branch} changed while autoheal was working on it; nothing was overwritten",
            "re-run the stage: it will see the new state (and leave the branch alone if someone committed)",
        )
    try:
        gw.write(lambda: ref.edit(commit.sha, force=True), find=ref_at_commit, what=f"move branch {branch}")
    except GitHubAPIError as exc:
        if is_workflows_refusal(exc, touches):
            raise WorkflowsRefused(str(exc)) from None
        raise
    return commit.sha


def _resend() -> None:
    """Content-addressed or not yet referenced: sending again after a lost response is harmless."""
    return


def _read_ref(ctx: StageContext, repo: Any, branch: str) -> Any:
    def read() -> Any:
        refs = [r for r in repo.get_git_matching_refs(f"heads/{branch}") if r.ref == f"refs/heads/{branch}"]
        return refs[0] if refs else None

    return ctx.gw.read(read, what=f"read branch {branch}")


def _accept_concurrent_branch(ctx: StageContext, repo: Any, facts: Facts, branch: str, digest: str) -> None:
    """Another run created the branch first: fine if it holds autoheal's same commit, else stop."""
    ref = _read_ref(ctx, repo, branch)
    if ref is not None:
        head = ctx.gw.read(lambda: repo.get_git_commit(ref.object.sha), what=f"read the head of {branch}")
        trailers = read_trailers(head.message or "")
        if trailers.get(DIGEST_TRAILER) == digest and [p.sha for p in head.parents] == [facts.base_sha]:
            return
    raise AutohealError(f"the branch {branch} was created by someone else while autoheal was working",
                        "re-run the stage: it will find the branch and decide from its state")


def _create_pr(ctx: StageContext, repo: Any, facts: Facts, write: Write) -> Any:
    args = write.args
    owner = facts.repo.split("/")[0]
    number = facts.issue.number

    def find() -> Any:
        for pr in repo.get_pulls(state="open", head=f"{owner}:{args['branch']}"):
            if has_marker(pr.body, "issue", number):
                return pr
        return None

    def create(draft: bool) -> Any:
        return ctx.gw.write(
            lambda: repo.create_pull(base=args["base"], head=args["branch"], title=args["title"], body=args["body"],
                                     draft=draft),
            find=find, what=f"open the PR for #{number}")

    try:
        return create(args["draft"])
    except GitHubAPIError as exc:
        if exc.status != 422:
            raise
        existing = ctx.gw.read(find, what=f"look for the PR from {args['branch']}")
        if existing is not None:
            return existing
        if not (args["draft"] and drafts_refused(exc)):
            raise
        refusal = exc.message
    # Private repositories on plans without drafts refuse them (422 "Draft pull requests are not supported
    # in this repository."; SWE-agent/SWE-agent #179): open a regular PR and label it in the draft's stead.
    ctx.rt.warn(f"GitHub refused a draft PR ({refusal}); opened a regular PR labelled {DRAFT_STAND_IN} "
                "instead: review it as a draft")
    pull = create(False)
    _label_pr(ctx, pull, [DRAFT_STAND_IN])
    return pull


def drafts_refused(exc: GitHubAPIError) -> bool:
    return "draft pull requests are not supported" in str(exc).lower()
