"""The texts pr-monitor writes (pure): the sticky status comment, the hand-back task, the issue notice.

The status comment is a function of GitHub's state and the stored record only — absolute timestamps,
never "5 minutes ago" — so an unchanged PR renders the same bytes and the comment is not edited.
"""

from __future__ import annotations

from typing import Any

from ...markdown import inline_code, neutralize, truncate, truncate_line
from ...markers import marker
from ...render import render
from ..shared.record import encode_record
from .assess import Assessment, MonitorFacts
from .decide import NOTIFY_MARKER, RECORD_KEY, STICKY_KEY, MonitorSettings

STATE_WORDS = {
    "merged": "merged",
    "closed": "closed",
    "needs_human": "a human should take over",
    "conflict": "conflicts with its base",
    "copilot_working": "Copilot is working",
    "copilot_pr_open": "Copilot proposed a fix in its own PR",
    "ci_failed": "CI failed",
    "changes_requested": "changes requested",
    "no_ci": "CI never ran",
    "ci_pending": "waiting for CI",
    "ci_incomplete": "CI incomplete",
    "ready_for_review": "ready for review",
}

MAX_KEY_LINES = 15


def no_ci_advice(facts: MonitorFacts, s: MonitorSettings) -> str:
    """Exactly what to do when no check ever started (the GITHUB_TOKEN rule)."""
    branch = inline_code(facts.pr.head_ref)
    opened_by = ""
    if facts.pr.author.lower() == "github-actions[bot]":
        opened_by = (" This pull request was opened by `github-actions[bot]`, that is with a workflow's "
                     "`GITHUB_TOKEN`: that is why.")
    return (
        f"> [!WARNING]\n"
        f"> No check run or commit status appeared for {inline_code(facts.pr.head_sha[:7])} within "
        f"{s.no_checks_after_minutes} minutes of the last push. Commits pushed and pull requests opened with a "
        "workflow's `GITHUB_TOKEN` start no workflows (GitHub's guard against recursive runs), so CI never "
        f"runs on a PR autoheal created that way.{opened_by}\n"
        ">\n"
        "> - **Fix it for good, without a secret:** add `workflow_dispatch:` to the failing workflow's `on:` and "
        "`actions: write` to the heal job's `permissions:`; draft-pr then starts that workflow on its branch after "
        "each push (docs/stages/draft-pr.md, \"CI on the fix branch\").\n"
        "> - **Or** give draft-pr (or the `heal` action) a token whose pushes trigger workflows in "
        "its `token` input: a GitHub App installation token (`actions/create-github-app-token`) or a fine-grained "
        "PAT with *Contents* and *Pull requests* read/write. See docs/copilot.md, \"Tokens\".\n"
        f"> - **Run CI on this PR now:** close and reopen it, or push a commit to {branch} yourself.\n"
        "> - If no workflow runs on `pull_request` in this repository, there is no CI to wait for; raise "
        "`monitor.no_checks_after_minutes` or ignore this note."
    )


def next_step(facts: MonitorFacts, a: Assessment, s: MonitorSettings) -> str:
    record = facts.record
    state = a.state
    if state in ("merged", "closed"):
        return "nothing: the pull request is " + state + "."
    if state == "needs_human":
        gave_up = record.get("gave_up") or {}
        why = gave_up.get("reason") or f"the {s.needs_human_label} label is set"
        return f"a human should take this pull request over — {neutralize(str(why))}."
    if state == "conflict":
        return (f"update the branch: merge or rebase {inline_code(facts.pr.base_ref)} into "
                f"{inline_code(facts.pr.head_ref)} and resolve the conflicts (autoheal never resolves conflicts).")
    if state == "copilot_working":
        return f"wait for Copilot: {a.copilot.detail}."  # autoheal's own words and numbers only
    if state == "copilot_pr_open":
        child = a.copilot.pr_number
        return f"review Copilot's pull request #{child} and merge it into this branch; CI then runs here."
    if state == "ci_failed":
        rounds = record.get("rounds") or []
        last = rounds[-1] if rounds else None
        if last and last.get("sha") == facts.pr.head_sha:
            return (f"Copilot was asked to fix it (round {len(rounds)} of {s.max_fix_rounds}); autoheal waits for a "
                    "new push.")
        if not s.on("hand_back"):
            return "fix the failure by hand (handing failures back to Copilot is switched off)."
        return "the failure is being handed back to Copilot."
    if state == "changes_requested":
        who = ", ".join(a.changes_requested_by)
        return f"address the changes requested by {neutralize(who)}."
    if state == "no_ci":
        return "get CI to run (see below)."
    if state == "ci_pending":
        if a.ci.state == "none":
            return (f"wait for CI: no check has started since the last push ({stamp(a.last_push)}); autoheal reports "
                    f"it if none appears within {s.no_checks_after_minutes} minutes.")
        return "wait for CI to finish."
    if state == "ci_incomplete":
        return "re-run the cancelled checks, or approve the workflows waiting for approval."
    reviewers = list(facts.requested_users) + [f"team {t}" for t in facts.requested_teams]
    tail = f" (requested: {neutralize(', '.join(reviewers))})" if reviewers else ""
    return f"a human review{tail}, then merge."


