"""Package names a repository's lock files already name (pure: texts in, names out).

A dependency fix may add a package only when something other than the failing log vouches for its name:
autoheal's import map, or a lock file the maintainers committed. A lock file names every package the
project resolved (direct and transitive), so `No module named 'yaml'` with `pyyaml` in uv.lock is safe,
while a typo from a contributor's log (`reqeusts`) is named by nothing and is refused.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping

_TOML_NAME = re.compile(r'^name\s*=\s*"([^"]+)"\s*$', re.MULTILINE)  # uv.lock, poetry.lock, pdm.lock
_YARN_ENTRY = re.compile(r'^"?(@?[^@\s",]+)@', re.MULTILINE)  # `lodash@^4.17.21:` / `"@scope/x@npm:1"`
_PNPM_KEY = re.compile(r"^\s+'?/?(@?[^@\s'/]+(?:/[^@\s'/]+)?)@", re.MULTILINE)  # `  /lodash@4.17.21:`

PYTHON_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock")
NODE_LOCKS = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml")


def normalise(name: str, ecosystem: str = "python") -> str:
    """PEP 503 for Python (`PyYAML` == `pyyaml`, `typing_extensions` == `typing-extensions`); npm names as-is."""
    return re.sub(r"[-_.]+", "-", name).lower() if ecosystem == "python" else name.lower()


def locked_names(files: Mapping[str, str], ecosystem: str = "python") -> set[str]:
    """Normalised names of every package the lock files in ``files`` (repo path -> text) name."""
    names: set[str] = set()
    for path, text in files.items():
        base = posixpath.basename(path)
        if not text:
            continue
        if ecosystem == "python" and base in PYTHON_LOCKS:
            names |= _python_lock(base, text)
        elif ecosystem == "node" and base in NODE_LOCKS:
            names |= _node_lock(base, text)
    return {normalise(n, ecosystem) for n in names}


def _python_lock(base: str, text: str) -> set[str]:
    if base == "Pipfile.lock":
        try:
            data = json.loads(text)
        except ValueError:
            return set()
        return {name for section in ("default", "develop") for name in (data.get(section) or {})} \
            if isinstance(data, dict) else set()
    return set(_TOML_NAME.findall(text))


def _node_lock(base: str, text: str) -> set[str]:
    if base.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError:
            return set()
        if not isinstance(data, dict):
            return set()
        names = {key.rsplit("node_modules/", 1)[-1] for key in (data.get("packages") or {}) if "node_modules/" in key}
        return names | set(data.get("dependencies") or {})
    if base == "yarn.lock":
        return set(_YARN_ENTRY.findall(text))
    return set(_PNPM_KEY.findall(text))
