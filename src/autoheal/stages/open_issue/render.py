"""Titles, bodies and comments of autoheal issues: rendered once, then updated in place.

Every value that came from a log, a branch, a workflow file or a user reaches Markdown already made
safe here (neutralized prose, fences longer than any backtick run, validated links), so a template —
the built-in one or a user's override — cannot leak a mention, an issue link, HTML or an image beacon
even if it prints a value raw. The occurrences table sits between two markers so a repeat replaces
just that part of the body and keeps whatever a human wrote elsewhere.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ...errors import InputError
from ...markdown import (
    GITHUB_BODY_LIMIT,
    fence,
    inline_code,
    neutralize,
    strip_control,
    truncate,
    truncate_line,
)
from ...render import render, render_user_template
from .state import (
    Changes,
    Record,
    confidence_class,
    header,
    parse_time,
    replace_blocks,
)

BODY_TEMPLATE = "issue.md.j2"
OCCURRENCES_TEMPLATE = "issue_occurrences.md.j2"
SECTION_BEGIN = "<!-- autoheal:occurrences-begin -->"
SECTION_END = "<!-- autoheal:occurrences-end -->"
SECTION_SLOT = "<!-- autoheal:occurrences-slot -->"
"""What `{{ occurrences }}` renders to in a template: replaced by the section after rendering."""
SECTION_BUDGET = 12_000
"""Characters kept free for the occurrences section, so updates never push a body over GitHub's limit."""
TITLE_LIMIT = 120
MAX_KEY_LINES = 20
LINE_LIMIT = 1000


# -- safe pieces --------------------------------------------------------------------------------------

def title_text(text: str, limit: int) -> str:
    """One line of untrusted text for an issue title: no mentions or issue links; angle brackets kept
    (titles are plain text, GitHub escapes them), whitespace collapsed."""
    text = re.sub(r"\s+", " ", strip_control(text)).strip()
    safe = neutralize(truncate_line(text, limit)).replace("&lt;", "<").replace("&gt;", ">")
    return safe


_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+$")


def safe_url(url: Any) -> str | None:
    """`url` if it is a plain http(s) URL that cannot break out of a Markdown link, else None."""
    if not isinstance(url, str) or len(url) > 500 or not _SAFE_URL.match(url) or "'" in url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def link(text: str, url: Any) -> str:
    """A Markdown link whose label is neutralized, or just the label when the URL is not safe."""
    label = neutralize(truncate_line(text, 100)).replace("[", "\\[").replace("]", "\\]")
    target = safe_url(url)
    return f"[{label}]({target})" if target else label


def code_cell(text: Any, limit: int = 60) -> str:
    """Inline code for a table cell: cannot close its span, cannot split the row."""
    return inline_code(truncate_line(str(text), limit)).replace("|", "\\|")


def category_words(category: str) -> str:
    return re.sub(r"[_\s]+", " ", category or "unknown").strip() or "unknown"


def short_sha(sha: Any) -> str:
    sha = str(sha or "")
    return sha[:7] if re.fullmatch(r"[0-9a-fA-F]{7,40}", sha) else ""


def when(value: Any) -> str:
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


# -- title --------------------------------------------------------------------------------------------

def short_specific(analysis: Mapping[str, Any]) -> str:
    """The one detail that tells this failure apart: the module, the test, the location, the limit."""
    specifics = analysis.get("specifics") if isinstance(analysis.get("specifics"), Mapping) else {}
    category = str(analysis.get("category") or "")
    modules = [m for m in specifics.get("modules") or [] if isinstance(m, str) and m]
    tests = [t for t in specifics.get("tests") or [] if isinstance(t, str) and t]
    locations = [loc for loc in specifics.get("locations") or [] if isinstance(loc, Mapping) and loc.get("file")]
    if category == "timeout" and specifics.get("timeout_minutes"):
        return f"exceeded {specifics['timeout_minutes']} min"
    if modules and category in ("missing_dependency", "dependency_conflict"):
        return modules[0] + (f" (+{len(modules) - 1})" if len(modules) > 1 else "")
    if tests and category == "test_failure":
        return tests[0] + (f" (+{len(tests) - 1})" if len(tests) > 1 else "")
    if locations:
        loc = locations[0]
        return f"{loc['file']}:{loc['line']}" if loc.get("line") else str(loc["file"])
    if modules:
        return modules[0]
    if tests:
        return tests[0]
    exit_code = specifics.get("exit_code")
    if isinstance(exit_code, int) and not isinstance(exit_code, bool) and exit_code != 0:
        return f"exit code {exit_code}"
    lines = analysis.get("key_lines") or []
    if lines and isinstance(lines[0], Mapping):
        return str(lines[0].get("text") or "")
    return ""


