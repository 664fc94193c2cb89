"""Problems found in a config file, and the one exception that carries all of them.

A maintainer fixing a config wants every mistake in one pass, so validation collects
``Problem`` records instead of stopping at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a config file, located as precisely as the YAML allows."""

    file: str
    line: int | None  # 1-based; None when the YAML could not be located (e.g. unparsable)
    col: int | None  # 1-based
    path: str  # dotted key path, e.g. "issues.reopen_window_days"; "" for the document itself
    message: str  # what was expected
    hint: str = ""  # e.g. "did you mean 'labels'?"

    def location(self) -> str:
        """``file:line:col`` (or just ``file`` when the position is unknown)."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.location()}: {where}{self.message}{hint}"

    def to_dict(self) -> dict:
        """A JSON-ready form for ``validate-config --json``."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class ConfigError(ValueError):
    """Raised by ``load_config`` with every problem in the file, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in configuration"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))
