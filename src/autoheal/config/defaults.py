"""Defaults, read out of the schema's ``default`` annotations.

Only sections declared with ``properties`` are filled key by key; free-form maps
(``categories``, ``notifications``) default to empty and are taken as the user wrote them.
"""

from __future__ import annotations

import copy
from typing import Any

from .model import freeze
from .schema import shared_schema


def defaults_of(node: dict) -> Any:
    """The default value described by a schema node (recursing into declared properties)."""
    if "properties" in node:
        return {key: defaults_of(child) for key, child in node["properties"].items()
                if not child.get("deprecated")}  # workflow-auto-fix-shape aliases have no value of their own
    return copy.deepcopy(node.get("default"))


def default_config() -> dict:
    """A fresh, mutable dict of every default."""
    return defaults_of(shared_schema())


def category_defaults() -> dict:
    """Defaults for the fields of a NEW user category (a built-in id keeps its own values)."""
    fields = shared_schema()["properties"]["categories"]["additionalProperties"]["properties"]
    return {key: copy.deepcopy(node["default"]) for key, node in fields.items() if "default" in node}


def merge_defaults(user: dict, defaults: dict, schema_node: dict) -> dict:
    """``user`` over ``defaults``, key by key inside declared sections only."""
    merged = copy.deepcopy(defaults)
    props = schema_node.get("properties", {})
    for key, value in user.items():
        child = props.get(key, {})
        if "properties" in child and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_defaults(value, merged[key], child)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


DEFAULTS = freeze(default_config())
"""Every default as a read-only nested mapping (``DEFAULTS["issues"]["labels"]``)."""
