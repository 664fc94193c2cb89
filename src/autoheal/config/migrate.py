"""Read workflow-auto-fix's config (``workflow-auto-fix-config.yml``, in both of its historical shapes) as native.

Users of workflow-auto-fix keep their file unchanged. Each old key is either moved to the native key with
the SAME meaning (a notice says so), or reported once as not used by autoheal (a notice, not an error:
an unused key must not stop every stage). A key the old format never had is still a problem, so typos
are caught. A map from native path back to the path the user wrote lets problems point at their lines.

Two shapes exist (see docs/migration.md):
- the sectioned one: ``auto_healing``, ``error_patterns``, ``pr_settings``, ``issue_settings`` …
- the flat one: ``auto_create_pr``, ``min_confidence_for_pr``, ``fix_types``, ``pr``, ``issue_tracking`` …
Their own comments define ``min_confidence`` / ``min_confidence_for_pr`` as the threshold for CREATING A PR
(below it, only an issue is filed), so both map to ``pull_requests.min_confidence``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Callable

# Top-level keys found only in workflow-auto-fix's files: any of them marks a document as workflow-auto-fix-shaped.
SEED_SECTIONS = ("auto_healing", "error_patterns", "pr_settings", "issue_settings")
SEED_ONLY_KEYS = SEED_SECTIONS + (
    "auto_create_pr", "auto_comment_on_issue", "min_confidence_for_pr", "min_confidence_for_auto_label",
    "monitored_workflows", "fix_types", "pr", "issue_tracking", "analysis", "artifacts", "rate_limiting",
    "debug", "advanced", "repository_fixes", "monitoring",
)


def _repeat_mode(value: object) -> object:
    """Workflow-auto-fix's yes/no "comment on the existing issue" as ``issues.comment_on_repeat``."""
    if isinstance(value, bool):
        return "material" if value else "never"
    return value  # not a boolean: the schema reports it at the user's line


# seed path -> (native path, converter or None). Meanings checked against workflow-auto-fix files' own comments.
SEED_MOVES: dict[tuple[str, ...], tuple[tuple[str, ...], Callable | None]] = {
    ("auto_healing", "enabled"): (("enabled",), None),
    ("auto_healing", "min_confidence"): (("pull_requests", "min_confidence"), None),
    ("auto_healing", "create_draft"): (("pull_requests", "draft"), None),
    ("auto_healing", "auto_assign_copilot"): (("copilot", "enabled"), None),
    ("pr_settings", "create_draft"): (("pull_requests", "draft"), None),
    ("pr_settings", "auto_assign_copilot"): (("copilot", "enabled"), None),
    ("pr_settings", "add_labels"): (("pull_requests", "labels"), None),
    ("issue_settings", "create_issue"): (("issues", "create"), None),
    ("issue_settings", "add_labels"): (("issues", "labels"), None),
    ("min_confidence",): (("pull_requests", "min_confidence"), None),  # only in a workflow-auto-fix-shaped file
    ("min_confidence_for_pr",): (("pull_requests", "min_confidence"), None),
    ("auto_create_pr",): (("pull_requests", "create"), None),
    ("auto_comment_on_issue",): (("issues", "comment_on_repeat"), _repeat_mode),
    ("pr", "create_as_draft"): (("pull_requests", "draft"), None),
    ("pr", "labels"): (("pull_requests", "labels"), None),
    ("pr", "default_reviewers"): (("monitor", "reviewers"), None),
    ("issue_tracking", "create_tracking_issue"): (("issues", "create"), None),
    ("issue_tracking", "comment_on_existing"): (("issues", "comment_on_repeat"), _repeat_mode),
    ("issue_tracking", "labels"): (("issues", "labels"), None),
    ("copilot", "auto_mention"): (("copilot", "allow_comment_fallback"), None),
}

