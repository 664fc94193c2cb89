"""draft-pr's reads: the issue, its linked PRs, the hourly count, the base, the branch and the files.

Reads are ordered so that a skipped issue costs little: the issue first, then the pure gates that
need nothing else, then the timeline and the hourly count, and the base files only when a PR will
really be made. Every request goes through the gateway (`gw.read`), which counts and retries it.
PyGithub objects the writes will need later are kept in `Facts.handles`; everything `decide` reads
is plain data.
"""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
from dataclasses import replace
from typing import Any

from ...errors import AutohealError
from ...markers import has_marker, read_markers
from ...fixes.dispatchable import dispatch_blocker
from ..shared.context import StageContext
from ..shared.dispatch import dispatched_runs
from ..shared.opt_in import check_opt_in
from ..shared.ownership import is_autoheal_issue
from ..shared.sticky import own_sticky
from ..shared.timestamps import utc
from ..shared.repo import file_bytes, hour_ago
from ..shared.trust import by_autoheal, own_logins, trusted_author
from .commit import BLOCKED_TRAILER, read_trailers
from .decide import COMMENT_KEY
from .fix import (
    FixInputs,
    dependency_reads,
    ecosystem_of,
    intended_kind,
    task_path,
)
from .gates import category_policy, cheap_gates
from .model import BranchFacts, CiFacts, Facts, IssueFacts, PullFacts, Settings
from .source import closes_issue, embedded_analysis, minimal_analysis

WORKFLOWS_REFUSED = ("GitHub refuses commits to `.github/workflows/` from a token without the `workflows` "
                     "permission (GITHUB_TOKEN never has it)")
TIMELINE_PAGE_LIMIT = 10  # 1,000 events: an issue with more is not one autoheal should be drafting for


def gather(ctx: StageContext, settings: Settings, issue_number: int, analysis: dict[str, Any] | None) -> Facts:
    """Everything `decide` needs, read from GitHub (see the module docstring for the order)."""
    gw = ctx.gw
    repo = gw.repo()
    issue = gw.read(lambda: repo.get_issue(issue_number), what=f"read issue #{issue_number}")
    labels = tuple(lb.name for lb in issue.labels)
    issue_facts = IssueFacts(
        number=issue.number, title=issue.title or "", body=issue.body or "",
        author=issue.user.login if issue.user else "", labels=labels, state=issue.state,
        is_pull_request=issue.pull_request is not None, html_url=issue.html_url,
    )
    facts = Facts(repo=repo.full_name, issue=issue_facts, analysis=None, analysis_source="issue-text",
                  base_branch=repo.default_branch)
    facts.handles = {"repo": repo, "issue": issue}
    if not _in_scope(ctx, facts, issue, settings, analysis):
        return facts
    _attach_analysis(facts, issue, analysis, gw)

    policy = category_policy(settings, facts.analysis)
    early = cheap_gates(facts, settings, policy)
    if early.skip:
        facts.skip = early.skip
        facts.notes.extend(early.notes)
        return facts

    _linked_pulls(ctx, facts, issue)
    if facts.own_pull is None:
        facts.prs_last_hour = _prs_last_hour(ctx, repo)
    _base(ctx, facts, repo)
    _branch(ctx, facts, repo, settings)
    _fix_inputs(ctx, facts, repo, settings, policy)
    if facts.branch is not None and read_trailers(facts.branch.head_message).get(BLOCKED_TRAILER):
        facts.fix_inputs.workflows_refused = WORKFLOWS_REFUSED
    if facts.own_pull is not None:
        facts.comment_body = _sticky_comment(ctx, issue)
    facts.template_text = _template(ctx, facts, repo, settings)
    facts.ci = _ci(ctx, facts, repo)
    return facts


def _ci(ctx: StageContext, facts: Facts, repo: Any) -> CiFacts | None:
    """The failing workflow, whether `workflow_dispatch` can start it, and whether it already ran on the
    branch's head (then nothing is dispatched again)."""
    if not facts.analysis:
        return None  # a person's issue: no failing workflow to run
    inputs = facts.fix_inputs
    path = inputs.workflow_path if inputs is not None and inputs.workflow_path else None
    if path is None:
        scratch = FixInputs(issue_number=facts.issue.number, issue_url="", issue_title="", issue_body="",
                            analysis=facts.analysis)
        path = _workflow_path(ctx, repo, facts.analysis, scratch)
    if not path:
        return None
    text = _file_at(ctx, repo, path, facts.base_sha)
    blocker = "does not exist on the default branch" if text is None else dispatch_blocker(path, text)
    name = str(facts.analysis.get("workflow") or path)
    done: tuple[int, ...] = ()
    if blocker is None and facts.branch is not None:
        done = tuple(r.id for r in dispatched_runs(ctx.gw, facts.repo, facts.branch.head_sha, path))
    return CiFacts(workflow_path=path, workflow_name=name, blocker=blocker, dispatched_for_head=done)


