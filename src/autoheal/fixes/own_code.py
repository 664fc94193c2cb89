"""Is the module that failed to import the repository's own code?

`No module named 'app'` in a repo that has `app/__init__.py` means a path or packaging problem (the
project is not installed, a `src/` layout without `pip install -e .`, a missing `__init__.py`), never a
missing dependency: adding a package named `app` from PyPI would install a stranger's code. So when in
doubt this says "own" and the fix is refused; refusing is the safe side.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping

from autoheal.fixes.pkgname import npm_package_of

# Folders that hold other people's code or build output, never the project's own modules.
_FOREIGN_DIRS = {
    ".venv", "venv", "env", ".env", ".tox", ".nox", "site-packages", "dist-packages", "node_modules",
    "build", "dist", ".git", "__pycache__", ".eggs", ".mypy_cache", ".pytest_cache",
}


def is_own_module(module: str, files: Mapping[str, str] | Iterable[str], ecosystem: str = "python") -> bool:
    """True when `module` is provided by the repository itself (given as paths, or a path -> text map).

    Python: a `<top>.py`, `<top>/__init__.py` or any `<top>/….py` (namespace package) for the
    module's top-level name, at the root, under `src/`, or in any other project folder (tests and
    scripts put their own folders on `sys.path`), ignoring virtualenvs, `node_modules` and build output.
    Node: relative/absolute specifiers, path aliases (`@/x`, `~/x`, `#x`) and workspace packages
    (a `package.json` in the repo whose `name` is the package), which needs texts, not just paths.
    """
    paths = [posixpath.normpath(p.replace("\\", "/").lstrip("/")) for p in files]
    if ecosystem == "node":
        return _own_node(module.strip(), files)
    top = module.strip().split(".")[0]
    if not top:
        return False
    for path in paths:
        parts = path.split("/")
        if any(part in _FOREIGN_DIRS for part in parts[:-1]):
            continue
        if parts[-1] == f"{top}.py" or parts[-1] == f"{top}.pyi":
            return True
        if top in parts[:-1] and parts[-1].endswith((".py", ".pyi")):
            return True
    return False


def _own_node(specifier: str, files: Mapping[str, str] | Iterable[str]) -> bool:
    if specifier.startswith((".", "/", "~/", "@/", "#")):
        return True
    package = npm_package_of(specifier)
    if package is None or not isinstance(files, Mapping):
        return False
    for path, text in files.items():
        if posixpath.basename(path) != "package.json" or "node_modules/" in path.replace("\\", "/"):
            continue
        try:
            manifest = json.loads(text)
        except ValueError:
            continue
        if isinstance(manifest, dict) and manifest.get("name") == package:
            return True
    return False
