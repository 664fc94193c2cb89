"""``Config``: the validated configuration as a read-only nested mapping.

Stages share one Config object; making it immutable means no stage can change what
another stage sees. Nested mappings are read-only views and lists become tuples.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Iterator

_MISSING = object()


def freeze(value: Any) -> Any:
    """Deep read-only copy: dicts -> MappingProxyType, lists -> tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Deep plain copy (dicts and lists) of a frozen value, safe to mutate."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return copy.copy(value)


class Config(Mapping):
    """Validated configuration: ``cfg["issues"]["labels"]``, ``cfg.get_path("issues.labels")``."""

    __slots__ = ("_data", "source", "notices")

    def __init__(self, data: Mapping, *, source: str = ".github/autoheal.yml", notices: list[str] | None = None):
        object.__setattr__(self, "_data", freeze(data))
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "notices", tuple(notices or ()))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Config is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Config(source={self.source!r}, keys={list(self._data)!r})"

    def __copy__(self) -> "Config":
        return self  # immutable: a copy would be indistinguishable

    def __deepcopy__(self, memo: dict) -> "Config":
        return self

    def __reduce__(self):
        # mappingproxy cannot be pickled; rebuild from plain data (for multiprocessing, caches)
        return (_rebuild, (self.to_dict(), self.source, list(self.notices)))

    def get_path(self, path: str, default: Any = _MISSING) -> Any:
        """Value at a dotted path such as ``"issues.labels"``; KeyError (or ``default``) if absent."""
        node: Any = self._data
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                if default is _MISSING:
                    raise KeyError(path)
                return default
            node = node[part]
        return node

    def category(self, category_id: str) -> dict:
        """The fields the user set for category ``category_id`` (a mutable copy; ``{}`` if none).

        Only the user's fields, on purpose: for a built-in id, omitted fields must keep the
        knowledge base's values, so filling defaults here would silently override them.
        """
        return thaw(self._data.get("categories", {}).get(category_id) or {})

    def to_dict(self) -> dict:
        """A plain, mutable deep copy (for JSON output or templates)."""
        return thaw(self._data)


def _rebuild(data: dict, source: str, notices: list[str]) -> Config:
    return Config(data, source=source, notices=notices)
