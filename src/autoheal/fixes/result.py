"""The one value every fix returns, so stages can treat all fixes alike."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


class EditCheckFailed(Exception):
    """A surgical edit did not produce exactly the intended change (an input layout we did not foresee).

    Fixes catch it and return an unchanged result: refusing is always better than committing a guess.
    """


@dataclass(frozen=True)
class FixResult:
    """What a fix did to one file.

    `changed` is False when the fix decided not to touch the file (already fixed, refused, unsupported
    layout); `summary` then says why in one line, so a stage can report it instead of guessing.
    """

    path: str
    old: str
    new: str
    changed: bool
    summary: str

    @classmethod
    def unchanged(cls, path: str, text: str, summary: str) -> FixResult:
        """A no-op result: the file stays byte-identical and `summary` explains why."""
        return cls(path=path, old=text, new=text, changed=False, summary=summary)

    @classmethod
    def edited(cls, path: str, old: str, new: str, summary: str) -> FixResult:
        """A result whose `changed` flag is derived from the texts, never asserted by hand."""
        return cls(path=path, old=old, new=new, changed=new != old, summary=summary)

    def diff(self, context: int = 3) -> str:
        """A unified diff of the change (empty when nothing changed), for dry-run output and PR bodies."""
        if not self.changed:
            return ""
        lines = difflib.unified_diff(
            self.old.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            fromfile=f"a/{self.path}",
            tofile=f"b/{self.path}",
            n=context,
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
