"""The texts copilot-review writes: the sticky analysis comment, the agent's instructions, the @copilot comment.

Pure (templates in, strings out). The sticky body is a function of what GitHub shows plus the stored
hand-off record, never of "what this run did", so a second run renders the same bytes and edits nothing.
"""

from __future__ import annotations

from typing import Any

from ...markdown import truncate
from ...markers import marker
from ...render import render
from ..shared.handoff import HELD, RECORD_KEY, STICKY_KEY, Attempt
from ..shared.record import encode_record
from .areas import ChangeSummary, summarize
from .decide import COMMENT_MARKER, ReviewFacts, Settings

MAX_INSTRUCTIONS = 8000
"""custom_instructions are a prompt, not a document: keep them short enough to stay focused."""
MAX_PATHS_PER_AREA = 8


def task_path(issue_number: int) -> str:
    """Where draft-pr writes its task file (the contract with draft-pr)."""
    return f".github/autoheal/tasks/{issue_number}.md"


def instructions(facts: ReviewFacts, settings: Settings) -> str:
    issue = facts.issue
    text = render(
        "copilot_instructions.md.j2",
        repo=facts.repo,
        issue_number=issue.number if issue else "?",
        issue_title=issue.title if issue else "",
        branch=facts.pr.head_ref,
        pr_number=facts.pr.number,
        analysis=issue.analysis if issue else {},
        task_path=task_path(issue.number) if issue and facts.task_text else "",
        extra=settings.custom_instructions,
    )
    return truncate(text.strip(), MAX_INSTRUCTIONS, note="\n(truncated)")


def comment_body(facts: ReviewFacts, settings: Settings) -> str:
    return render("copilot_comment.md.j2", instructions=instructions(facts, settings),
                  task_text=truncate(facts.task_text or "", 20000, note="\n…(truncated)\n"),
                  marker=marker(COMMENT_MARKER))


def next_step(attempts: list[Attempt], record: dict[str, Any]) -> str:
    mode = record.get("mode", "none")
    if mode == "coding_agent":
        return ("**Next:** Copilot's coding agent works on the linked issue and opens its own pull request against "
                "this branch; autoheal's pr-monitor follows it.")
    if mode == "code_review":
        return "**Next:** Copilot reviews this pull request; autoheal's pr-monitor waits for the review and for CI."
    if mode == "comment":
        return "**Next:** Copilot was asked in a comment; if it does not react (👀), a human should take this over."
    if any(a.outcome == HELD for a in attempts):
        return ("**Next:** no hand-off took effect yet: the @copilot comment waits for "
                "`rate_limits.max_comments_per_hour`, and a later copilot-review run tries again.")
    return ("**Next:** no hand-off took effect — a human should take this pull request over, or fix the causes "
            "above and re-run copilot-review.")


def sticky_body(facts: ReviewFacts, attempts: list[Attempt], record: dict[str, Any],
                summary: ChangeSummary | None = None) -> str:
    """The sticky comment text, including the hidden hand-off record (without the sticky marker,
    which `upsert_sticky_comment` appends)."""
    summary = summary or summarize(facts.files, total_files=facts.pr.changed_files)
    return render(
        "copilot_review.md.j2",
        pr=facts.pr,
        summary=summary,
        max_paths=MAX_PATHS_PER_AREA,
        issue=facts.issue,
        attempts=attempts,
        record=record,
        next_step=next_step(attempts, record),
        record_marker=encode_record(RECORD_KEY, record),
    )


def as_posted(body: str) -> str:
    """The body exactly as `upsert_sticky_comment` stores it (to compare without writing)."""
    return f"{body.rstrip()}\n\n{marker('sticky', STICKY_KEY)}\n"


def summary_markdown(number: int, mode: str, verified: bool, attempts: list[Attempt]) -> str:
    from ...markdown import neutralize, truncate_line

    lines = [f"### Copilot hand-off for #{number}: {mode} ({'verified' if verified else 'not verified'})", "",
             "| mode | result | detail |", "|---|---|---|"]
    for a in attempts:
        detail = neutralize(truncate_line(a.detail, 400)).replace("|", "\\|")
        lines.append(f"| {a.mode} | {a.outcome} | {detail} |")
    return "\n".join(lines) + "\n"
