"""Raise a timed-out job's `timeout-minutes` in its workflow file, editing the YAML text in place.

The failing job arrives as the analysis saw it: a job id (`test`), its `name:` (`Unit tests`), a matrix
display name (`test (3.12, ubuntu-latest)`), a templated name (`Test ${{ matrix.python }}` shown as
`Test 3.12`), or a reusable-workflow path (`ci / test`). The new value is `ceil(current * factor)`,
capped at `cap`; a job without `timeout-minutes` runs with GitHub's default (`default_minutes`, 360).
"""

from __future__ import annotations

import math

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from autoheal.fixes import yamledit
from autoheal.fixes.jobmatch import JobNotFound, find_job
from autoheal.fixes.result import FixResult

GITHUB_DEFAULT_TIMEOUT = 360
KEY = "timeout-minutes"

def increase_timeout(
    path: str,
    workflow_text: str,
    job: str,
    *,
    factor: float = 2.0,
    cap: int = 360,
    default_minutes: int = GITHUB_DEFAULT_TIMEOUT,
) -> FixResult:
    """Multiply the job's `timeout-minutes` by `factor` (at most `cap`), adding the key when absent.

    Returns changed=False, with the reason in `summary`, when the job cannot be found or edited safely
    (alias of another job, reusable-workflow call, expression value) or the timeout is already at the cap.
    """
    if factor <= 1:
        raise ValueError(f"factor must be greater than 1, got {factor}")
    if cap < 1 or default_minutes < 1:
        raise ValueError("cap and default_minutes must be positive")
    try:
        root = yamledit.compose(workflow_text)
        data = yamledit.load(workflow_text)
    except (yamledit.YamlEditError, yaml.YAMLError) as exc:
        return FixResult.unchanged(path, workflow_text, f"{path} is not valid YAML ({exc}); not edited")
    jobs = yamledit.find(root, ["jobs"])
    if not isinstance(jobs, MappingNode) or not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
        return FixResult.unchanged(path, workflow_text, f"{path} has no `jobs:` mapping; not edited")
    try:
        job_key, job_node = find_job(jobs, job, data["jobs"])
    except JobNotFound as exc:
        return FixResult.unchanged(path, workflow_text, str(exc))
    job_id = job_key.value
    refusal = _refusal(root, job_key, job_node, data["jobs"].get(job_id))
    if refusal:
        return FixResult.unchanged(path, workflow_text, f"job {job_id!r}: {refusal}; not edited")

    written = data["jobs"][job_id].get(KEY)
    current = _as_number(written)
    if written is None:
        effective, origin = default_minutes, f"unset (GitHub's default of {default_minutes})"
    elif current is None:
        return FixResult.unchanged(
            path, workflow_text,
            f"job {job_id!r}: {KEY} is {written!r}, not a positive number of minutes; raise it by hand",
        )
    else:
        effective, origin = current, f"{_number(current)}"
    target = min(cap, math.ceil(effective * factor))
    if target <= effective:
        return FixResult.unchanged(
            path, workflow_text,
            f"job {job_id!r}: {KEY} is {origin} minutes, already at or above the cap of {cap}; "
            "a longer timeout is not the fix",
        )

    loaded_target = str(target) if isinstance(written, str) else target  # a quoted '20' stays a quoted string
    try:
        new_text = _write(workflow_text, job_node, target)
        yamledit.check_only_change(
            workflow_text, new_text, lambda d: d["jobs"][job_id].__setitem__(KEY, loaded_target)
        )
    except yamledit.YamlEditError as exc:
        return FixResult.unchanged(path, workflow_text, f"job {job_id!r}: {exc}")
    verb = "Added" if written is None else "Raised"
    summary = (
        f"{verb} {KEY} of job {job_id!r} from {origin} to {target} minutes "
        f"(x{_number(factor)}, cap {cap}) because the job hit its timeout"
    )
    return FixResult.edited(path, workflow_text, new_text, summary)


def _refusal(root: Node, job_key: ScalarNode, job_node: MappingNode, job_data: object) -> str | None:
    """Why this job must not be edited automatically, or None when it is safe."""
    if yamledit.is_alias_value(job_key, job_node):
        return "its body is an alias (*anchor) of another job, so an edit would change both"
    if _uses_count(root, job_node) > 1:
        return "its body is anchored and reused elsewhere, so an edit would change every user"
    if not isinstance(job_data, dict):
        return "its body is not a mapping"
    if "uses" in job_data:
        return "it calls a reusable workflow (`uses:`), which cannot take timeout-minutes; raise it there"
    return None


def _uses_count(root: Node, target: Node) -> int:
    """How many times `target` appears in the tree (more than once means it is aliased)."""
    count, stack, seen_collections = 0, [root], set()
    while stack:
        node = stack.pop()
        if node is target:
            count += 1
        if isinstance(node, ScalarNode) or id(node) in seen_collections:
            continue
        seen_collections.add(id(node))
        for child in node.value:
            stack.extend(child if isinstance(child, tuple) else (child,))
    return count


def _write(text: str, job_node: MappingNode, minutes: int) -> str:
    """Replace the job's own `timeout-minutes` value, or add the key after `runs-on` (or `name`)."""
    own = yamledit.get(job_node, KEY)
    if own is not None:
        key, value = own
        style = value.style if isinstance(value, ScalarNode) and value.style in ("'", '"') else None
        rendered = str(minutes) if style is None else yamledit.render_string(str(minutes), style)
        return yamledit.replace_value(text, key, value, rendered)
    after = "runs-on" if yamledit.get(job_node, "runs-on") else "name" if yamledit.get(job_node, "name") else None
    return yamledit.insert_key(text, job_node, f"{KEY}: {minutes}", after=after)


def _as_number(value: object) -> float | None:
    """The minutes a `timeout-minutes` value stands for (numbers and numeric strings), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) and value > 0 else None
    if isinstance(value, str):
        try:
            return _as_number(float(value.strip()))
        except ValueError:
            return None
    return None


def _number(value: float) -> str:
    """`2` rather than `2.0` in summaries."""
    return str(int(value)) if float(value).is_integer() else str(value)
