"""The analysis result and its versioned JSON document (schema_version 1)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1
MAX_LINE_TEXT = 500


@dataclass(frozen=True)
class KeyLine:
    """A line a human needs, with its 1-based number in the original log."""

    line: int
    text: str
    category: str | None = None
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text[:MAX_LINE_TEXT], "category": self.category, "score": round(self.score, 3)}


@dataclass
class Analysis:
    """Everything autoheal concluded about one failed job (or run)."""

    category: str
    confidence: int
    fingerprint: str
    failed_job: str | None
    failed_step: str | None
    key_lines: list[KeyLine]
    specifics: dict[str, Any]
    novel_lines: list[dict[str, Any]]
    suggested_fix: str
    workflow: str | None = None
    fix_type: str | None = None
    auto_pr: bool = False
    hint: str = ""
    context: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    log: dict[str, Any] = field(default_factory=dict)
    baseline: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    related_jobs: list[dict[str, Any]] = field(default_factory=list)
    located: bool = False
    """The failing step (or command) and its own error lines were found; independent of
    ``confidence``, which rates the category. Filing an issue needs ``located``; a
    deterministic fix needs a confident category."""
    tool: str | None = None
    """The tool the failing step ran, when recognised (pytest, tsc, npm, ...)."""

    @property
    def exit_code(self) -> int | None:
        return self.specifics.get("exit_code")

    def to_dict(self) -> dict[str, Any]:
        """The JSON document described by analysis.schema.json."""
        return {
            "schema_version": SCHEMA_VERSION,
            "category": self.category,
            "confidence": self.confidence,
            "fingerprint": self.fingerprint,
            "workflow": self.workflow,
            "failed_job": self.failed_job,
            "failed_step": self.failed_step,
            "located": self.located,
            "tool": self.tool,
            "fix_type": self.fix_type,
            "auto_pr": self.auto_pr,
            "suggested_fix": self.suggested_fix,
            "key_lines": [k.to_dict() for k in self.key_lines],
            "context": self.context,
            "specifics": self.specifics,
            "novel_lines": self.novel_lines,
            "baseline": self.baseline,
            "scores": self.scores,
            "steps": self.steps,
            "log": self.log,
            "notes": self.notes,
            "related_jobs": self.related_jobs,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def load_schema() -> dict[str, Any]:
    """The packaged JSON Schema for the analysis document."""
    # Imported here: an analysis does not load its schema, so its start-up does not pay for it (#21).
    from importlib import resources

    text = resources.files("autoheal.analysis").joinpath("analysis.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
