"""How the CLI spells options, in one place: one boolean style, and short forms of common choices.

Booleans are plain flags with a `--no-` form (`--dry-run` / `--no-dry-run`), as in every tool command
(`init --force`, `validate-config --json`, `demo --serve`). The old spelling with a value
(`--dry-run true`, `--dry-run=false`) is still read, so scripts written for it keep working; in a
container the action's inputs arrive as `INPUT_*` and are parsed by the runtime, not here.
"""

from __future__ import annotations

import argparse
from typing import Sequence

from .runtime import _FALSE, _TRUE

# command -> (option, the choice input it sets, the value): `sync-workflows --check` = `--mode check`.
SHORT_FORMS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "sync-workflows": (("--check", "mode", "check"),),
}


class BoolFlag(argparse.BooleanOptionalAction):
    """`--x` / `--no-x`, stored as the raw input strings "true" / "false" (the runtime parses them like
    `INPUT_X`, so a CLI option and an action input mean the same)."""

    def __call__(self, parser, namespace, values, option_string=None):
        if option_string in self.option_strings:
            setattr(namespace, self.dest, "false" if option_string.startswith("--no-") else "true")


def add_bool(parser: argparse.ArgumentParser, name: str, help_text: str) -> None:
    parser.add_argument(f"--{name}", dest=name, action=BoolFlag, default=None, help=help_text)


def add_short_forms(parser: argparse.ArgumentParser, command: str) -> None:
    for option, dest, value in SHORT_FORMS.get(command, ()):
        parser.add_argument(option, dest=dest, action="store_const", const=value,
                            help=f"short for --{dest} {value}")


def bool_options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for a in parser._actions if isinstance(a, BoolFlag) for s in a.option_strings  # noqa: SLF001
            if not s.startswith("--no-")}


def legacy_bool_values(argv: Sequence[str], flags: set[str]) -> list[str]:
    """`--flag true|false` and `--flag=VALUE` (the old form) -> `--flag` / `--no-flag`."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        name, eq, value = word.partition("=")
        if name in flags and eq:
            out.append(_spelled(name, value))
        elif word in flags and i + 1 < len(argv) and argv[i + 1].strip().lower() in _TRUE | _FALSE:
            out.append(_spelled(word, argv[i + 1]))
            i += 1
        else:
            out.append(word)
        i += 1
    return out


def _spelled(flag: str, value: str) -> str:
    low = value.strip().lower()
    if low in _TRUE:
        return flag
    if low in _FALSE:
        return "--no-" + flag[2:]
    return f"{flag}={value}"  # argparse then says the flag takes no value
