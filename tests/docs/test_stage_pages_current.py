"""Every stage page's inputs/outputs tables are what `python -m autoheal.docgen` writes from the specs.

draft-pr and copilot-review had their own check; open-issue's page lost its generated region and heal's
drifted without any test noticing, so the check now covers every stage, the chain included."""

from pathlib import Path

import pytest

from autoheal import docgen
from autoheal.stages import all_specs

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spec", all_specs(include_chains=True), ids=lambda s: s.name)
def test_stage_page_tables_are_generated_and_current(spec):
    page = docgen.page_path(ROOT, spec)
    text = page.read_text(encoding="utf-8")
    assert "<!-- autoheal:inputs -->" in text and "<!-- autoheal:outputs -->" in text, f"{page}: no generated region"
    assert docgen.update(text, spec) == text, f"{page} is out of date: run `python -m autoheal.docgen`"
