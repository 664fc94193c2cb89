"""sync-workflows' writes: the sync PR on its branch (updated in place) or a commit to the default branch."""

from __future__ import annotations

from typing import Any

from ...errors import AutohealError, GitHubAPIError
from ...markdown import fence
from ...markers import marker
from ..shared.context import Plan, StageContext
from ..shared.workflow_refusal import is_workflows_refusal
from .gather import find_sync_pr
from .model import SYNC_BRANCH, SYNC_MARKER, Facts


def apply(ctx: StageContext, facts: Facts, plan: Plan, fix: Any) -> Any:
    """Carry out the plan; GitHub refusing the workflow-file change (in any of its shapes) is one clear error."""
    try:
        return _apply(ctx, facts, plan, fix)
    except GitHubAPIError as exc:
        if is_workflows_refusal(exc, touches_workflows=True):
            raise AutohealError(
                f"GitHub refused to change {facts.workflow_file}: the token lacks the `workflows` permission ({exc.message})",
                "a GITHUB_TOKEN can never change .github/workflows/*: pass a fine-grained PAT or GitHub App token with "
                "Workflows: write as `token` (the template reads the secret AUTOHEAL_WORKFLOWS_TOKEN), or use mode `check`",
            ) from None
        raise


def _apply(ctx: StageContext, facts: Facts, plan: Plan, fix: Any) -> Any:
    gw = ctx.gw
    repo = gw.repo()
    message = f"autoheal: sync the watched workflow list\n\n{fix.summary}. workflow_run only fires for listed workflows."
    pr = facts.existing_pr
    for write in plan:
        if write.op == "commit":
            current = gw.read(lambda: repo.get_contents(facts.workflow_file, ref=facts.default_branch))
            gw.write(lambda: repo.update_file(facts.workflow_file, message, write.args["text"], current.sha,
                                              branch=facts.default_branch), what=f"commit {facts.workflow_file}")
        elif write.op == "push_branch":
            push_sync_branch(gw, repo, facts, write.args["text"], message)
        elif write.op == "open_pr":
            body = (f"{fix.summary}.\n\n`workflow_run` only triggers for the workflows it lists, so autoheal keeps "
                    f"the list of `{facts.workflow_file}` in sync with `.github/workflows/`.\n\n"
                    f"{fence(fix.diff(), 'diff')}\n\n{marker(SYNC_MARKER)}\n")
            pr = gw.write(lambda: repo.create_pull(title="autoheal: sync the watched workflow list", body=body,
                                                   head=SYNC_BRANCH, base=facts.default_branch),
                          find=lambda: find_sync_pr(repo), what="open the sync PR")
        elif write.op == "close_pr":
            gw.write(lambda: facts.existing_pr.edit(state="closed"), what=f"close #{facts.existing_pr.number}")
    return pr


def push_sync_branch(gw: Any, repo: Any, facts: Facts, text: str, message: str) -> None:
    """The sync branch is autoheal's own: rebuild it from the default branch, then commit the new list."""
    head = gw.read(lambda: repo.get_branch(facts.default_branch).commit.sha, what="read the default branch")
    if facts.branch_text is None:
        gw.write(lambda: repo.create_git_ref(f"refs/heads/{SYNC_BRANCH}", head),
                 find=lambda: _ref_or_none(repo), what=f"create {SYNC_BRANCH}")
    else:
        ref = gw.read(lambda: repo.get_git_ref(f"heads/{SYNC_BRANCH}"))
        gw.write(lambda: ref.edit(head, force=True), what=f"reset {SYNC_BRANCH}")
    current = gw.read(lambda: repo.get_contents(facts.workflow_file, ref=SYNC_BRANCH))
    gw.write(lambda: repo.update_file(facts.workflow_file, message, text, current.sha, branch=SYNC_BRANCH),
             what=f"commit {facts.workflow_file} on {SYNC_BRANCH}")


def _ref_or_none(repo: Any) -> Any:
    try:
        return repo.get_git_ref(f"heads/{SYNC_BRANCH}")
    except Exception:  # noqa: BLE001 - 404 means the create did not land
        return None