def issue_title(analysis: Mapping[str, Any]) -> str:
    """`<workflow> / <job>: <category words> — <short specific>`, each part cut so the whole stays short."""
    workflow = title_text(str(analysis.get("workflow") or "workflow"), 40)
    job = title_text(str(analysis.get("failed_job") or "job"), 40)
    head = f"{workflow} / {job}: {category_words(str(analysis.get('category') or ''))}"
    specific = title_text(short_specific(analysis), 60)
    if not specific:
        return head[:TITLE_LIMIT]
    room = TITLE_LIMIT - len(head) - 3
    if room < 8:
        return head[:TITLE_LIMIT]
    return f"{head} — {title_text(specific, room)}"


# -- body ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Knob:
    key: str
    value: str
    meaning: str


def config_knobs(settings: Any) -> list[Knob]:
    """The settings that shaped this issue, with their values (shown in a collapsed section)."""
    excluded = ", ".join(settings.excluded) or "(none)"
    return [
        Knob("min_confidence", str(settings.min_confidence), "below this confidence no issue is filed"),
        Knob("excluded_workflows", excluded, "workflows autoheal never files issues for (names or globs)"),
        Knob("issues.comment_on_repeat", settings.comment_on_repeat, "always, material (new branch, new error "
             "line, confidence class change) or never"),
        Knob("issues.reopen_window_days", str(settings.reopen_window_days), "a repeat within this many days of "
             "closing reopens this issue"),
        Knob("issues.close_after_successes", str(settings.close_after_successes), "green runs in a row that "
             "close this issue (0: never)"),
        Knob("rate_limits.max_issues_per_hour", str(settings.max_per_hour), "new autoheal issues per hour"),
    ]


def reproduce_commands(analysis: Mapping[str, Any]) -> list[str]:
    """Shell commands that reproduce or inspect the failure; every untrusted argument is shell-quoted."""
    commands: list[str] = []
    run_id = analysis.get("run_id")
    specifics = analysis.get("specifics") if isinstance(analysis.get("specifics"), Mapping) else {}
    texts = " ".join(str(k.get("text") or "") for k in analysis.get("key_lines") or [] if isinstance(k, Mapping))
    category = analysis.get("category")
    modules = [m for m in specifics.get("modules") or [] if isinstance(m, str) and m][:3]
    tests = [t for t in specifics.get("tests") or [] if isinstance(t, str) and t][:5]
    if category == "missing_dependency" and modules and ("No module named" in texts or "ModuleNotFoundError" in texts):
        for module in modules:
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", module):
                commands.append(f"python -c {shlex.quote('import ' + module)}")
    elif category == "missing_dependency" and modules and "Cannot find module" in texts:
        for module in modules:
            commands.append(f"node -e {shlex.quote('require(' + repr(module) + ')')}")
    if tests and any("::" in t or t.endswith(".py") for t in tests):
        commands.append("python -m pytest " + " ".join(shlex.quote(t) for t in tests))
    elif tests and any(re.fullmatch(r"Test\w+", t) for t in tests):
        names = "|".join(t for t in tests if re.fullmatch(r"Test\w+", t))
        commands.append(f"go test ./... -run {shlex.quote('^(' + names + ')$')}")
    if isinstance(run_id, int) and not isinstance(run_id, bool):
        commands.append(f"gh run view {run_id} --log-failed")
        commands.append(f"gh run rerun {run_id} --failed")
    return commands


def defuse_markers(text: str) -> str:
    """Log text shown in a fence cannot pose as one of autoheal's hidden markers (a zero-width joiner
    after `<` keeps it readable and makes it no longer match)."""
    return text.replace("<!--", "<\u200d!--")


def _numbered(lines: Sequence[Any]) -> str:
    rows = []
    for item in list(lines)[:MAX_KEY_LINES]:
        if not isinstance(item, Mapping):
            continue
        number = item.get("line")
        text = defuse_markers(truncate_line(str(item.get("text") or ""), LINE_LIMIT))
        rows.append(f"{number:>6} | {text}" if isinstance(number, int) else text)
    return "\n".join(rows)


