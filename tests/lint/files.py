"""Which files each linter checks, found by glob so files added later (by anyone) are linted too."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


def rel(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for pattern in ("**/*.yml", "**/*.yaml") for p in folder.glob(pattern) if p.is_file())


def is_workflow(path: Path) -> bool:
    """A workflow is a mapping with `jobs` (templates/ also holds config examples). Unparsable YAML
    counts as a workflow, so it fails loudly in the schema check instead of being skipped."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return True
    return isinstance(doc, dict) and "jobs" in doc


def action_files() -> list[Path]:
    """The root action and every stage action."""
    candidates = [REPO_ROOT / "action.yml", REPO_ROOT / "action.yaml",
                  *REPO_ROOT.glob("actions/*/action.yml"), *REPO_ROOT.glob("actions/*/action.yaml")]
    return sorted(p for p in candidates if p.is_file())


def workflow_files() -> list[Path]:
    """The project's own workflows and the consumer workflow templates."""
    own = _yaml_files(REPO_ROOT / ".github" / "workflows")
    templates = [p for p in _yaml_files(REPO_ROOT / "templates") if is_workflow(p)]
    return own + templates


def dockerfiles() -> list[Path]:
    return sorted(REPO_ROOT.glob("Dockerfile*"))