# seed path -> why autoheal does not use it. A whole section listed here is one notice.
SEED_UNUSED: dict[tuple[str, ...], str] = {
    ("min_confidence_for_auto_label",): "autoheal labels issues by category (issues.category_labels)",
    ("monitored_workflows",): "the watched workflows are the workflow_run list in autoheal.yml (autoheal init fills it)",
    ("fix_types",): "fixes are chosen per category (categories.<id>.fix_type, auto_pr); "
                    "pull_requests.min_confidence is the one PR threshold",
    ("analysis",): "the analyzer's limits are built in",
    ("artifacts",): "autoheal writes its analysis to the step summary and the issue",
    ("rate_limiting",): "the limits are per hour: rate_limits.max_prs_per_hour, rate_limits.max_issues_per_hour",
    ("debug",): "use the stages' dry-run input (--dry-run) to see a plan without writing",
    ("advanced",): "branch names, titles and retries are built in (pull_requests.branch_prefix sets the branch prefix)",
    ("repository_fixes",): "add a category with a pattern (categories.<id>) instead",
    ("monitoring",): "health-check reports workflow health",
    ("pr", "base_branch"): "pull requests target the repository's default branch",
    ("pr", "auto_request_review"): "reviewers are asked when the PR is ready (monitor.reviewers)",
    ("pr", "type_specific_labels"): "issues get a label per category (issues.category_labels)",
    ("pr_settings", "title_template"): "pull request titles are built in",
    ("pr_settings", "branch_template"): "branches are <pull_requests.branch_prefix><issue>-<slug>",
    ("issue_settings", "title_template"): "issue titles are built in (issues.template sets the body)",
    ("issue_tracking", "enabled"): "issue_tracking.create_tracking_issue is read as issues.create",
    ("issue_tracking", "close_issue_on_merge"): "issues close after green runs (issues.close_after_successes)",
    ("copilot", "use_agent_mode"): "the hand-off modes are copilot.handoff_modes",
    ("copilot", "trigger_method"): "the hand-off modes are copilot.handoff_modes",
    ("copilot", "create_task_file"): "a task file is written only when no deterministic fix applies",
    ("copilot", "agent_timeout_hours"): "pr-monitor follows the PR until it is ready or needs a human",
    ("copilot", "require_agent_completion"): "pr-monitor follows the PR until it is ready or needs a human",
    ("copilot", "fallback_to_manual"): "the comment fallback is copilot.allow_comment_fallback",
    ("copilot", "auto_request_review"): "the hand-off modes are copilot.handoff_modes",
    ("copilot", "wait_for_review"): "pr-monitor follows the review",
    ("copilot", "review_timeout_hours"): "pr-monitor follows the review",
    ("copilot", "require_copilot_approval"): "reviews are asked of people (monitor.reviewers)",
}
UNUSED_PATTERN_FIELDS = {"description": "an issue names its category instead"}

SEED_PATTERN_FIELDS = ("pattern", "confidence", "fix_type", "auto_pr")
NOTIFICATIONS_UNUSED = ("autoheal sends no notifications: it writes the step summary, one issue per failure "
                        "and one comment per new fact")


@dataclass
class Migration:
    """The native-shaped document, where its keys came from, and what was moved, unused or wrong."""

    document: dict
    origins: dict = field(default_factory=dict)  # native path tuple -> path tuple the user wrote
    moves: list = field(default_factory=list)  # [(seed path, native path)]
    unused: list = field(default_factory=list)  # [(path as written, why autoheal does not use it)]
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
    """True when the document uses any key found only in workflow-auto-fix's files."""
    return isinstance(document, dict) and any(key in document for key in SEED_ONLY_KEYS)


def _get(document: dict, path: tuple) -> tuple[bool, object]:
    node: object = document
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _set(document: dict, path: tuple, value: object) -> bool | None:
    """Put ``value`` at ``path``: True if set, None if the same value is already there, False on a clash."""
    node = document
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return False  # the native section has the wrong type: validation reports it
        node = child
    if path[-1] in node:
        return None if node[path[-1]] == value else False
    node[path[-1]] = value
    return True