def _specifics_rows(specifics: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key in sorted(specifics):
        value = specifics[key]
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            shown = []
            for item in value[:8]:
                if isinstance(item, Mapping) and "file" in item:
                    text = f"{item.get('file')}:{item.get('line')}" if item.get("line") else str(item.get("file"))
                else:
                    text = str(item)
                shown.append(code_cell(text))
            more = f" and {len(value) - 8} more" if len(value) > 8 else ""
            rendered = ", ".join(shown) + more
        elif isinstance(value, Mapping):
            rendered = code_cell(", ".join(f"{k}={v}" for k, v in list(value.items())[:8]), 200)
        else:
            rendered = code_cell(value, 120)
        rows.append((neutralize(truncate_line(str(key).replace("_", " "), 40)).replace("|", "\\|"), rendered))
    return rows


def body_context(analysis: Mapping[str, Any], settings: Any) -> dict[str, Any]:
    """Template variables (documented in docs/stages/open-issue.md). Every string is already safe."""
    specifics = analysis.get("specifics") if isinstance(analysis.get("specifics"), Mapping) else {}
    key_lines = [k for k in analysis.get("key_lines") or [] if isinstance(k, Mapping)]
    novel = [k for k in analysis.get("novel_lines") or [] if isinstance(k, Mapping)]
    confidence = analysis.get("confidence") if isinstance(analysis.get("confidence"), int) else 0
    run_id = analysis.get("run_id")
    commands = reproduce_commands(analysis)
    step = str(analysis.get("failed_step") or "")
    return {
        "title": neutralize(issue_title(analysis)),
        "workflow": neutralize(truncate_line(str(analysis.get("workflow") or "workflow"), 100)),
        "job": neutralize(truncate_line(str(analysis.get("failed_job") or "job"), 100)),
        "step": neutralize(truncate_line(step, 200)),
        "category": neutralize(truncate_line(str(analysis.get("category") or "unknown"), 60)),
        "category_words": neutralize(category_words(str(analysis.get("category") or ""))),
        "confidence": confidence,
        "confidence_class": confidence_class(confidence),
        "fingerprint": code_cell(analysis.get("fingerprint") or "", 80),
        "run_id": run_id if isinstance(run_id, int) else "",
        "run_attempt": analysis.get("run_attempt") if isinstance(analysis.get("run_attempt"), int) else 1,
        "run_link": link(f"run {run_id}" if run_id else "the run", analysis.get("run_url")),
        "job_link": link(truncate_line(str(analysis.get("failed_job") or "job"), 60), analysis.get("job_url")
                         or analysis.get("run_url")),
        "branch": code_cell(analysis.get("head_branch") or "", 80) if analysis.get("head_branch") else "",
        "commit": code_cell(short_sha(analysis.get("head_sha")), 12) if short_sha(analysis.get("head_sha")) else "",
        "repo": neutralize(truncate_line(str(analysis.get("repo") or ""), 100)),
        "key_lines_block": fence(_numbered(key_lines)) if key_lines else "",
        "novel_lines_block": fence(_numbered(novel)) if novel else "",
        "specifics_rows": _specifics_rows(specifics),
        "suggested_fix": neutralize(truncate(str(analysis.get("suggested_fix") or ""), 4000, note="…")),
        "reproduce_block": fence("\n".join(commands), "sh") if commands else "",
        "knobs": [Knob(neutralize(k.key), neutralize(truncate_line(k.value, 200)).replace("|", "\\|"), k.meaning)
                  for k in config_knobs(settings)],
        "occurrences": SECTION_SLOT,
    }


def render_body(analysis: Mapping[str, Any], record: Record, settings: Any, *,
                template_text: str | None = None, template_name: str = "template") -> str:
    """The full body of a new issue: hidden head, the rendered template, the occurrences section."""
    head = header(str(analysis.get("fingerprint") or ""), analysis, record)
    section = occurrences_section(record)
    limit = GITHUB_BODY_LIMIT - len(head) - SECTION_BUDGET - 4
    context = body_context(analysis, settings)
    try:
        if template_text is not None:
            content = render_user_template(template_text, limit=limit, **context)
        else:
            content = render(BODY_TEMPLATE, limit=limit, **context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise InputError(template_name, f"the issue template cannot be rendered{where}: {exc}") from None
    return fit_body(place_section(head + "\n" + content, section))


def place_section(body: str, section: str) -> str:
    """Put the occurrences section where the old one (or the template's slot) is; else right after
    the hidden head, so it is never the part a truncation cuts."""
    if SECTION_BEGIN in body and SECTION_END in body and body.index(SECTION_BEGIN) < body.index(SECTION_END):
        start = body.index(SECTION_BEGIN)
        end = body.index(SECTION_END) + len(SECTION_END)
        return body[:start] + section + body[end:]
    if SECTION_SLOT in body:
        return body.replace(SECTION_SLOT, section, 1).replace(SECTION_SLOT, "")
    head_end = _head_end(body)
    return body[:head_end] + "\n" + section + "\n" + body[head_end:]


def _head_end(body: str) -> int:
    """Where the hidden head (marker and data blocks at the top) ends."""
    pos = 0
    pattern = re.compile(r"\s*(<!-- autoheal:fingerprint=[^\s>]* -->|<!-- autoheal:(?:analysis|occurrences)\n.*?\n-->)",
                         re.DOTALL)
    while True:
        match = pattern.match(body, pos)
        if not match:
            return pos
        pos = match.end()


def fit_body(body: str, limit: int = GITHUB_BODY_LIMIT) -> str:
    """At most `limit` characters, cutting visible text after the occurrences section (with a visible note)."""
    if len(body) <= limit:
        return body
    keep_until = _head_end(body)
    if SECTION_END in body:
        keep_until = max(keep_until, body.index(SECTION_END) + len(SECTION_END))
    fixed, rest = body[:keep_until], body[keep_until:]
    return fixed + truncate(rest, max(0, limit - len(fixed)))


def updated_body(old_body: str, analysis: Mapping[str, Any] | None, record: Record) -> str:
    """`old_body` with the data blocks and the occurrences section replaced; the rest kept as it is."""
    return fit_body(place_section(replace_blocks(old_body, analysis, record), occurrences_section(record)))


# -- occurrences section ------------------------------------------------------------------------------

def occurrences_section(record: Record) -> str:
    runs = []
    for row in record.runs:
        run_id = row.get("id")
        runs.append({
            "run": link(str(run_id) if run_id else "run", row.get("url")),
            "attempt": int(row.get("attempt") or 1),
            "branch": code_cell(row.get("branch") or "", 40) if row.get("branch") else "",
            "commit": code_cell(short_sha(row.get("sha")), 12) if short_sha(row.get("sha")) else "",
            "confidence": int(row.get("confidence") or 0),
            "when": when(row.get("at")),
        })
    ordered = sorted(record.branches.items(), key=lambda kv: str(kv[1].get("last_seen") or ""), reverse=True)
    branches = [f"{code_cell(name, 40)} ({int(info.get('count') or 0)})" for name, info in ordered[:10]]
    more_branches = len(ordered) - len(branches)
    failing = [code_cell(name, 40) for name in record.failing[:10]]
    closed = record.closed_by or {}
    text = render(OCCURRENCES_TEMPLATE, limit=SECTION_BUDGET - len(SECTION_BEGIN) - len(SECTION_END) - 2,
                  count=record.count, first_seen=when(record.first_seen), last_seen=when(record.last_seen),
                  branches=branches, more_branches=more_branches, failing=failing, runs=runs,
                  hidden_runs=max(0, record.count - len(runs)),
                  closed_run=link(str(closed.get("run")), closed.get("url")) if closed.get("run") else "",
                  closed_commit=code_cell(short_sha(closed.get("sha")), 12) if short_sha(closed.get("sha")) else "",
                  closed_when=when(closed.get("at")))
    return f"{SECTION_BEGIN}\n{text.strip()}\n{SECTION_END}"


# -- comments -----------------------------------------------------------------------------------------

def repeat_comment(record: Record, analysis: Mapping[str, Any], changes: Changes) -> str:
    return render("issue_repeat_comment.md.j2", **_comment_context(record, analysis, changes))


def regressed_comment(record: Record, previous: Record, analysis: Mapping[str, Any], changes: Changes,
                      closed_at: datetime | None) -> str:
    closed = previous.closed_by or {}
    return render("issue_regressed_comment.md.j2", **_comment_context(record, analysis, changes),
                  closed_when=when(closed_at) if closed_at else "",
                  fixed_run=link(str(closed.get("run")), closed.get("url")) if closed.get("run") else "",
                  fixed_commit=code_cell(short_sha(closed.get("sha")), 12) if short_sha(closed.get("sha")) else "")


def closed_comment(run: Any, *, commit_url: str | None, successes: int) -> str:
    sha = short_sha(run.sha)
    commit = code_cell(sha, 12) if sha else ""
    target = safe_url(commit_url)
    return render("issue_closed_comment.md.j2",
                  run=link(f"run {run.id}", run.url),
                  workflow=neutralize(truncate_line(run.workflow, 100)),
                  branch=code_cell(run.branch, 80),
                  commit=f"[{commit}]({target})" if commit and target else commit,
                  successes=successes)


def _comment_context(record: Record, analysis: Mapping[str, Any], changes: Changes) -> dict[str, Any]:
    run_id = analysis.get("run_id")
    new_lines = [{"line": None, "text": t} for t in changes.new_lines]
    return {
        "count": record.count,
        "run": link(f"run {run_id}" if run_id else "a run", analysis.get("run_url")),
        "branch": code_cell(analysis.get("head_branch") or "", 80) if analysis.get("head_branch") else "",
        "commit": code_cell(short_sha(analysis.get("head_sha")), 12) if short_sha(analysis.get("head_sha")) else "",
        "confidence": record.confidence,
        "new_branch": code_cell(changes.new_branch, 80) if changes.new_branch else "",
        "new_lines_block": fence(_numbered(new_lines)) if new_lines else "",
        "class_change": changes.class_change,
    }