def _in_scope(ctx: StageContext, facts: Facts, issue: Any, settings: Settings,
              analysis: dict[str, Any] | None) -> bool:
    """autoheal's own issue (its marker, written by autoheal's identity), or one a writer opted in; else skip.

    An opted-in issue whose author is not a member keeps only its number: none of the author's text (title,
    body) reaches the branch name, a commit, the PR or Copilot — they read the issue on GitHub.
    """
    author = issue.user.login if issue.user else ""
    association = (issue.raw_data or {}).get("author_association", "") or ""
    if facts.issue.is_pull_request or facts.issue.state != "open":
        return True  # the policy gates say why, in their words
    logins = own_logins(ctx.gw)
    if is_autoheal_issue(issue.body) and by_autoheal(issue.user, logins):
        return True
    decision = check_opt_in(ctx.gw, issue, facts.issue.labels, settings.opt_in_label, ctx.event, ctx.event_name)
    if not decision.opted_in:
        facts.skip = f"issue #{facts.issue.number} is not in scope: {decision.reason}"
        return False
    facts.notes.append(f"issue #{facts.issue.number}: {decision.reason}")
    if not trusted_author(author, association, logins):
        facts.issue = replace(facts.issue, title=f"issue #{facts.issue.number}", body="")
        facts.notes.append(f"its author `{author}` ({association or 'no association'}) is not a member: the PR "
                           "quotes none of the issue's text")
    return True


def _attach_analysis(facts: Facts, issue: Any, analysis: dict[str, Any] | None, gw: Any) -> None:
    body = issue.body or ""
    if analysis is not None:
        facts.analysis, facts.analysis_source = analysis, "analysis-file"
        mine = read_markers(body).get("fingerprint")
        if mine and analysis.get("fingerprint") and mine != analysis["fingerprint"]:
            facts.notes.append(f"the analysis file's fingerprint differs from issue #{issue.number}'s; using the file")
        return
    if not is_autoheal_issue(body):
        return
    author = issue.user.login if issue.user else ""
    association = (issue.raw_data or {}).get("author_association", "") or ""
    if not trusted_author(author, association, own_logins(gw)):
        facts.notes.append(f"issue #{issue.number} looks like autoheal's but was opened by `{author}` "
                           f"({association or 'no association'}): its text is used, not its hidden analysis")
        return
    embedded = embedded_analysis(body)
    if embedded is not None:
        facts.analysis, facts.analysis_source = embedded, "issue-body"
        return
    partial = minimal_analysis(body, facts.issue.labels)
    if partial is not None:
        facts.analysis, facts.analysis_source = partial, "issue-markers"
        facts.notes.append("the issue carries no embedded analysis: only its fingerprint and category are known")


