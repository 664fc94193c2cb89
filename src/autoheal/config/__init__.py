"""Configuration (``.github/autoheal.yml``): schema, loading, validation, workflow-auto-fix-shape migration.

Every stage calls ``load_config`` before doing anything, so a bad file fails fast and
lists every mistake at once.
"""

from .defaults import DEFAULTS, category_defaults
from .loader import DEFAULT_SOURCE, load_config
from .model import Config
from .problems import ConfigError, Problem
from .schema import load_schema

__all__ = [
    "DEFAULTS",
    "DEFAULT_SOURCE",
    "Config",
    "ConfigError",
    "Problem",
    "category_defaults",
    "load_config",
    "load_schema",
    "validate_text",
]


def __getattr__(name: str):
    # The validator (YAML, the schema walk, regex checks) loads only when a config text is checked:
    # a run without a config file never needs it (start-up, #21).
    if name == "validate_text":
        from .validate import validate_text

        return validate_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
