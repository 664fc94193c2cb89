"""Configuration (``.github/autoheal.yml``): schema, loading, validation, workflow-auto-fix-shape migration.

Every stage calls ``load_config`` before doing anything, so a bad file fails fast and
lists every mistake at once.
"""

from .defaults import DEFAULTS, category_defaults
from .loader import DEFAULT_SOURCE, load_config
from .model import Config
from .problems import ConfigError, Problem
from .schema import load_schema
from .validate import validate_text

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
