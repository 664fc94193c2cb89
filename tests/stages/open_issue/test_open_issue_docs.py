"""docs/stages/open-issue.md documents exactly the action's inputs and outputs, and every template variable."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from .test_open_issue_support import make_analysis

from autoheal.config import load_config
from autoheal.stages.open_issue.render import body_context
from autoheal.stages.open_issue.decide import settings_from

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "stages" / "open-issue.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "actions" / "open-issue" / "action.yml").read_text(encoding="utf-8"))


def table_after(heading: str) -> dict[str, list[str]]:
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells and re.fullmatch(r"`[^`]+`", cells[0]):
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_inputs_table_matches_action_yml():
    rows = table_after("## Inputs")
    assert set(rows) == set(ACTION["inputs"])
    for name, spec in ACTION["inputs"].items():
        description = " ".join(spec["description"].split())
        assert rows[name][0] == description, name
        default = spec.get("default")
        assert rows[name][1] == (f"`{default}`" if default is not None else ""), name


def test_outputs_table_matches_action_yml():
    rows = table_after("## Outputs")
    assert set(rows) == set(ACTION["outputs"])
    for name, spec in ACTION["outputs"].items():
        assert rows[name][0] == " ".join(spec["description"].split()), name


def test_every_template_variable_is_documented():
    section = DOC.split("### Template variables", 1)[1].split("\n## ", 1)[0]
    documented = {name for line in section.splitlines() if line.startswith("| `")
                  for name in re.findall(r"`([a-z_]+)`", line.split("|")[1])}
    context = body_context(make_analysis(), settings_from(load_config(None)))
    assert set(context) <= documented, set(context) - documented
