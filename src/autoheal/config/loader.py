"""``load_config``: text in, a validated read-only ``Config`` out (or every problem at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .defaults import default_config, merge_defaults
from .model import Config
from .paths import format_path
from .problems import ConfigError
from .schema import shared_schema

if TYPE_CHECKING:
    from .migrate import Migration

DEFAULT_SOURCE = ".github/autoheal.yml"


def load_config(text: str | None, source: str = DEFAULT_SOURCE) -> Config:
    """Parse, migrate (workflow-auto-fix shape), validate and fill defaults. ``None`` -> all defaults.

    Raises ``ConfigError`` listing every problem; ``cfg.notices`` says what was migrated.
    """
    if text is None:  # no file: nothing to check, so the validator (YAML, schema walk) is not even imported
        return Config(merge_defaults({}, default_config(), shared_schema()), source=source, notices=[])
    from .validate import check_text

    checked = check_text(text, source)
    if checked.problems:
        raise ConfigError(checked.problems)
    merged = merge_defaults(checked.document, default_config(), shared_schema())
    return Config(merged, source=source, notices=migration_notices(checked.migration, source))


def migration_notices(migration: Migration | None, source: str) -> list[str]:
    """One line saying the workflow-auto-fix shape was read, one per moved key, one per key autoheal does not use."""
    if migration is None:
        return []
    notices = []
    if migration.moves:
        notices.append(f"{source}: workflow-auto-fix-shape configuration read as native autoheal configuration")
    for seed_path, native_path in migration.moves:
        notices.append(f"{source}: {format_path(seed_path)} is read as {format_path(native_path)}")
    for path, why in migration.unused:
        notices.append(f"{source}: {format_path(path)} is not used by autoheal: {why}")
    return notices
