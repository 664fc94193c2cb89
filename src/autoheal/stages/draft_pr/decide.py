"""draft-pr's decision: from gathered facts to a plan of writes. Pure — no I/O, no PyGithub.

Branch states and what each gets (the head commit's trailers tell them apart, see commit.py):

| branch | plan |
|---|---|
| absent | create it with one commit on the base |
| only autoheal's commit, on the current base, same content | nothing |
| only autoheal's commit, on the current base, other content | a new commit on the base, ref moved (updated) |
| only autoheal's commit, base moved | the fix recomputed on the new base, ref moved (rebuilt) |
| anyone else's commit on top | never touched again |

The PR is created when missing and edited only when autoheal's own content changed (a digest of
title and body is kept in a hidden marker), so a person's edits are not reverted on every run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ...fixes.refname import branch_name
from ...markdown import GITHUB_BODY_LIMIT, truncate_line
from ...markers import marker, read_markers
from ...render import render, render_user_template
from ..shared.context import Plan
from .commit import (
    commit_message,
    content_digest,
    is_autoheal_commit,
    is_current,
)
from .fix import propose, task_path
from .gates import GateResult, category_policy, cheap_gates, linked_gates
from .model import Facts, Proposal, Settings

COMMENT_KEY = "draft-pr"
MARKERS_ROOM = 200  # the hidden markers appended after the (possibly truncated) body must still fit
PR_TITLE_LIMIT = 256  # GitHub refuses longer pull request titles
_URL = re.compile(r"^https?://[^\s<>()\[\]]+$")


@dataclass
class Decision:
    """The plan plus what the stage reports about it (the `action`/`reason` outputs)."""

    plan: Plan
    action: str  # created | updated | rebuilt | unchanged | skipped
    reason: str
    branch: str = ""
    fix_kind: str = ""
    pr_number: int | None = None
    pr_url: str = ""
    proposal: Proposal | None = None
    gates: GateResult | None = None


def pr_title(issue_title: str) -> str:
    return truncate_line(f"autoheal: {issue_title}", PR_TITLE_LIMIT)


def decide(facts: Facts, settings: Settings) -> Decision:
    """The writes that bring GitHub to the desired state; an empty plan when it is already there."""
    plan = Plan(notes=list(facts.notes))
    policy = category_policy(settings, facts.analysis)
    if facts.skip:
        return Decision(plan, "skipped", facts.skip)
    gates = linked_gates(facts, settings, cheap_gates(facts, settings, policy))
    plan.notes.extend(gates.notes)
    if gates.skip:
        return Decision(plan, "skipped", gates.skip, gates=gates)
    assert facts.fix_inputs is not None, "gather reads the files once the gates pass"
    proposal = propose(facts.kind, facts.kind_reason, facts.fix_inputs, settings)
    plan.notes.extend(facts.fix_inputs.notes)
    if proposal.fallback_reason and facts.kind != "task":
        plan.notes.append(f"{facts.kind} fix declined, task file instead: {proposal.fallback_reason}")
    issue = facts.issue
    own = facts.own_pull
    branch = own.head_ref if own else facts.branch.name if facts.branch else branch_name(
        issue.number, issue.title, settings.branch_prefix)
    decision = Decision(plan, "unchanged", "", branch=branch, fix_kind=proposal.kind,
                        pr_number=own.number if own else None, pr_url=own.html_url if own else "",
                        proposal=proposal, gates=gates)
    if not proposal.changes:
        decision.action, decision.reason = "skipped", f"nothing to commit: {proposal.summary} is already on the base"
        return decision

    target = f"{facts.repo} {branch}"
    digest = content_digest(proposal)
    fingerprint = str((facts.analysis or {}).get("fingerprint") or "")
    message = commit_message(proposal, issue.number, _context_line(facts.analysis), fingerprint)
    commit_args: dict[str, Any] = {"branch": branch, "base_sha": facts.base_sha, "message": message,
                                       "changes": proposal.changes, "digest": digest, "issue": issue.number}
    mode = None
    if facts.branch is None:
        mode = "create"
        plan.add("commit", target, f"create branch on {facts.base_branch} with one commit: {proposal.subject}",
                 mode="create", **commit_args)
    elif not _only_ours(facts):
        who = facts.branch.head_author or "someone else"
        reason = f"the branch {branch} has commits autoheal did not make (head by {who}); autoheal leaves it alone"
        if own is None:
            decision.action, decision.reason = "skipped", reason
            return decision
        decision.action, decision.reason = "unchanged", reason
        return decision
    else:
        on_base = facts.branch.head_parents == (facts.base_sha,)
        same = is_current(facts.branch.head_message, proposal, fingerprint)
        if not on_base:
            mode = "rebuild"
            plan.add("commit", target, f"rebuild on the moved base {facts.base_branch}@{facts.base_sha[:7]}: "
                     f"{proposal.subject}", mode="rebuild", expected_sha=facts.branch.head_sha, **commit_args)
        elif not same:
            mode = "update"
            plan.add("commit", target, f"replace autoheal's commit: {proposal.subject}", mode="update",
                     expected_sha=facts.branch.head_sha, **commit_args)

    title = pr_title(issue.title)
    body, digest_of_body = render_body(facts, settings, proposal, branch)
    labels = list(dict.fromkeys(settings.labels))
    if own is None:
        plan.add("create_pr", f"{facts.repo} {branch}", f"open a {'draft ' if settings.draft else ''}pull request "
                 f"into {facts.base_branch}", branch=branch, base=facts.base_branch, title=title, body=body,
                 draft=settings.draft)
        if labels:
            plan.add("add_labels", f"{facts.repo} (new PR)", f"label the PR {', '.join(labels)}", number=None,
                     labels=labels)
        plan.add("comment", f"{facts.repo}#{issue.number}", "link the new PR from the issue", issue=issue.number,
                 body=None, proposal=proposal, branch=branch, current=facts.comment_body)
        decision.action = "created"
        decision.reason = f"opened a draft PR: {proposal.summary}" + _fallback(proposal)
        plan_ci(plan, facts, branch, pushed=mode is not None)
        return decision

    touched = mode is not None
    if read_markers(own.body).get("body") != digest_of_body:
        plan.add("edit_pr", f"{facts.repo}#{own.number}", "refresh the title and body", number=own.number,
                 title=title, body=body)
        touched = True
    missing = [lb for lb in labels if lb.lower() not in {x.lower() for x in own.labels}]
    if touched and missing:
        plan.add("add_labels", f"{facts.repo}#{own.number}", f"label the PR {', '.join(missing)}",
                 number=own.number, labels=missing)
    comment = comment_body(own.number, proposal, branch)
    if _strip_sticky(facts.comment_body) != comment.rstrip():
        plan.add("comment", f"{facts.repo}#{issue.number}", f"link PR #{own.number} from the issue",
                 issue=issue.number, body=comment, proposal=proposal, branch=branch, current=facts.comment_body)
    writes_before_ci = len(plan.writes)
    plan_ci(plan, facts, branch, pushed=mode is not None)
    if mode == "rebuild":
        decision.action = "rebuilt"
        decision.reason = f"the base moved: rebuilt autoheal's commit on {facts.base_branch}: {proposal.summary}"
    elif writes_before_ci:
        decision.action = "updated"
        decision.reason = f"updated PR #{own.number}: {proposal.summary}" + _fallback(proposal)
    else:
        decision.reason = f"PR #{own.number} and its branch are current"
        if plan.writes:
            decision.reason += f"; CI ({facts.ci.workflow_name if facts.ci else ''}) started on it"
    return decision


def plan_ci(plan: Plan, facts: Facts, branch: str, *, pushed: bool) -> None:
    """Start the failing workflow on the fix branch by `workflow_dispatch` (the one event a GITHUB_TOKEN
    may cause that starts a run): after every push, and once for a head that never got a dispatched run."""
    ci = facts.ci
    if ci is None:
        return
    if ci.blocker is not None:
        plan.notes.append(f"the PR gets no CI run from autoheal: {ci.workflow_path} {ci.blocker} "
                          "(see docs/stages/draft-pr.md, \"CI on the fix branch\")")
        return
    if pushed or not ci.dispatched_for_head:
        plan.add("dispatch", f"{facts.repo} {ci.workflow_path}@{branch}",
                 f"run {ci.workflow_name} on {branch} (workflow_dispatch)", workflow=ci.workflow_path, branch=branch)


def _only_ours(facts: Facts) -> bool:
    branch = facts.branch
    assert branch is not None
    return len(branch.head_parents) == 1 and is_autoheal_commit(branch.head_message, facts.issue.number)


def _fallback(proposal: Proposal) -> str:
    return f" (task file: {proposal.fallback_reason})" if proposal.kind == "task" and proposal.fallback_reason else ""


def _context_line(analysis: dict[str, Any] | None) -> str:
    if not analysis:
        return ""
    parts = []
    where = " / ".join(str(analysis[k]) for k in ("workflow", "failed_job") if analysis.get(k))
    if where:
        parts.append(f"Failure: {where}")
    if analysis.get("run_id"):
        parts.append(f"run {analysis['run_id']}")
    if analysis.get("category"):
        parts.append(f"category {analysis['category']}, confidence {analysis.get('confidence')}")
    return "; ".join(parts) + "." if parts else ""


def body_digest(title: str, body_without_markers: str) -> str:
    return hashlib.sha256(f"{title}\n{body_without_markers}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def render_body(facts: Facts, settings: Settings, proposal: Proposal, branch: str) -> tuple[str, str]:
    """(body, digest): the PR body (built-in template or the user's) ending with the hidden markers,
    and the digest of autoheal's title and text that the `body` marker records."""
    analysis = analysis_view(facts.analysis)
    context = {
        "issue": {"number": facts.issue.number, "title": facts.issue.title, "url": facts.issue.html_url},
        "proposal": proposal, "analysis": analysis, "branch": branch, "base": facts.base_branch,
        "task_path": task_path(facts.issue.number), "key_lines": _key_lines(facts.analysis),
        "run_url": analysis["run_url"] if analysis else "",
    }
    limit = GITHUB_BODY_LIMIT - MARKERS_ROOM
    if facts.template_text is not None:
        text = render_user_template(facts.template_text, limit=limit - 32, **context)
        if f"#{facts.issue.number}" not in text:
            text = f"Fixes #{facts.issue.number}\n\n{text}"
    else:
        text = render("pr.md.j2", limit=limit, **context)
    text = text.rstrip() + "\n"
    digest = body_digest(pr_title(facts.issue.title), text)
    markers = "\n".join([marker("issue", facts.issue.number), marker("fix", proposal.kind), marker("body", digest)])
    return f"{text}\n{markers}\n", digest


def comment_body(pr_number: int, proposal: Proposal, branch: str) -> str:
    return render("pr_comment.md.j2", pr_number=pr_number, proposal=proposal, branch=branch).rstrip() + "\n"


def _strip_sticky(body: str | None) -> str | None:
    if body is None:
        return None
    return re.sub(r"\s*<!-- autoheal:sticky=[^\s>]* -->\s*$", "", body).rstrip()


def analysis_view(analysis: dict[str, Any] | None) -> dict[str, Any] | None:
    """The analysis with every field the template reads present (templates use StrictUndefined)."""
    if analysis is None:
        return None
    run_url = str(analysis.get("run_url") or "")
    return {
        "workflow": analysis.get("workflow") or "",
        "failed_job": analysis.get("failed_job") or "",
        "failed_step": analysis.get("failed_step") or "",
        "run_id": analysis.get("run_id") or "",
        "run_url": run_url if _URL.match(run_url) else "",
        "category": analysis.get("category") or "unknown",
        "confidence": _confidence_or_none(analysis.get("confidence")),
        "fingerprint": analysis.get("fingerprint") or "",
        "suggested_fix": analysis.get("suggested_fix") or "",
    }


def _confidence_or_none(value: Any) -> int | None:
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return None


def _key_lines(analysis: dict[str, Any] | None, limit: int = 20) -> str:
    lines = []
    for item in (analysis or {}).get("key_lines") or []:
        if isinstance(item, dict) and item.get("text") is not None:
            prefix = f"{item['line']}: " if isinstance(item.get("line"), int) else ""
            lines.append(prefix + truncate_line(str(item["text"]), 500))
        if len(lines) >= limit:
            break
    return "\n".join(lines)
