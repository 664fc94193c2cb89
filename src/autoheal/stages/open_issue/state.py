"""The machine-readable record an autoheal issue carries in its body, and how a new run updates it.

An issue body holds three hidden HTML comments (GitHub does not render them):

    <!-- autoheal:fingerprint=3f2a9c... -->          how open-issue finds the issue again (dedupe)
    <!-- autoheal:analysis
    {"schema_version": 1, "category": ..., ...}      the analysis essentials (draft-pr reads these)
    -->
    <!-- autoheal:occurrences
    {"v": 1, "count": 3, "runs": [...], ...}         every run counted, so updates are exact
    -->

Keeping the occurrence data as JSON in the body (not in local state, which does not survive between
runs) is what makes a repeat exact: the count, the runs already recorded (a re-delivered event
changes nothing), the branches and the known error lines are all read back from GitHub itself.

The JSON is safe inside an HTML comment: `<`, `>` and `&` are written as `\\u003c`, `\\u003e`,
`\\u0026`, so no value (log text, branch names) can close the comment or forge a marker.
Everything here is pure: text and data in, text and data out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ...markers import marker, read_markers
from ..shared.issue_blocks import decode_blocks, encode_block
from ..shared.timestamps import iso, parse_time

DATA_VERSION = 1
MAX_RUNS_SHOWN = 10
"""Runs kept with details (the occurrences table lists these, newest first)."""
MAX_SEEN_KEYS = 200
"""Run keys remembered to ignore re-deliveries; older runs are still counted, just not remembered."""
MAX_BRANCHES = 30
MAX_LINE_SIGNATURES = 100
SIGNATURE_LINES = 5
"""How many top key lines of an analysis are compared to tell "a new error line"."""
ANALYSIS_KEY_LINES = 10
ANALYSIS_TEXT_LIMIT = 500

FINGERPRINT_RE = re.compile(r"^[A-Za-z0-9._:-]{4,128}$")


# -- confidence classes -------------------------------------------------------------------------------

def confidence_class(confidence: float | None) -> str:
    """`high` (>= 80, where draft PRs start by default), `medium` (>= 50) or `low`."""
    value = int(confidence or 0)
    if value >= 80:
        return "high"
    if value >= 50:
        return "medium"
    return "low"


# -- error line signatures ----------------------------------------------------------------------------

_HEXISH = re.compile(r"\b0x[0-9a-f]+\b|\b[0-9a-f]{7,}\b")
_TMP_PATH = re.compile(r"/(?:tmp|var/folders|private/var)/\S+")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def line_signature(text: str) -> str:
    """A short hash of an error line with run-specific noise (numbers, hashes, temp paths) removed,
    so the same error on another run or commit has the same signature."""
    norm = text.lower()
    norm = _TMP_PATH.sub("/tmp/x", norm)
    norm = _HEXISH.sub("h", norm)
    norm = _DIGITS.sub("0", norm)
    norm = _SPACES.sub(" ", norm).strip()
    return hashlib.sha256(norm.encode("utf-8", "replace")).hexdigest()[:12]


def key_line_texts(analysis: Mapping[str, Any], limit: int = SIGNATURE_LINES) -> list[str]:
    texts = []
    for item in analysis.get("key_lines") or []:
        text = item.get("text") if isinstance(item, Mapping) else item
        if isinstance(text, str) and text.strip():
            texts.append(text)
        if len(texts) >= limit:
            break
    return texts


# -- time ---------------------------------------------------------------------------------------------



# -- one occurrence -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Occurrence:
    """One failed run (attempt) of the failure, as recorded in the issue."""

    key: str  # "<run id>.<attempt>", or a stand-in when the analysis has no run id
    run_id: int | None
    attempt: int
    branch: str
    sha: str
    url: str
    at: str  # ISO time of the run (or of the analysis)
    confidence: int
    lines: tuple[str, ...] = ()  # texts of the top key lines (for "new error line")

    def row(self) -> dict[str, Any]:
        return {"key": self.key, "id": self.run_id, "attempt": self.attempt, "branch": self.branch,
                "sha": self.sha, "url": self.url, "at": self.at, "confidence": self.confidence}


def occurrence_key(analysis: Mapping[str, Any]) -> str:
    """Identity of the run an analysis is about: a re-delivered event has the same key."""
    run_id = _int(analysis.get("run_id"))
    attempt = _int(analysis.get("run_attempt")) or 1
    if run_id:
        return f"{run_id}.{attempt}"
    sha = str(analysis.get("head_sha") or "")
    if re.fullmatch(r"[0-9a-f]{7,40}", sha):
        return f"sha.{sha[:12]}"
    digest = hashlib.sha256(json.dumps(analysis, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return f"a.{digest}"


def occurrence_from(analysis: Mapping[str, Any], now: datetime) -> Occurrence:
    created = parse_time(analysis.get("created_at")) or now
    return Occurrence(
        key=occurrence_key(analysis),
        run_id=_int(analysis.get("run_id")),
        attempt=_int(analysis.get("run_attempt")) or 1,
        branch=_short(str(analysis.get("head_branch") or ""), 255),
        sha=str(analysis.get("head_sha") or "")[:40],
        url=str(analysis.get("run_url") or "")[:500],
        at=iso(created),
        confidence=max(0, min(100, _int(analysis.get("confidence")) or 0)),
        lines=tuple(key_line_texts(analysis)),
    )


# -- the record ---------------------------------------------------------------------------------------

@dataclass
class Record:
    """The occurrences data of one issue (the `autoheal:occurrences` block)."""

    fingerprint: str = ""
    workflow: str = ""
    job: str = ""
    category: str = ""
    count: int = 0
    first_seen: str = ""
    last_seen: str = ""
    confidence: int = 0
    runs: list[dict[str, Any]] = field(default_factory=list)  # newest first
    seen: list[str] = field(default_factory=list)  # run keys, newest last
    branches: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {count, last_seen}
    failing: list[str] = field(default_factory=list)  # branches failing since their last green run
    lines: list[str] = field(default_factory=list)  # signatures of error lines seen
    closed_by: dict[str, Any] | None = None

    def has(self, key: str) -> bool:
        return key in self.seen

    def to_json(self) -> dict[str, Any]:
        return {"v": DATA_VERSION, "fingerprint": self.fingerprint, "workflow": self.workflow, "job": self.job,
                "category": self.category, "count": self.count, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "confidence": self.confidence, "runs": self.runs,
                "seen": self.seen, "branches": self.branches, "failing": self.failing, "lines": self.lines,
                "closed_by": self.closed_by}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        def strings(value: Any) -> list[str]:
            return [str(v) for v in value] if isinstance(value, list) else []

        branches = data.get("branches") if isinstance(data.get("branches"), Mapping) else {}
        return cls(
            fingerprint=str(data.get("fingerprint") or ""),
            workflow=str(data.get("workflow") or ""),
            job=str(data.get("job") or ""),
            category=str(data.get("category") or ""),
            count=max(0, _int(data.get("count")) or 0),
            first_seen=str(data.get("first_seen") or ""),
            last_seen=str(data.get("last_seen") or ""),
            confidence=_int(data.get("confidence")) or 0,
            runs=[dict(r) for r in data.get("runs") or [] if isinstance(r, Mapping)][:MAX_RUNS_SHOWN],
            seen=strings(data.get("seen"))[-MAX_SEEN_KEYS:],
            branches={str(k): dict(v) for k, v in branches.items() if isinstance(v, Mapping)},
            failing=strings(data.get("failing")),
            lines=strings(data.get("lines"))[-MAX_LINE_SIGNATURES:],
            closed_by=dict(data["closed_by"]) if isinstance(data.get("closed_by"), Mapping) else None,
        )


@dataclass(frozen=True)
class Changes:
    """What a new occurrence taught us, beyond "it happened again"."""

    new_branch: str | None = None
    new_lines: tuple[str, ...] = ()
    class_change: tuple[str, str] | None = None  # (old class, new class)

    @property
    def material(self) -> bool:
        return bool(self.new_branch or self.new_lines or self.class_change)

    def describe(self) -> list[str]:
        out = []
        if self.new_branch:
            out.append("a new branch")
        if self.new_lines:
            out.append(f"{len(self.new_lines)} new error line(s)")
        if self.class_change:
            out.append(f"confidence {self.class_change[0]} -> {self.class_change[1]}")
        return out


def new_record(analysis: Mapping[str, Any], occ: Occurrence) -> Record:
    record = Record(
        fingerprint=str(analysis.get("fingerprint") or ""),
        workflow=_short(str(analysis.get("workflow") or ""), 200),
        job=_short(str(analysis.get("failed_job") or ""), 200),
        category=_short(str(analysis.get("category") or ""), 60),
    )
    updated, _ = add_occurrence(record, occ)
    return updated


def add_occurrence(record: Record, occ: Occurrence, *, reopening: bool = False) -> tuple[Record, Changes]:
    """Count `occ` in a copy of `record`; also say what is materially new. A known key changes nothing."""
    if record.has(occ.key):
        return record, Changes()
    first = record.count == 0
    new = Record.from_json(record.to_json())
    new.count += 1
    new.first_seen = new.first_seen or occ.at
    new.last_seen = max(new.last_seen, occ.at) if new.last_seen else occ.at
    old_class = confidence_class(record.confidence) if not first else None
    new.confidence = occ.confidence
    new.runs = [occ.row()] + [r for r in new.runs if r.get("key") != occ.key]
    new.runs.sort(key=lambda r: str(r.get("at") or ""), reverse=True)
    new.runs = new.runs[:MAX_RUNS_SHOWN]
    new.seen = (new.seen + [occ.key])[-MAX_SEEN_KEYS:]

    new_branch = None
    if occ.branch:
        if occ.branch not in new.branches:
            new_branch = occ.branch
            if len(new.branches) >= MAX_BRANCHES:  # forget the branch seen longest ago
                oldest = min(new.branches, key=lambda b: str(new.branches[b].get("last_seen") or ""))
                new.branches.pop(oldest)
        info = new.branches.setdefault(occ.branch, {"count": 0, "last_seen": ""})
        info["count"] = int(info.get("count") or 0) + 1
        info["last_seen"] = max(str(info.get("last_seen") or ""), occ.at)
        if occ.branch not in new.failing:
            new.failing.append(occ.branch)
    if reopening:
        new.closed_by = None

    new_lines = []
    for text in occ.lines:
        sig = line_signature(text)
        if sig not in new.lines:
            new.lines.append(sig)
            new_lines.append(text)
    new.lines = new.lines[-MAX_LINE_SIGNATURES:]

    if first:
        return new, Changes()
    new_class = confidence_class(occ.confidence)
    return new, Changes(
        new_branch=new_branch,
        new_lines=tuple(new_lines),
        class_change=(old_class, new_class) if old_class != new_class else None,
    )


def merge_records(base: Record, other: Record) -> Record:
    """`base` plus the runs `other` counted that `base` did not (folding a duplicate issue into the
    one that tracks the failure). Branch counts and error lines are merged; nothing is counted twice."""
    new = Record.from_json(base.to_json())
    fresh = [key for key in other.seen if key not in new.seen]
    if not fresh:
        return new
    new.count += len(fresh)
    new.seen = (new.seen + fresh)[-MAX_SEEN_KEYS:]
    rows = [r for r in other.runs if r.get("key") in fresh]
    new.runs = sorted(new.runs + rows, key=lambda r: str(r.get("at") or ""), reverse=True)[:MAX_RUNS_SHOWN]
    for row in rows:
        branch = str(row.get("branch") or "")
        if not branch:
            continue
        info = new.branches.setdefault(branch, {"count": 0, "last_seen": ""})
        info["count"] = int(info.get("count") or 0) + 1
        info["last_seen"] = max(str(info.get("last_seen") or ""), str(row.get("at") or ""))
        if branch in other.failing and branch not in new.failing:
            new.failing.append(branch)
    times = [t for t in (new.first_seen, other.first_seen) if t]
    new.first_seen = min(times) if times else ""
    new.last_seen = max(new.last_seen, other.last_seen)
    new.lines = list(dict.fromkeys(new.lines + other.lines))[-MAX_LINE_SIGNATURES:]
    return new


def clear_branch(record: Record, branch: str, *, closed_by: Mapping[str, Any] | None = None) -> Record:
    """A copy of `record` where `branch` is green again (and, when closing, who closed it)."""
    new = Record.from_json(record.to_json())
    new.failing = [b for b in new.failing if b != branch]
    if closed_by is not None:
        new.failing = []
        new.closed_by = dict(closed_by)
    return new


# -- analysis essentials ------------------------------------------------------------------------------

ANALYSIS_FIELDS = ("schema_version", "category", "confidence", "fingerprint", "failed_job", "failed_step",
                   "fix_type", "auto_pr", "key_lines", "specifics", "novel_lines", "suggested_fix", "workflow", "workflow_path",
                   "run_id", "run_url", "run_attempt", "head_branch", "head_sha", "repo", "created_at",
                   "job_id", "job_url")


ANALYSIS_BLOCK_LIMIT = 16_000
"""Characters the analysis block may take in a body (the rest is for people)."""
CORE_SPECIFICS = ("modules", "locations", "tests", "exit_code", "timeout_minutes", "command", "docker_stage")


def analysis_essentials(analysis: Mapping[str, Any], limit: int = ANALYSIS_BLOCK_LIMIT) -> dict[str, Any]:
    """The analysis fields later stages need, bounded in size: long texts and lists are cut, and if
    the whole is still too big, the least useful parts go first (novel lines, then extra specifics)."""
    for lines, text_limit, list_limit, fix_limit, core_only in ((ANALYSIS_KEY_LINES, ANALYSIS_TEXT_LIMIT, 20, 4000, False),
                                                                (5, 200, 5, 1000, False),
                                                                (3, 200, 3, 500, True)):
        out: dict[str, Any] = {}
        for name in ANALYSIS_FIELDS:
            if name not in analysis:
                continue
            value = analysis[name]
            if name in ("key_lines", "novel_lines"):
                value = [
                    {"line": item.get("line"), "text": _short(str(item.get("text") or ""), text_limit)}
                    for item in (value or []) if isinstance(item, Mapping)
                ][:lines]
            elif name == "specifics":
                if isinstance(value, Mapping) and core_only:
                    value = {k: v for k, v in value.items() if k in CORE_SPECIFICS}
                value = _bounded(value, list_limit=list_limit, text_limit=text_limit)
            elif isinstance(value, str):
                value = _short(value, fix_limit if name == "suggested_fix" else text_limit)
            out[name] = value
        if len(encode_block("analysis", out)) <= limit:
            return out
        if core_only:
            out.pop("novel_lines", None)
            if len(encode_block("analysis", out)) > limit:
                out["specifics"] = {}
            return out
    return out  # pragma: no cover - the loop always returns


def _bounded(value: Any, depth: int = 0, *, list_limit: int = 20, text_limit: int = ANALYSIS_TEXT_LIMIT) -> Any:
    """Specifics with every list cut to `list_limit` items and every string to `text_limit` characters."""
    if depth > 4:
        return None
    if isinstance(value, Mapping):
        return {str(k)[:100]: _bounded(v, depth + 1, list_limit=list_limit, text_limit=text_limit)
                for k, v in list(value.items())[:40]}
    if isinstance(value, (list, tuple)):
        return [_bounded(v, depth + 1, list_limit=list_limit, text_limit=text_limit) for v in list(value)[:list_limit]]
    if isinstance(value, str):
        return _short(value, text_limit)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _short(str(value), text_limit)


# -- the hidden head of the body (the blocks themselves are read and written by shared.issue_blocks) -------

def header(fingerprint: str, analysis: Mapping[str, Any], record: Record) -> str:
    """The hidden head of an issue body: fingerprint marker, analysis block, occurrences block."""
    if not FINGERPRINT_RE.match(fingerprint):
        raise ValueError(f"not a fingerprint: {fingerprint!r}")
    return "\n".join([marker("fingerprint", fingerprint), encode_block("analysis", analysis_essentials(analysis)),
                      encode_block("occurrences", record.to_json())])


def fingerprint_of(body: str | None) -> str | None:
    return read_markers(body).get("fingerprint") or None


def record_of(body: str | None) -> Record | None:
    data = decode_blocks(body).get("occurrences")
    return Record.from_json(data) if data is not None else None


def replace_blocks(body: str, analysis: Mapping[str, Any] | None, record: Record) -> str:
    """`body` with the analysis block (when given) and the occurrences block replaced in place;
    missing blocks are added after the fingerprint marker (or at the top)."""
    out = body
    for name, data in (("analysis", analysis_essentials(analysis) if analysis is not None else None),
                       ("occurrences", record.to_json())):
        if data is None:
            continue
        block = encode_block(name, data)
        pattern = re.compile(rf"<!-- autoheal:{name}\n.*?\n-->", re.DOTALL)
        if pattern.search(out):
            out = pattern.sub(lambda _m, block=block: block, out, count=1)
        else:
            fp = re.search(r"<!-- autoheal:fingerprint=[^\s>]* -->", out)
            at = fp.end() if fp else 0
            out = out[:at] + ("\n" if at else "") + block + ("\n" if not at else "") + out[at:]
    return out


# -- small helpers ------------------------------------------------------------------------------------

def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

