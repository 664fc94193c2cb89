"""Validate config text and report every problem with ``file:line:col`` and the key path.

Order of work: parse (YAML errors stop here), normalise what YAML 1.1 turns into
non-JSON values, move workflow-auto-fix-shape keys, check against the schema (explain.py), then
check what the schema cannot express (category_checks.py, duplicate keys).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import yaml

from .category_checks import builtin_category_ids, missing_pattern_problems, regex_error, regex_problems
from .explain import describe_value, schema_problems
from .marks import Marks, TooLarge, parse
from .migrate import Migration, migrate
from .paths import format_path, show_key
from .problems import Problem

MAX_CONFIG_CHARS = 1_000_000  # a real config is a few KB; anything this big is a mistake
MAX_NODES = 100_000  # caps alias expansion ("billion laughs") before anything copies the tree


@dataclass
class Checked:
    """The outcome of checking one text: problems, and the native-shaped document if usable."""

    problems: list[Problem]
    document: dict = field(default_factory=dict)
    migration: Migration | None = None


__all__ = ["Checked", "check_text", "validate_text", "format_path", "show_key", "regex_error",
           "builtin_category_ids"]


def validate_text(text: str | None, source: str = ".github/autoheal.yml") -> list[Problem]:
    """Every problem in ``text`` (empty list: the config is valid). ``None`` means no file."""
    return check_text(text, source).problems


def check_text(text: str | None, source: str = ".github/autoheal.yml") -> Checked:
    """Validate ``text``; also return the migrated document for ``load_config``."""
    if text is None:
        return Checked(problems=[])
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"config text must be str, bytes or None, not {type(text).__name__}")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Checked([Problem(source, None, None, "", f"expected UTF-8 text ({exc.reason} at byte {exc.start})")])
    if len(text) > MAX_CONFIG_CHARS:
        return Checked([Problem(source, None, None, "", f"expected at most {MAX_CONFIG_CHARS} characters, got {len(text)}")])
    try:
        raw, marks = parse(text, MAX_NODES)
    except yaml.YAMLError as exc:
        return Checked([_yaml_problem(exc, source, text)])
    except TooLarge:
        return Checked([Problem(source, 1, 1, "", f"expected at most {MAX_NODES} values (YAML aliases expand too far)")])
    except (ValueError, TypeError) as exc:  # a constructor refusing a value PyYAML resolved
        return Checked([Problem(source, None, None, "", f"expected valid YAML values: {exc}")])
    except RecursionError:
        return Checked([Problem(source, None, None, "", "expected a YAML document of reasonable depth")])
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        where = marks.of_value(()) or (1, 1)
        return Checked([Problem(source, *where, "", f"expected a mapping of keys to values, got {describe_value(raw)}")])

    problems: list[Problem] = []
    document = _normalise(raw, (), marks, source, problems)
    migration = migrate(document)
    for path, message, hint, at_key in migration.mistakes:
        where = (marks.of_key(path) if at_key else marks.of_value(path)) or (None, None)
        problems.append(Problem(source, *where, format_path(path), message, hint))
    for native_path, seen_at, first_at in marks.duplicates:
        problems.append(Problem(source, *seen_at, format_path(native_path),
                                f"duplicate key (first given at line {first_at[0]}); YAML keeps only the last"))
    problems.extend(schema_problems(migration, marks, source))
    problems.extend(regex_problems(migration, marks, source))
    problems.extend(missing_pattern_problems(migration, marks, source))
    problems = sorted(set(problems), key=lambda p: (p.line or 0, p.col or 0, p.path, p.message))
    return Checked(problems=problems, document=migration.document, migration=migration)


# Sections autoheal does not interpret: kept as given, so YAML 1.1 surprises there
# (an `on:` key read as a boolean) are not worth failing a run over.
FREE_FORM = ("notifications",)


def _normalise(value, path, marks: Marks, source: str, problems: list[Problem]):
    """Deep copy with YAML-only values made JSON-like; non-text keys reported (or, in free-form
    sections, kept as the text the user wrote)."""
    if isinstance(value, dict):
        out = {}
        for key, child in value.items():
            if not isinstance(key, str):
                written = marks.key_text.get(path + (key,), str(key))
                if path[:1] and path[0] in FREE_FORM:
                    key = written
                else:
                    where = marks.of_key(path + (key,)) or (None, None)
                    hint = "quote it: YAML reads yes/no/on/off as booleans" if isinstance(key, bool) else "quote it"
                    problems.append(Problem(source, *where, format_path(path + (written,)),
                                            f"expected a text key, got {describe_value(key)}", hint))
                    continue
            out[key] = _normalise(child, path + (key,), marks, source, problems)
        return out
    if isinstance(value, list):
        return [_normalise(item, path + (i,), marks, source, problems) for i, item in enumerate(value)]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what PyYAML counts as a new line


def _yaml_problem(exc: yaml.YAMLError, source: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    detail = " ".join(str(x) for x in (getattr(exc, "context", None), getattr(exc, "problem", None)) if x)
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        detail = f"{exc.reason} (U+{code:04X})"
    detail = " ".join((detail or str(exc)).split())  # one line, whatever the parser wrote
    lines = _YAML_LINE_BREAK.split(text)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):
        before = _YAML_LINE_BREAK.split(text[: exc.position])
        line, col = len(before), len(before[-1]) + 1
    else:
        return Problem(source, None, None, "", f"expected valid YAML: {detail}")
    if line > len(lines):  # libyaml reports "end of file" on the line after the last one
        line, col = len(lines), len(lines[-1]) + 1
    hint = ""
    if "flow" in detail and "did not find expected" in detail:
        hint = "inside [...] or {...}, quote values that contain , [ ] { } or ': '"
    elif lines[line - 1][col - 1 : col] == "\t" or lines[line - 1][:1] == "\t":
        hint = "indent with spaces, not tabs"
    return Problem(source, line, col, "", f"expected valid YAML: {detail}", hint)
