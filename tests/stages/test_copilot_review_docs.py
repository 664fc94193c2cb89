"""docs/stages/copilot-review.md and docs/stages/pr-monitor.md say exactly what the action declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autoheal.stages import load_spec

DOCS = Path(__file__).resolve().parents[2] / "docs"


def table(markdown: str, heading: str) -> list[list[str]]:
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


@pytest.mark.parametrize("stage", ["copilot-review", "pr-monitor"])
def test_inputs_and_outputs_tables_match_the_spec(stage):
    spec = load_spec(stage)
    text = (DOCS / "stages" / f"{stage}.md").read_text(encoding="utf-8")
    inputs = [(i.name, i.description, i.action_default or i.default or "") for i in spec.inputs if i.in_action]
    documented = [(name.strip("`"), desc, default.strip("`")) for name, desc, default in table(text, "Inputs")]
    assert documented == inputs
    outputs = [(o.name, o.description) for o in spec.outputs]
    assert [(name.strip("`"), desc) for name, desc in table(text, "Outputs")] == outputs


def test_copilot_doc_has_the_token_matrix_and_the_stages_link_it():
    text = (DOCS / "copilot.md").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| what | `GITHUB_TOKEN`"))
    assert "GitHub App installation token" in header and "PAT" in header
    for row in ("assign the Copilot coding agent", "request a Copilot code review", "commits and PRs that trigger CI"):
        assert row in text
    for stage in ("copilot-review", "pr-monitor"):
        assert "copilot.md" in (DOCS / "stages" / f"{stage}.md").read_text(encoding="utf-8")