def stamp(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "unknown"


def ci_text(a: Assessment) -> str:
    ci = a.ci
    if ci.state == "none":
        return "no checks"
    parts = [ci.state]
    if ci.failed:
        parts.append(f"failed: {', '.join(ci.failed[:5])}")
    if ci.pending:
        parts.append(f"running: {len(ci.pending)}")
    if ci.incomplete:
        parts.append(f"cancelled/blocked: {', '.join(ci.incomplete[:5])}")
    parts.append(f"passed: {ci.passed}")
    return "; ".join(parts)


def reviews_text(facts: MonitorFacts, a: Assessment) -> str:
    parts = []
    if a.changes_requested_by:
        parts.append("changes requested by " + ", ".join(a.changes_requested_by))
    if a.approved_by:
        parts.append("approved by " + ", ".join(a.approved_by))
    requested = list(facts.requested_users) + [f"team {t}" for t in facts.requested_teams]
    if requested:
        parts.append("requested: " + ", ".join(requested))
    return "; ".join(parts) or "none"


def mergeable_text(facts: MonitorFacts, a: Assessment) -> str:
    if a.conflict is True:
        return f"no: conflicts with {facts.pr.base_ref}"
    if a.conflict is False:
        return "yes"
    return "not computed yet"


def rounds_text(record: dict[str, Any], s: MonitorSettings) -> str:
    rounds = [r for r in record.get("rounds") or [] if isinstance(r, dict)]
    if not rounds:
        return f"0 of {s.max_fix_rounds}"
    last = rounds[-1]
    how = f"{str(last.get('mode') or 'none').replace('_', ' ')}, {'verified' if last.get('verified') else 'not verified'}"
    return f"{len(rounds)} of {s.max_fix_rounds} (last: {str(last.get('sha', ''))[:7]} {last.get('category') or 'unknown'}, {how})"


def status_body(facts: MonitorFacts, a: Assessment, s: MonitorSettings, record: dict[str, Any]) -> str:
    """The sticky status comment (without the sticky marker `upsert_sticky_comment` appends)."""
    return render(
        "monitor_status.md.j2",
        state=a.state,
        state_words=STATE_WORDS.get(a.state, a.state),
        pr=facts.pr,
        ci_text=ci_text(a),
        copilot_text=a.copilot.detail,
        reviews_text=reviews_text(facts, a),
        mergeable_text=mergeable_text(facts, a),
        rounds_text=rounds_text(record, s),
        last_activity=stamp(a.last_activity),
        next_step=next_step(facts, a, s),
        advice=no_ci_advice(facts, s) if a.state == "no_ci" else "",
        record_marker=encode_record(RECORD_KEY, record),
    )


def as_posted(body: str) -> str:
    return f"{body.rstrip()}\n\n{marker('sticky', STICKY_KEY)}\n"


def handback_task(facts: MonitorFacts, a: Assessment, s: MonitorSettings, analysis: dict[str, Any] | None,
                  round_number: int) -> str:
    """What Copilot is asked to fix in a round (custom_instructions, or the body of the @copilot comment)."""
    lines = []
    for item in (analysis or {}).get("key_lines") or []:
        if isinstance(item, dict) and item.get("text") is not None:
            lines.append(truncate_line(str(item["text"]), 300))
    text = render(
        "monitor_handback.md.j2",
        repo=facts.repo,
        branch=facts.pr.head_ref,
        sha=facts.pr.head_sha,
        pr_number=facts.pr.number,
        round=round_number,
        max_rounds=s.max_fix_rounds,
        analysis=analysis or {},
        key_lines="\n".join(lines[:MAX_KEY_LINES]),
        failed_checks=a.ci.failed,
    )
    return truncate(text.strip(), 8000, note="\n(truncated)")


def handback_comment(task: str, marker_value: str) -> str:
    from .decide import ROUND_MARKER

    return render("monitor_handback_comment.md.j2", task=task, marker=marker(ROUND_MARKER, marker_value))


def ready_notice(facts: MonitorFacts, a: Assessment, reviewers: list[str]) -> str:
    return render("monitor_ready.md.j2", pr_number=facts.pr.number, sha=facts.pr.head_sha,
                  copilot_done=a.copilot.status == "done", reviewers=reviewers,
                  marker=marker(NOTIFY_MARKER, facts.pr.number))


def summary_markdown(states: list[dict[str, Any]]) -> str:
    from ...markdown import neutralize

    if not states:
        return "### autoheal pr-monitor\n\nNo autoheal pull request is open.\n"
    lines = ["### autoheal pr-monitor", "", "| PR | state | CI | Copilot | done this run |", "|---|---|---|---|---|"]
    for e in states:
        done = neutralize("; ".join(e.get("actions") or []) or "—").replace("|", "\\|")
        lines.append(f"| #{e['number']} | {e['state']} | {e.get('ci', '')} | {e.get('copilot', '')} | {done} |")
    return "\n".join(lines) + "\n"
