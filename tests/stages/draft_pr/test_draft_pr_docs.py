"""docs/stages/draft-pr.md says exactly what the action declares, and documents what the stage writes."""

from __future__ import annotations

from pathlib import Path

from autoheal import docgen
from autoheal.stages import load_spec
from autoheal.stages.draft_pr.commit import (
    BLOCKED_TRAILER,
    DIGEST_TRAILER,
    FINGERPRINT_TRAILER,
    FIX_TRAILER,
    ISSUE_TRAILER,
)
from autoheal.stages.draft_pr.decide import COMMENT_KEY

PAGE = Path(__file__).resolve().parents[3] / "docs" / "stages" / "draft-pr.md"


def test_inputs_and_outputs_tables_match_the_spec():
    spec = load_spec("draft-pr")
    text = PAGE.read_text(encoding="utf-8")
    assert docgen.update(text, spec) == text, "run `python -m autoheal.docgen`"
    for item in spec.inputs:
        if item.in_action:
            assert f"| `{item.name}` | `--{item.name}` |" in text
    for output in spec.outputs:
        assert f"| `{output.name}` |" in text


def test_markers_and_trailers_are_documented():
    text = PAGE.read_text(encoding="utf-8")
    for name in ("<!-- autoheal:issue=<n> -->", "<!-- autoheal:fix=<kind> -->", "<!-- autoheal:body=<digest> -->",
                 f"<!-- autoheal:sticky={COMMENT_KEY} -->", ISSUE_TRAILER, FIX_TRAILER, DIGEST_TRAILER, FINGERPRINT_TRAILER, BLOCKED_TRAILER):
        assert name in text, name


def test_every_config_key_the_stage_reads_is_documented():
    text = PAGE.read_text(encoding="utf-8")
    for key in ("pull_requests.min_confidence", "pull_requests.skip_labels", "pull_requests.skip_authors",
                "pull_requests.labels", "pull_requests.draft", "pull_requests.template", "pull_requests.timeout_factor",
                "pull_requests.timeout_cap_minutes", "rate_limits.max_prs_per_hour", "pull_requests.create",
                "categories.<id>.auto_pr", "categories.<id>.fix_type"):
        assert key in text, key
