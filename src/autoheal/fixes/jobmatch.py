"""Find the job in a workflow that a failed run's job name refers to.

GitHub shows a job by its `name:` (or id), renders `${{ matrix.* }}` inside it, and for matrix jobs
whose name does not mention the matrix appends the values: `test (3.12, ubuntu-latest)`. Jobs of a
called reusable workflow appear as `caller / callee`. We undo all of that, most specific rule first:

1. the job id, 2. the literal `name:`, 3. the `name:` rendered for every matrix combination
(`strategy.matrix` lists, `include`, `exclude`), 4. the `name:` with each `${{ … }}` matching any text.
Each rule is tried on the name as given, then without a matrix suffix, then on the parts of a
`caller / callee` path (callee first). The first rule that matches exactly one job wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from autoheal.fixes import yamledit

MAX_COMBINATIONS = 256  # GitHub allows 256 jobs per matrix; anything larger is not a literal matrix

_MATRIX_SUFFIX = re.compile(r"^(?P<base>.+?) \((?P<values>[^()]*)\)$")
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_MATRIX_REF = re.compile(r"\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}")


class JobNotFound(LookupError):
    """No job, or more than one job, matches the name the analysis reported."""


def find_job(
    jobs: MappingNode, job: str, jobs_data: Mapping[str, Any] | None = None
) -> tuple[ScalarNode, MappingNode]:
    """The (key node, mapping node) of the job called `job`; JobNotFound when none or several match.

    `jobs_data` is the loaded `jobs:` mapping; with it, matrix-templated names are matched exactly.
    """
    pairs = [(key, value) for key, value in yamledit.items(jobs) if isinstance(value, MappingNode)]
    data = jobs_data or {}
    names = {key.value: rendered_names(_template(node), data.get(key.value)) for key, node in pairs}
    exact_rules = (
        lambda key, node, name: key.value == name,
        lambda key, node, name: _template(node) == name,
        lambda key, node, name: name in names[key.value],
    )
    variants = list(_name_variants(job.strip()))
    for candidate in variants:
        for rule in exact_rules:
            matches = [(key, node) for key, node in pairs if rule(key, node, candidate)]
            if len(matches) > 1:
                raise JobNotFound(f"job {job!r} is ambiguous: it matches jobs {_ids(matches)}")
            if matches:
                return matches[0]
    ambiguous: list[tuple[ScalarNode, MappingNode]] = []
    for candidate in variants:  # last resort: templates we could not render, `${{ … }}` matching anything
        matches = [(k, n) for k, n in pairs if not names[k.value] and _wildcard_match(_template(n), candidate)]
        if len(matches) == 1:
            return matches[0]
        ambiguous = ambiguous or matches
    if ambiguous:
        raise JobNotFound(f"job {job!r} is ambiguous: it matches jobs {_ids(ambiguous)}")
    raise JobNotFound(f"job {job!r} not found (jobs: {_ids(pairs)})")


def _ids(pairs: list[tuple[ScalarNode, MappingNode]]) -> str:
    return ", ".join(key.value for key, _ in pairs)


def rendered_names(template: str | None, job: Any) -> set[str]:
    """Every display name `template` yields over the job's matrix (empty when it cannot be rendered)."""
    if not template or "${{" not in template or not isinstance(job, Mapping):
        return set()
    if len(_EXPRESSION.findall(template)) != len(_MATRIX_REF.findall(template)):
        return set()  # only `${{ matrix.x }}` can be rendered; any other expression is unknowable here
    names = set()
    for combination in matrix_combinations(job):
        def value(match: re.Match[str], combo: Mapping[str, Any] = combination) -> str:
            return _display(combo.get(match.group(1)))

        names.add(_MATRIX_REF.sub(value, template).strip())
    return names


def matrix_combinations(job: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The matrix combinations GitHub would run for a job (`include`/`exclude` applied); [] if dynamic."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    if not isinstance(matrix, Mapping):
        return []
    axes = {key: value for key, value in matrix.items() if key not in ("include", "exclude")}
    if not all(isinstance(value, list) for value in axes.values()):
        return []  # an axis computed by an expression (fromJSON(...)) cannot be enumerated here
    size = 1
    for values in axes.values():
        size *= max(len(values), 1)
    if size > MAX_COMBINATIONS:
        return []
    combos = [dict(zip(axes, values, strict=True)) for values in itertools.product(*axes.values())] if axes else []
    excludes = matrix.get("exclude") if isinstance(matrix.get("exclude"), list) else []
    combos = [c for c in combos if not any(_matches(c, ex) for ex in excludes if isinstance(ex, Mapping))]
    includes = matrix.get("include") if isinstance(matrix.get("include"), list) else []
    added: list[dict[str, Any]] = []
    for extra in (entry for entry in includes if isinstance(entry, Mapping)):
        original = {key: value for key, value in extra.items() if key in axes}
        targets = [c for c in combos if _matches(c, original)]
        for combo in targets:  # original values are never overwritten; values added by includes may be
            combo.update({k: v for k, v in extra.items() if k not in axes})
        if not targets:  # fits no combination of the axes: a job of its own (never extended later)
            added.append(dict(extra))
    return combos + added


def _matches(combo: Mapping[str, Any], selector: Mapping[str, Any]) -> bool:
    return all(combo.get(key) == value for key, value in selector.items())


def _display(value: Any) -> str:
    """A matrix value as GitHub prints it in a name (`true`, `3.1` for an unquoted 3.10, `` for null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _template(node: MappingNode) -> str | None:
    pair = yamledit.get(node, "name")
    if pair is None or not isinstance(pair[1], ScalarNode):
        return None
    return pair[1].value.strip()


def _wildcard_match(template: str | None, name: str) -> bool:
    """True when `name` fits `template` with each `${{ … }}` standing for any non-empty text."""
    if not template or "${{" not in template:
        return False
    pattern = ".+?".join(re.escape(part) for part in _EXPRESSION.split(template))
    return re.fullmatch(pattern, name, re.DOTALL) is not None


def _name_variants(job: str) -> Iterator[str]:
    """The names to try, most specific first: as given, without a matrix suffix, reusable-workflow parts."""
    seen: set[str] = set()
    parts = [job] + [p for p in reversed(job.split(" / ")) if " / " in job]
    for part in parts:
        for name in (part, _strip_matrix(part)):
            if name and name not in seen:
                seen.add(name)
                yield name


def _strip_matrix(name: str) -> str:
    """`test (3.12, ubuntu)` -> `test`: GitHub's display name of a matrix job without the values."""
    match = _MATRIX_SUFFIX.match(name)
    return match.group("base") if match else name
