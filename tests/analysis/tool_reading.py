"""How the tool tests read a step: a tool log's failing step as the analyzer scopes it, or bare output."""

from __future__ import annotations

from pathlib import Path

from autoheal.analysis import default_kb
from autoheal.analysis.scan import scan
from autoheal.analysis.scoring import pick_failing_section
from autoheal.analysis.steps import failing_scope
from autoheal.analysis.tools import read_step

TOOLLOGS = Path(__file__).resolve().parent.parent / "data" / "toollogs"


def report_of_toollog(name: str):
    """(scope, tool report) of tests/data/toollogs/<name>.log's failing step."""
    result = scan((TOOLLOGS / f"{name}.log").read_bytes(), default_kb().prefilter)
    failing = pick_failing_section(result.sections, None)
    scope = failing_scope(failing, result.log_format)
    return scope, read_step(scope.command, scope.lines)


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.splitlines(), 1))
