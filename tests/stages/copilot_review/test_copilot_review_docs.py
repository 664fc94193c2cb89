"""docs/stages/copilot-review.md and docs/stages/pr-monitor.md say exactly what the action declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoheal import docgen
from autoheal.stages import load_spec

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.mark.parametrize("stage", ["copilot-review", "pr-monitor"])
def test_inputs_and_outputs_tables_match_the_spec(stage):
    spec = load_spec(stage)
    text = (DOCS / "stages" / f"{stage}.md").read_text(encoding="utf-8")
    assert docgen.update(text, spec) == text, "run `python -m autoheal.docgen`"
    for item in spec.inputs:
        if item.in_action:
            assert f"| `{item.name}` | `--{item.name}` |" in text
    for output in spec.outputs:
        assert f"| `{output.name}` |" in text


def test_copilot_doc_has_the_token_matrix_and_the_stages_link_it():
    text = (DOCS / "copilot.md").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| what | `GITHUB_TOKEN`"))
    assert "GitHub App installation token" in header and "PAT" in header
    for row in ("assign the Copilot coding agent", "request a Copilot code review", "commits and PRs that trigger CI"):
        assert row in text
    for stage in ("copilot-review", "pr-monitor"):
        assert "copilot.md" in (DOCS / "stages" / f"{stage}.md").read_text(encoding="utf-8")