def _linked_pulls(ctx: StageContext, facts: Facts, issue: Any) -> None:
    """PRs that reference the issue, from its timeline (`cross-referenced` events), ours by marker."""
    gw = ctx.gw
    repo = facts.handles["repo"]
    number = facts.issue.number

    def read_timeline() -> list[dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for i, event in enumerate(issue.get_timeline()):
            if i >= TIMELINE_PAGE_LIMIT * 100:
                break
            if event.event != "cross-referenced" or event.source is None or event.source.issue is None:
                continue
            src = event.source.issue
            raw = src.raw_data or {}
            if "pull_request" not in raw:
                continue
            repo_name = ((raw.get("repository") or {}).get("full_name")) or facts.repo
            if repo_name.lower() != facts.repo.lower():
                continue  # a PR in a fork or another repository does not fix this one
            found[src.number] = raw
        return list(found.values())

    pulls = []
    logins = own_logins(gw)
    for raw in gw.read(read_timeline, what=f"read the timeline of #{number}"):
        merged = bool((raw.get("pull_request") or {}).get("merged_at"))
        body = raw.get("body") or ""
        # Ours: autoheal's marker in a PR autoheal opened (anyone can paste the marker into their own PR).
        author = str((raw.get("user") or {}).get("login") or "")
        pulls.append(PullFacts(
            number=raw["number"], state=raw.get("state", "open"), merged=merged, draft=bool(raw.get("draft")),
            head_ref="", base_ref="", title=raw.get("title") or "", body=body,
            html_url=raw.get("html_url") or "", labels=tuple(lb.get("name", "") for lb in raw.get("labels") or []),
            ours=has_marker(body, "issue", number) and author in logins, closes=closes_issue(body, number),
        ))
    facts.linked_pulls = pulls
    own_open = [p for p in pulls if p.ours and p.state == "open"]
    if own_open:
        pr_number = min(p.number for p in own_open)
        pr = gw.read(lambda: repo.get_pull(pr_number), what=f"read PR #{pr_number}")
        facts.own_pull = to_pull_facts(pr, number, logins)
        facts.handles["pull"] = pr


def to_pull_facts(pr: Any, issue_number: int, logins: Any) -> PullFacts:
    return PullFacts(
        number=pr.number, state=pr.state, merged=bool(pr.merged), draft=bool(pr.draft), head_ref=pr.head.ref,
        base_ref=pr.base.ref, title=pr.title or "", body=pr.body or "", html_url=pr.html_url,
        labels=tuple(lb.name for lb in pr.labels),
        ours=has_marker(pr.body, "issue", issue_number) and by_autoheal(pr.user, logins),
    )


def _prs_last_hour(ctx: StageContext, repo: Any) -> int:
    """autoheal PRs (any issue, any state) created in the last hour on GitHub's clock."""
    gw = ctx.gw
    logins = own_logins(gw)

    def count() -> int:
        since = hour_ago(ctx.now())
        total = 0
        for pr in repo.get_pulls(state="all", sort="created", direction="desc"):
            created = utc(pr.created_at)
            if created < since - timedelta(minutes=1):
                break
            if created >= since and "issue" in read_markers(pr.body) and by_autoheal(pr.user, logins):
                total += 1
        return total

    return gw.read(count, what="count autoheal PRs of the last hour")


def _base(ctx: StageContext, facts: Facts, repo: Any) -> None:
    gw = ctx.gw
    ref = gw.read(lambda: repo.get_git_ref(f"heads/{facts.base_branch}"), what=f"read branch {facts.base_branch}")
    commit = gw.read(lambda: repo.get_git_commit(ref.object.sha), what=f"read {facts.base_branch}'s head commit")
    facts.base_sha = commit.sha
    facts.handles["base_commit"] = commit


def _branch(ctx: StageContext, facts: Facts, repo: Any, settings: Settings) -> None:
    """The branch for this issue: the own PR's head, else any `<prefix><issue>[-slug]` branch."""
    gw = ctx.gw
    number = facts.issue.number
    if facts.own_pull is not None:
        wanted = [facts.own_pull.head_ref]
        prefix = f"heads/{facts.own_pull.head_ref}"
    else:
        wanted = []
        prefix = f"heads/{settings.branch_prefix}{number}"
    stem = prefix[len("heads/"):]

    def matching() -> list[Any]:
        return list(repo.get_git_matching_refs(prefix))

    refs = gw.read(matching, what=f"look for the branch {stem}")
    names = {r.ref[len("refs/heads/"):]: r for r in refs if r.ref.startswith("refs/heads/")}
    if wanted:
        candidates = [n for n in wanted if n in names]
    else:
        candidates = sorted(n for n in names if n == stem or n.startswith(stem + "-"))
    if not candidates:
        return
    from ...fixes.refname import branch_name

    preferred = branch_name(number, facts.issue.title, settings.branch_prefix)
    name = preferred if preferred in candidates else candidates[0]
    if len(candidates) > 1:
        facts.notes.append(f"several branches for issue #{number} ({', '.join(candidates)}); using {name}")
    head_sha = names[name].object.sha
    commit = gw.read(lambda: repo.get_git_commit(head_sha), what=f"read the head of {name}")
    facts.branch = BranchFacts(
        name=name, head_sha=commit.sha, head_message=commit.message or "",
        head_parents=tuple(p.sha for p in commit.parents),
        head_author=(commit.author.name if commit.author else "") or "",
    )
    if facts.own_pull is None:
        # The timeline can lag behind, or a person removed `Fixes #N`: ask by branch before creating a twin.
        owner = facts.repo.split("/")[0]
        pulls = gw.read(lambda: list(repo.get_pulls(state="open", head=f"{owner}:{name}")),
                        what=f"look for an open PR from {name}")
        logins = own_logins(gw)
        for pr in pulls:
            if has_marker(pr.body, "issue", number) and by_autoheal(pr.user, logins):
                facts.own_pull = to_pull_facts(pr, number, logins)
                facts.handles["pull"] = pr
                break


def _fix_inputs(ctx: StageContext, facts: Facts, repo: Any, settings: Settings, policy: Any) -> None:
    gw = ctx.gw
    kind, reason = intended_kind(policy, facts.analysis, settings)
    inputs = FixInputs(issue_number=facts.issue.number, issue_url=facts.issue.html_url,
                       issue_title=facts.issue.title, issue_body=facts.issue.body, analysis=facts.analysis)
    base_commit = facts.handles["base_commit"]
    if kind == "dependency":
        tree = gw.read(lambda: repo.get_git_tree(base_commit.tree.sha, recursive=True), what="list the base tree")
        entries = [e for e in tree.tree if e.type == "blob"]
        inputs.tree_paths = tuple(e.path for e in entries)
        inputs.modes = {e.path: e.mode for e in entries}
        if (tree.raw_data or {}).get("truncated"):
            inputs.notes.append("the repository tree listing was truncated; only the files listed were considered")
        by_path = {e.path: e.sha for e in entries}
        for path in dependency_reads(inputs.tree_paths, ecosystem_of(facts.analysis or {})):
            text = _blob_text(ctx, repo, by_path[path], path)
            if text is None:
                inputs.notes.append(f"{path} is not UTF-8 text; skipped")
            else:
                inputs.files[path] = text
    elif kind == "timeout":
        path = _workflow_path(ctx, repo, facts.analysis or {}, inputs)
        inputs.workflow_path = path
        if path:
            text = _file_at(ctx, repo, path, facts.base_sha)
            if text is None:
                inputs.notes.append(f"{path} does not exist on {facts.base_branch}")
            else:
                inputs.files[path] = text
    if kind == "task":
        existing = _file_at(ctx, repo, task_path(facts.issue.number), facts.base_sha)
        if existing is not None:
            inputs.files[task_path(facts.issue.number)] = existing
    facts.fix_inputs, facts.kind, facts.kind_reason = inputs, kind, reason


def _workflow_path(ctx: StageContext, repo: Any, analysis: dict[str, Any], inputs: FixInputs) -> str | None:
    """The failing run's workflow file: named in the analysis, else the run's `path`, else by workflow name."""
    gw = ctx.gw
    for key in ("workflow_path", "path"):
        value = analysis.get(key)
        if isinstance(value, str) and value.startswith(".github/workflows/"):
            return value.split("@", 1)[0]
    run_id = analysis.get("run_id")
    if run_id:
        try:
            run = gw.read(lambda: repo.get_workflow_run(int(run_id)), what=f"read run {run_id}")
            if getattr(run, "path", None):
                return run.path.split("@", 1)[0]
        except (AutohealError, ValueError) as exc:
            inputs.notes.append(f"run {run_id} could not be read ({exc})")
    name = analysis.get("workflow")
    if name:
        try:
            workflows = gw.read(lambda: list(repo.get_workflows()), what="list workflows")
        except AutohealError as exc:
            inputs.notes.append(f"workflows could not be listed ({exc})")
            return None
        matches = [w.path for w in workflows if w.name == name]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            inputs.notes.append(f"several workflows are named {name!r}: {', '.join(matches)}")
            return None
    inputs.notes.append("the failing job's workflow file could not be identified")
    return None


def _file_at(ctx: StageContext, repo: Any, path: str, ref: str) -> str | None:
    gw = ctx.gw

    def read() -> Any:
        try:
            return repo.get_contents(path, ref=ref)
        except Exception as exc:  # the gateway translates GitHub errors; a 404 here just means "absent"
            if getattr(exc, "status", None) == 404:
                return None
            raise

    content = gw.read(read, what=f"read {path}")
    if content is None or isinstance(content, list):
        return None
    try:
        return file_bytes(gw, content).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _blob_text(ctx: StageContext, repo: Any, sha: str, path: str) -> str | None:
    blob = ctx.gw.read(lambda: repo.get_git_blob(sha), what=f"read {path}")
    try:
        data = base64.b64decode(blob.content) if blob.encoding == "base64" else blob.content.encode("utf-8")
        return data.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def _sticky_comment(ctx: StageContext, issue: Any) -> str | None:
    logins = own_logins(ctx.gw)
    comment = ctx.gw.read(lambda: own_sticky(issue, COMMENT_KEY, logins), what=f"read the comments of #{issue.number}")
    return comment.body if comment is not None else None


def _template(ctx: StageContext, facts: Facts, repo: Any, settings: Settings) -> str | None:
    path = settings.template
    if not path:
        return None
    local = ctx.workspace_path(path)
    if local.is_file():
        return local.read_text(encoding="utf-8")
    text = _file_at(ctx, repo, path, facts.base_sha)
    if text is None:
        raise AutohealError(f"pull_requests.template: {path} was found neither in the workspace nor on {facts.base_branch}",
                            "fix the path or remove the key to use the built-in template")
    return text
