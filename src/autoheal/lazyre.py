"""Module-level regexes compiled on first use, not at import (start-up, #21).

Python's ``re`` compiles in Python: ~0.1 ms a pattern, and the analysis modules hold ~200 module-level
patterns, most of which a given log never needs (a Maven rule for a pytest failure). A module writes

    _FRAME = lazy_re(r"^\\s+at (?P<file>...)")

and uses ``_FRAME`` like the compiled pattern. The first use compiles it (same pattern, same flags: the
same object ``re.compile`` returns) and puts the compiled pattern in the module's globals in place of the
stand-in, so every later use is the plain compiled pattern: no cost on hot paths. A stand-in held
elsewhere (in a tuple, imported by name into another module) keeps working through delegation.

A broken pattern raises ``re.error`` at its first use rather than at import: the tests that import
every module and the start-up test (tests/analysis/test_startup_lazy.py) compile them all.
"""

from __future__ import annotations

import re
import sys
from typing import Any


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)`` until first used (see the module's docstring)."""

    __slots__ = ("_args", "_rx", "_globals")

    def __init__(self, pattern: str | bytes, flags: int, module_globals: dict[str, Any] | None):
        self._args = (pattern, flags)
        self._rx: re.Pattern | None = None
        self._globals = module_globals

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiled now if not yet), and the module's global rebound to it."""
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(*self._args)
            g, self._globals = self._globals, None
            if g is not None:
                for name, value in list(g.items()):
                    if value is self:
                        g[name] = rx
        return rx

    # The methods and attributes of re.Pattern, delegated.
    def search(self, *args: Any) -> Any:
        return self.compiled().search(*args)

    def match(self, *args: Any) -> Any:
        return self.compiled().match(*args)

    def fullmatch(self, *args: Any) -> Any:
        return self.compiled().fullmatch(*args)

    def finditer(self, *args: Any) -> Any:
        return self.compiled().finditer(*args)

    def findall(self, *args: Any) -> Any:
        return self.compiled().findall(*args)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().subn(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled().split(*args, **kwargs)

    @property
    def pattern(self) -> str | bytes:
        """The source, without compiling (a pattern built from another's source stays lazy)."""
        return self._args[0]

    def __getattr__(self, name: str) -> Any:  # flags, groups, groupindex, scanner
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy_re({self._args[0]!r}, {self._args[1]})"


def lazy_re(pattern: str | bytes, flags: int = 0) -> Any:
    """``re.compile(pattern, flags)``, deferred to the first use. For module-level patterns only."""
    return LazyPattern(pattern, flags, sys._getframe(1).f_globals)
