"""Which package provides a module that failed to import (`No module named 'cv2'` -> `opencv-python`).

The mapping lives in `data/import_to_dist.yml` so it can grow without code changes. Standard-library
modules are refused (installing something would not fix a missing stdlib module; the environment is
broken instead), except modules recent Pythons removed, which have drop-in backports.
"""

from __future__ import annotations

import functools
import sys
from importlib import resources
from typing import Any

import yaml

from autoheal.fixes.pkgname import npm_package_of

ECOSYSTEMS = ("python", "node")


@functools.cache
def mapping_table() -> dict[str, Any]:
    """The parsed data table (cached; it is read-only package data)."""
    text = resources.files("autoheal.fixes").joinpath("data/import_to_dist.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def distribution_for(module: str, ecosystem: str = "python") -> str | None:
    """The distribution to install for `module`, or None when installing one cannot be the fix.

    Python: exact or longest dotted-prefix match in the table, then namespace rules (`google.cloud.x`
    -> `google-cloud-x`), else the top-level name itself; None for the standard library, a bare
    namespace (`google`) or a name that is not a valid module path. Node: the npm package of a
    `require`/`import` specifier (`lodash/fp` -> `lodash`, `@scope/pkg/x` -> `@scope/pkg`); None for
    built-ins (`fs`, `node:fs`) and relative or absolute paths.
    """
    if ecosystem == "python":
        return _python_distribution(module.strip())
    if ecosystem == "node":
        return _node_package(module.strip())
    raise ValueError(f"unknown ecosystem {ecosystem!r}; expected one of {', '.join(ECOSYSTEMS)}")


def named_by_map(module: str, ecosystem: str = "python") -> bool:
    """True when autoheal's table itself names the package for ``module`` (an entry of `modules`,
    `removed_from_stdlib` or `known`), not a fallback that echoes the module string from the log."""
    from autoheal.fixes.lock_names import normalise

    distribution = distribution_for(module, ecosystem)
    if distribution is None:
        return False
    table = mapping_table()[ecosystem]
    known = {normalise(str(name), ecosystem) for name in table.get("known", ())}
    if normalise(distribution, ecosystem) in known:
        return True
    if ecosystem != "python":
        return False
    parts = module.strip().split(".")
    if parts[0] in table.get("removed_from_stdlib", {}):
        return True
    return any(table["modules"].get(".".join(parts[:size])) for size in range(len(parts), 0, -1))


def is_stdlib(module: str) -> bool:
    """True for a module of the standard library of the Python running autoheal."""
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or top.startswith("__")


def _python_distribution(module: str) -> str | None:
    parts = module.split(".")
    if not module or not all(part.isidentifier() for part in parts):
        return None
    table = mapping_table()["python"]
    removed = table.get("removed_from_stdlib", {})
    if parts[0] in removed:
        return removed[parts[0]]
    if is_stdlib(module):
        return None
    modules = table["modules"]
    for size in range(len(parts), 0, -1):
        hit = modules.get(".".join(parts[:size]))
        if hit:
            return hit
    namespaces = table["namespaces"]
    for size in range(len(parts), 0, -1):
        rule = namespaces.get(".".join(parts[:size]))
        if rule:
            depth = rule["depth"]
            if len(parts) < depth:
                return None  # the namespace itself (`import google`): no single package provides it
            join = rule.get("join", "-")
            name = join.join(parts[:depth])
            return name.replace("_", "-") if join == "-" else name
    return parts[0]


def _node_package(specifier: str) -> str | None:
    if specifier.startswith("node:"):
        return None
    builtins = set(mapping_table()["node"]["builtins"])
    if specifier.split("/")[0] in builtins:
        return None
    return npm_package_of(specifier)