def migrate(document: dict) -> Migration:
    """Move workflow-auto-fix keys to native ones; leave native keys alone. Does not validate values."""
    if not is_seed_shape(document):
        result = Migration(document=document)
        _note_notifications(document, result)
        return result
    native = {k: copy.deepcopy(v) for k, v in document.items() if k not in SEED_ONLY_KEYS and k != "min_confidence"}
    result = Migration(document=native)
    for key, value in document.items():
        if key == "error_patterns":
            if isinstance(value, dict):
                _move_patterns(value, result)
            elif value is not None:
                result.mistakes.append(((key,), "expected a mapping", "", False))
        elif (key,) in SEED_MOVES:
            _move(result, (key,), value)
        elif (key,) in SEED_UNUSED:
            result.unused.append(((key,), SEED_UNUSED[(key,)]))
        elif key in SEED_ONLY_KEYS or key == "copilot":
            _move_section(result, key, value)
    _note_notifications(document, result)
    return result


def _move_section(result: Migration, section: str, body: object) -> None:
    """A workflow-auto-fix section: each key moved, noted as unused, or (for a key workflow-auto-fix never had) a mistake.

    ``copilot`` is native too: its native keys stay where they are and are validated there.
    """
    if body is None:
        return
    if not isinstance(body, dict):
        if section != "copilot":
            result.mistakes.append(((section,), "expected a mapping", "", False))
        return
    known = sorted({p[1] for p in list(SEED_MOVES) + list(SEED_UNUSED) if len(p) == 2 and p[0] == section})
    for key, value in body.items():
        path = (section, key)
        if path in SEED_MOVES or path in SEED_UNUSED:
            if section == "copilot":
                del result.document["copilot"][key]
            if path in SEED_MOVES:
                _move(result, path, value)
            else:
                result.unused.append((path, SEED_UNUSED[path]))
        elif section != "copilot":
            result.mistakes.append((path, "unknown key in the workflow-auto-fix shape", _did_you_mean(str(key), known), True))


def _move(result: Migration, seed_path: tuple, value: object) -> None:
    target, convert = SEED_MOVES[seed_path]
    value = convert(value) if convert else copy.deepcopy(value)
    done = _set(result.document, target, value)
    if done is False:
        first = result.origins.get(target, target)
        result.mistakes.append(
            (seed_path, f"set twice, to different values: also given as {'.'.join(first)} (keep one)", "", True)
        )
        return
    result.origins.setdefault(target, seed_path)
    result.moves.append((seed_path, target))


def _move_patterns(body: dict, result: Migration) -> None:
    if "categories" not in result.document:
        result.origins[("categories",)] = ("error_patterns",)
    if body:
        result.moves.append((("error_patterns",), ("categories",)))
    unused_seen: set = set()
    for name, entry in body.items():
        if isinstance(entry, dict):
            for key in entry:
                if key in UNUSED_PATTERN_FIELDS:
                    if key not in unused_seen:  # one notice for the field, not one per pattern
                        unused_seen.add(key)
                        result.unused.append((("error_patterns", "*", key), UNUSED_PATTERN_FIELDS[key]))
                elif key not in SEED_PATTERN_FIELDS:
                    result.mistakes.append(
                        (("error_patterns", name, key), "unknown key in the workflow-auto-fix shape",
                         _did_you_mean(str(key), list(SEED_PATTERN_FIELDS)), True)
                    )
            entry = {k: v for k, v in entry.items() if k in SEED_PATTERN_FIELDS}
        target = ("categories", name)
        if _set(result.document, target, copy.deepcopy(entry)) is True:
            result.origins[target] = ("error_patterns", name)
        else:
            result.mistakes.append(
                (("error_patterns", name), "set twice: also given as categories." + str(name) + " (keep one)", "", True)
            )


def _note_notifications(document: dict, result: Migration) -> None:
    """``notifications`` is accepted (both shapes have it) but autoheal acts on none of its keys: say so."""
    body = document.get("notifications")
    if isinstance(body, dict):
        for key in body:
            result.unused.append((("notifications", str(key)), NOTIFICATIONS_UNUSED))


def _did_you_mean(key: str, known: list[str]) -> str:
    from .suggest import did_you_mean

    return did_you_mean(key, known)
