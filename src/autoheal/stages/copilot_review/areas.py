"""What a pull request touches, and what a reviewer should be careful about (pure).

The sticky analysis comment copilot-review leaves on a PR tells the human (and Copilot) at a glance
where the change lands: workflows run with the repository's secrets, manifests pull in code from a
registry, tests and docs are low risk. The rules are path-based on purpose: they must be predictable,
and they never need the file contents.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

AREAS = ("workflows", "dependencies", "tests", "docs", "repository settings", "autoheal task", "source")
"""Every area, in the order the comment lists them."""

MANIFESTS = frozenset({
    "requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "pipfile", "pipfile.lock", "poetry.lock",
    "uv.lock", "pdm.lock", "environment.yml", "environment.yaml", "package.json", "package-lock.json",
    "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "go.mod", "go.sum", "cargo.toml", "cargo.lock",
    "gemfile", "gemfile.lock", "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
    "composer.json", "composer.lock", "mix.exs", "mix.lock", "packages.config", "directory.packages.props",
})
DOC_EXTENSIONS = frozenset({".md", ".rst", ".adoc", ".txt"})
TEST_DIRS = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs", "testdata"})

LARGE_CHANGE_LINES = 500
LARGE_CHANGE_FILES = 20


@dataclass(frozen=True)
class FileChange:
    """One file of a PR as the pulls/{n}/files listing describes it."""

    path: str
    status: str = "modified"  # added | removed | modified | renamed | copied | changed | unchanged
    additions: int = 0
    deletions: int = 0


@dataclass
class ChangeSummary:
    """Files, lines and areas of a PR, plus the risk notes a reviewer should read first."""

    files: int = 0
    additions: int = 0
    deletions: int = 0
    areas: dict[str, list[str]] = field(default_factory=dict)  # area -> paths, in AREAS order
    risks: list[str] = field(default_factory=list)
    listed_files: int = 0  # how many files the listing returned (GitHub caps it at 3000)

    @property
    def lines(self) -> int:
        return self.additions + self.deletions


def area_of(path: str) -> str:
    """The one area a path belongs to (the most specific rule wins)."""
    p = path.strip("/")
    lower = p.lower()
    name = posixpath.basename(lower)
    parts = lower.split("/")
    if lower.startswith((".github/workflows/", ".github/actions/")) or name in ("action.yml", "action.yaml"):
        return "workflows"
    if lower.startswith(".github/autoheal/tasks/"):
        return "autoheal task"
    if name in MANIFESTS or (name.startswith("requirements") and name.endswith((".txt", ".in"))) \
            or (len(parts) > 1 and parts[-2] == "requirements" and name.endswith((".txt", ".in"))):
        return "dependencies"
    if lower.startswith(".github/") or name in ("codeowners", ".gitattributes", ".gitmodules"):
        return "repository settings"
    if _is_test(parts, name):
        return "tests"
    ext = posixpath.splitext(name)[1]
    if parts[0] in ("docs", "doc") or ext in DOC_EXTENSIONS or name.startswith(("readme", "changelog", "license")):
        return "docs"
    return "source"


def _is_test(parts: list[str], name: str) -> bool:
    if any(part in TEST_DIRS for part in parts[:-1]):
        return True
    stem, ext = posixpath.splitext(name)
    return (
        name == "conftest.py"
        or (ext == ".py" and (stem.startswith("test_") or stem.endswith("_test")))
        or name.endswith("_test.go")
        or any(f".{kind}." in name for kind in ("test", "spec"))
    )


def summarize(files: list[FileChange], *, total_files: int | None = None) -> ChangeSummary:
    """Group files by area and derive the risk notes. `total_files` is the PR's own count when the
    listing was cut short, so the figures stay true."""
    summary = ChangeSummary(listed_files=len(files))
    summary.files = max(total_files or 0, len(files))
    grouped: dict[str, list[str]] = {}
    for change in files:
        summary.additions += change.additions
        summary.deletions += change.deletions
        grouped.setdefault(area_of(change.path), []).append(change.path)
    summary.areas = {area: grouped[area] for area in AREAS if area in grouped}
    summary.risks = risk_notes(files, summary)
    return summary


def risk_notes(files: list[FileChange], summary: ChangeSummary) -> list[str]:
    """Plain sentences, most serious first. They mention paths only through their area."""
    areas = summary.areas
    notes: list[str] = []
    if "workflows" in areas:
        notes.append(
            f"Changes {len(areas['workflows'])} workflow/action file(s) under `.github/`: workflows run with the "
            "repository's secrets and token permissions, so this needs a careful human review before merging."
        )
    if "dependencies" in areas:
        notes.append(
            "Changes dependency manifests or lockfiles: check that every added or changed package is the intended "
            "one (typosquatting) and pinned the way the project expects."
        )
    if "repository settings" in areas:
        notes.append("Changes repository settings files under `.github/` (owners, bots, templates).")
    removed = [f for f in files if f.status == "removed"]
    if removed:
        notes.append(f"Deletes {len(removed)} file(s).")
    if "source" in areas and "tests" not in areas:
        notes.append("Changes source code without touching any test.")
    if summary.lines > LARGE_CHANGE_LINES or summary.files > LARGE_CHANGE_FILES:
        notes.append(f"Large change ({summary.files} files, {summary.lines} lines): review it in parts.")
    if set(areas) == {"autoheal task"}:
        notes.append("Only adds autoheal's task file: there is no code change yet; Copilot or a human must make the fix.")
    if summary.listed_files < summary.files:
        notes.append(f"GitHub listed only {summary.listed_files} of {summary.files} files; the figures cover those.")
    return notes
