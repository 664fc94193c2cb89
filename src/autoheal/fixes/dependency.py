"""The "add a missing dependency" fix, end to end: module name -> package -> manifest -> edited text.

    dist = distribution_for("yaml")                       # "PyYAML" (None: stdlib, or not installable)
    if dist and not is_own_module("yaml", files):         # the repo's own code is never "installed"
        path = choose_manifest(files, "python")           # the manifest CI actually installs
        result = add_dependency(path, files[path], dist)  # FixResult; changed=False if already listed

`fix_missing_dependency` runs that chain and explains every refusal in `FixResult.summary`. It adds only
a package that autoheal's import map or the repository's lock files name: never a raw module string
from a log, which whoever wrote the failing code controls (`No module named 'reqeusts'`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from autoheal.fixes.import_map import distribution_for, is_stdlib, named_by_map
from autoheal.fixes.lock_names import locked_names, normalise
from autoheal.fixes.manifest_choice import (
    ManifestTarget,
    choose_manifest,
    choose_target,
)
from autoheal.fixes.own_code import is_own_module
from autoheal.fixes.package_json import add_to_package_json
from autoheal.fixes.pyproject_toml import add_to_pyproject
from autoheal.fixes.requirements_txt import add_requirement
from autoheal.fixes.result import FixResult

__all__ = [
    "ManifestTarget",
    "add_dependency",
    "choose_manifest",
    "choose_target",
    "distribution_for",
    "fix_missing_dependency",
    "is_own_module",
]


def add_dependency(path: str, text: str, distribution: str, *, group: str | None = None) -> FixResult:
    """Add `distribution` to the manifest at `path` (requirements*.txt / *.in, pyproject.toml,
    package.json), editing only what must change; `group` names a pyproject extra or dependency group,
    or a package.json block (`devDependencies`). ValueError for other files or an unsafe spec."""
    name = posixpath.basename(path.replace("\\", "/"))
    if name == "package.json":
        return add_to_package_json(path, text, distribution, group=group)
    if name == "pyproject.toml":
        return add_to_pyproject(path, text, distribution, group=group)
    if name.endswith((".txt", ".in")):
        if group is not None:
            raise ValueError(f"{path} is a requirements file: it has no groups (got group={group!r})")
        return add_requirement(path, text, distribution)
    raise ValueError(f"{path} is not a manifest autoheal edits (requirements*.txt, pyproject.toml, package.json)")


def fix_missing_dependency(
    module: str, files: Mapping[str, str], ecosystem: str = "python", *, dev: bool = False
) -> FixResult:
    """The whole fix for `No module named '<module>'` / `Cannot find module '<module>'`.

    `files` maps repo paths to texts: the manifests, the CI files and lock files (see `choose_target`),
    plus the paths of the repo's source files (texts may be empty) so own modules are recognised.
    Refusals come back as changed=False with the reason; `path` is "" when no manifest was chosen.
    """
    distribution = distribution_for(module, ecosystem)
    if distribution is None:
        stdlib = ecosystem == "python" and is_stdlib(module)
        why = "part of the standard library" if stdlib else "not an installable package"
        return FixResult.unchanged("", "", f"{module!r} is {why}: adding a dependency cannot fix this import")
    if is_own_module(module, files, ecosystem):
        return FixResult.unchanged(
            "", "", f"{module!r} is the repository's own code: the failure is a path or packaging problem, "
            "not a missing dependency",
        )
    if not named_by_map(module, ecosystem) and normalise(distribution, ecosystem) not in locked_names(files, ecosystem):
        return FixResult.unchanged(
            "", "", f"{distribution!r} is named neither by autoheal's import map nor by the repository's lock files: "
            "a package name taken from a log is never added (it could be a typosquat)",
        )
    target = choose_target(files, ecosystem, dev=dev)
    if target is None:
        return FixResult.unchanged("", "", f"no manifest found to add {distribution} to")
    result = add_dependency(target.path, files[target.path], distribution, group=target.group)
    note = f" ({target.reason})" + (f". Note: {target.caveat}" if target.caveat else "")
    return FixResult(result.path, result.old, result.new, result.changed, result.summary + note)
