"""Read workflow-auto-fix's config shape (``workflow-auto-fix-config.yml``) as the native one.

Users of the seed plan keep their file unchanged: its keys are moved to their native
places, each move is reported as a notice, and a map from native path back to the path
the user actually wrote lets problems point at the user's own lines.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

# Top-level keys that exist only in the workflow-auto-fix shape.
SEED_SECTIONS = ("auto_healing", "error_patterns", "pr_settings", "issue_settings")

# seed (section, key) -> native path. Keys shared by both shapes (min_confidence,
# rate_limits, excluded_workflows, notifications) need no move.
SEED_MOVES: dict[tuple[str, str], tuple[str, ...]] = {
    ("auto_healing", "enabled"): ("enabled",),
    ("pr_settings", "create_draft"): ("pull_requests", "draft"),
    ("pr_settings", "auto_assign_copilot"): ("copilot", "enabled"),
    ("pr_settings", "add_labels"): ("pull_requests", "labels"),
    ("issue_settings", "create_issue"): ("issues", "create"),
    ("issue_settings", "add_labels"): ("issues", "labels"),
}
SEED_PATTERN_FIELDS = ("pattern", "confidence", "fix_type", "auto_pr")


@dataclass
class Migration:
    """The native-shaped document, where its keys came from, and what was moved or wrong."""

    document: dict
    origins: dict = field(default_factory=dict)  # native path tuple -> path tuple the user wrote
    moves: list = field(default_factory=list)  # [(seed path, native path)]
    # [(path as written, message, hint, at_key)] for workflow-auto-fix-shape mistakes found while moving
    mistakes: list = field(default_factory=list)

    def original(self, path: tuple) -> tuple:
        """The path the user wrote for native ``path`` (longest migrated prefix wins)."""
        path = tuple(path)
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.origins:
                return tuple(self.origins[path[:cut]]) + path[cut:]
        return path


def is_seed_shape(document: object) -> bool:
    """True when the document uses any key found only in the workflow-auto-fix shape."""
    return isinstance(document, dict) and any(key in document for key in SEED_SECTIONS)


def _set(document: dict, path: tuple, value: object) -> bool:
    """Put ``value`` at ``path``; False (and no change) if something is already there."""
    node = document
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return False  # the native section has the wrong type: validation reports it
        node = child
    if path[-1] in node:
        return False
    node[path[-1]] = value
    return True


def migrate(document: dict) -> Migration:
    """Move workflow-auto-fix keys to native ones; leave native keys alone. Does not validate values."""
    if not is_seed_shape(document):
        return Migration(document=document)
    native = {k: copy.deepcopy(v) for k, v in document.items() if k not in SEED_SECTIONS}
    result = Migration(document=native)
    for section in SEED_SECTIONS:
        if section not in document:
            continue
        body = document[section]
        if body is None:
            continue
        if not isinstance(body, dict):
            result.mistakes.append(((section,), "expected a mapping", "", False))
            continue
        if section == "error_patterns":
            _move_patterns(body, result)
            continue
        known = [k for (s, k) in SEED_MOVES if s == section]
        for key, value in body.items():
            target = SEED_MOVES.get((section, key))
            if target is None:
                result.mistakes.append(((section, key), "unknown key in the workflow-auto-fix shape", _did_you_mean(key, known), True))
                continue
            _move(result, (section, key), target, value)
    return result


def _move(result: Migration, seed_path: tuple, target: tuple, value: object, *, note: bool = True) -> None:
    if _set(result.document, target, copy.deepcopy(value)):
        result.origins[target] = seed_path
        if note:
            result.moves.append((seed_path, target))
    else:
        result.mistakes.append(
            (seed_path, f"set twice: also given as {'.'.join(target)} (keep one)", "", True)
        )


def _move_patterns(body: dict, result: Migration) -> None:
    if "categories" not in result.document:
        result.origins[("categories",)] = ("error_patterns",)
    if body:
        result.moves.append((("error_patterns",), ("categories",)))
    for name, entry in body.items():
        if isinstance(entry, dict):
            for key in entry:
                if key not in SEED_PATTERN_FIELDS:
                    result.mistakes.append(
                        (("error_patterns", name, key), "unknown key in the workflow-auto-fix shape",
                         _did_you_mean(str(key), list(SEED_PATTERN_FIELDS)), True)
                    )
            entry = {k: v for k, v in entry.items() if k in SEED_PATTERN_FIELDS}
        _move(result, ("error_patterns", name), ("categories", name), entry, note=False)


def _did_you_mean(key: str, known: list[str]) -> str:
    from .suggest import did_you_mean

    return did_you_mean(key, known)
