"""The labels autoheal uses, created once with a colour and description on first use; never duplicated."""

from __future__ import annotations

from typing import Any, Iterable

DRAFT_STAND_IN = "autoheal-draft"
"""draft-pr's label on a regular PR where GitHub refuses drafts (a private repository on a plan without them);
pr-monitor removes it where it would mark a draft ready."""

# Colour and description of the labels autoheal creates on first use (others get a neutral grey).
LABEL_STYLE: dict[str, tuple[str, str]] = {
    "autoheal": ("d73a4a", "Filed by autoheal for a failing workflow"),
    "autoheal-dashboard": ("0e8a16", "autoheal's workflow health dashboard"),
    "autoheal-alert": ("b60205", "autoheal: a workflow's success rate needs attention"),
    "copilot-ready": ("8250df", "Handed to GitHub Copilot by autoheal"),
    "ready-for-review": ("0e8a16", "autoheal: CI green, ready for a human review"),
    "needs-human": ("e99695", "autoheal gave up: a human should take over"),
    "stale": ("cfd3d7", "No activity for a while; autoheal will close it"),
    "autoheal-draft": ("cfd3d7", "autoheal: a draft in spirit (this repository's plan has no draft PRs)"),
}


def label_style(name: str) -> tuple[str, str]:
    if name in LABEL_STYLE:
        return LABEL_STYLE[name]
    if name.startswith("autoheal:"):
        return ("fbca04", f"autoheal: {name.split(':', 1)[1].replace('_', ' ')}")
    return ("ededed", "Added by autoheal")


def ensure_labels(gw: Any, names: Iterable[str]) -> list[str]:
    """Create missing repo labels with colour and description; never duplicates. Returns those created."""
    wanted = [n for n in dict.fromkeys(names) if n]
    if not wanted:
        return []
    repo = gw.repo()
    existing = {label.name.lower() for label in gw.read(lambda: list(repo.get_labels()), what="list labels")}
    created = []
    for name in wanted:
        if name.lower() in existing:
            continue
        color, description = label_style(name)

        def find(name: str = name) -> Any:
            return next((lb for lb in repo.get_labels() if lb.name.lower() == name.lower()), None)

        try:
            gw.write(lambda name=name, color=color, description=description:
                     repo.create_label(name, color, description), find=find, what=f"create label {name}")
        except Exception as exc:  # 422 already_exists when a concurrent run created it first: fine
            if getattr(exc, "status", None) != 422:
                raise
        existing.add(name.lower())
        created.append(name)
    return created
