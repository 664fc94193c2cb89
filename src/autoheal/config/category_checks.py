"""What the schema cannot say about ``categories``: patterns must compile under RE2 (the
analyzer's engine), and an entry without a pattern must override a built-in category."""

from __future__ import annotations

from functools import lru_cache

import re2
import yaml

from .marks import Marks
from .migrate import Migration
from .paths import format_path
from .problems import Problem
from .suggest import did_you_mean

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # the error goes into the Problem, not to stderr


def regex_error(pattern: str) -> str | None:
    """None if RE2 (the analyzer's engine) accepts ``pattern``, else RE2's reason."""
    try:
        re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    except (TypeError, ValueError) as exc:  # e.g. a NUL character
        return str(exc)
    return None


def _regex_hint(reason: str) -> str:
    if "invalid escape sequence: \\" in reason and reason[-1:].isdigit():
        return "RE2 has no backreferences"
    if "invalid perl operator: (?=" in reason or "(?!" in reason or "(?<" in reason:
        return "RE2 has no lookahead or lookbehind"
    if "(?P=" in reason or reason.endswith("(?P"):
        return "RE2 has no named backreferences"
    if "repetition operator" in reason:
        return "RE2 has no possessive quantifiers"
    return ""


def regex_problems(migration: Migration, marks: Marks, source: str) -> list[Problem]:
    problems = []
    categories = migration.document.get("categories")
    if not isinstance(categories, dict):
        return problems
    for cid, entry in categories.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str) or not entry["pattern"]:
            continue
        reason = regex_error(entry["pattern"])
        if reason is not None:
            written = migration.original(("categories", cid, "pattern"))
            where = marks.of_value(written) or (None, None)
            problems.append(Problem(source, *where, format_path(written),
                                    f"expected a regular expression in RE2 syntax: {reason}", _regex_hint(reason)))
    return problems


@lru_cache(maxsize=1)
def builtin_category_ids() -> frozenset[str] | None:
    """Ids of the analyzer's built-in categories (the keys of ``categories`` in its kb.yml),
    or None when the analysis package ships no knowledge base."""
    from importlib import resources

    try:
        text = resources.files("autoheal.analysis").joinpath("kb.yml").read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return frozenset(data["categories"])
    except (ModuleNotFoundError, FileNotFoundError, OSError, KeyError, TypeError, yaml.YAMLError):
        return None


def missing_pattern_problems(migration: Migration, marks: Marks, source: str) -> list[Problem]:
    """An entry without a pattern only makes sense as an override of a built-in category."""
    categories = migration.document.get("categories")
    if not isinstance(categories, dict):
        return []
    patternless = [cid for cid, entry in categories.items()
                   if isinstance(entry, dict) and entry.get("pattern") is None]
    if not patternless:
        return []  # the common case never pays for reading the knowledge base
    builtin = builtin_category_ids()
    if builtin is None:
        return []
    problems = []
    for cid in patternless:
        if cid in builtin:
            continue
        written = migration.original(("categories", cid))
        where = marks.of_key(written) or (None, None)
        hint = did_you_mean(cid, sorted(builtin))
        problems.append(Problem(source, *where, format_path(written),
                                "expected a pattern: this is not a built-in category, so it is new and needs one",
                                hint or "built-in ids: " + ", ".join(sorted(builtin))))
    return problems
