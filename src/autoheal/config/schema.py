"""The packaged JSON Schema (draft 2020-12) for ``.github/autoheal.yml``.

The schema is the single source of truth: defaults, the docs table and validation all
come from it, so they cannot drift apart.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

SCHEMA_FILE = "autoheal.schema.json"


@lru_cache(maxsize=1)
def _schema_text() -> str:
    # Beside this module (the package is installed as files): importlib.resources would import zipfile
    # and threading for its readers, a few ms of every stage's start-up (#21).
    return Path(__file__).with_name(SCHEMA_FILE).read_text(encoding="utf-8")


def schema_text() -> str:
    """The schema file exactly as shipped (``docs/autoheal.schema.json`` must equal it)."""
    return _schema_text()


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(_schema_text())


def load_schema() -> dict:
    """A private (mutable) copy of the schema as a dict."""
    return copy.deepcopy(_schema())


def shared_schema() -> dict:
    """The cached schema dict; callers must not mutate it."""
    return _schema()
