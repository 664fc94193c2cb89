"""Turn JSON Schema errors into Problems a maintainer can act on.

jsonschema's own messages name schema keywords; these say what was expected at which key,
point at the value the user wrote (before workflow-auto-fix-shape migration) and add a fix hint.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .fastcheck import surely_valid
from .marks import Marks
from .migrate import Migration
from .paths import format_path, show_key
from .problems import Problem
from .schema import shared_schema
from .suggest import closest, did_you_mean

if TYPE_CHECKING:  # imported when a config file is validated, not by every command (start-up time)
    import jsonschema

_TYPE_WORDS = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def describe_value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _expected_types(types) -> str:
    types = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPE_WORDS.get(t, t) for t in types)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(shared_schema(), format_checker=jsonschema.FormatChecker())


def _leaf_index() -> dict[str, list[str]]:
    """Key name -> every dotted path where the schema declares it (for 'wrong section' hints)."""
    index: dict[str, list[str]] = {}

    def walk(node, prefix):
        for key, child in node.get("properties", {}).items():
            if child.get("deprecated"):
                continue
            index.setdefault(key, []).append(".".join(prefix + (key,)))
            walk(child, prefix + (key,))

    walk(shared_schema(), ())
    return index


# When one value breaks several rules, report only the most basic one ("expected text"
# says more than "does not match the pattern" about a number).
_RANK = {"type": 0, "const": 1, "enum": 1, "minLength": 2, "maxLength": 2, "minItems": 2,
         "minimum": 2, "maximum": 2, "format": 3, "pattern": 3, "uniqueItems": 4}


def schema_problems(migration: Migration, marks: Marks, source: str) -> list[Problem]:
    if surely_valid(migration.document, shared_schema()):
        return []  # jsonschema would find nothing: spare its import, 60-90 ms of a stage's start-up (fastcheck.py)
    best: dict[str, tuple[int, Problem]] = {}
    for error in _validator().iter_errors(migration.document):
        rank = _RANK.get(error.validator, 5)
        for problem in _explain(error, migration, marks, source):
            if problem.path not in best or rank < best[problem.path][0]:
                best[problem.path] = (rank, problem)
    return [problem for _, problem in best.values()]


def _explain(error: jsonschema.ValidationError, migration: Migration, marks: Marks, source: str) -> list[Problem]:
    native = tuple(error.absolute_path)
    written = migration.original(native)
    node, value, kind = error.schema, error.instance, error.validator

    def at_value(message: str, hint: str = "", path=written) -> Problem:
        where = marks.of_value(path) or (None, None)
        return Problem(source, *where, format_path(path), message, hint)

    if "propertyNames" in error.absolute_schema_path:
        child = written + (value,)
        where = marks.of_key(child) or (None, None)
        if kind == "not":
            return [Problem(source, *where, format_path(child), "expected another id: 'unknown' is reserved for "
                            "failures no rule matches")]
        if kind == "enum":
            choices = [str(c) for c in error.validator_value]
            return [Problem(source, *where, format_path(child), f"unknown key in {format_path(written)}",
                            did_you_mean(str(value), choices))]
        return [Problem(source, *where, format_path(child),
                        "expected an id of letters, digits, '_' or '-' (at most 40, starting with a letter or digit)")]
    if kind in ("anyOf", "oneOf"):
        # Prefer what went wrong inside the branch of the value's own shape (a bad list item),
        # else say which shapes are accepted.
        here = len(error.absolute_path)
        deeper = [e for e in error.context
                  if len(e.absolute_path) > here or "propertyNames" in e.absolute_schema_path
                  or e.validator not in ("type", "format", "anyOf", "oneOf")]
        if deeper:
            from jsonschema.exceptions import best_match

            branch = best_match(deeper).relative_schema_path[0]
            return [problem for e in deeper if e.relative_schema_path[0] == branch
                    for problem in _explain(e, migration, marks, source)]
        expected = node.get("x-expected") or error.message
        return [at_value(f"{expected}, got {describe_value(value)}")]
    if kind == "additionalProperties":
        known = [k for k, child in node.get("properties", {}).items() if not child.get("deprecated")]
        out = []
        for key in value:
            if key in known:
                continue
            child = written + (key,)
            hint = did_you_mean(key, known)
            if not hint:
                elsewhere = _leaf_index().get(key) or _leaf_index().get(closest(key, list(_leaf_index())) or "", [])
                if elsewhere:
                    hint = f"did you mean '{elsewhere[0]}'?"
            where = marks.of_key(child) or (None, None)
            section = format_path(written) or "the top level"
            out.append(Problem(source, *where, format_path(child), f"unknown key in {section}", hint))
        return out
    if kind == "type":
        return [at_value(f"expected {_expected_types(error.validator_value)}, got {describe_value(value)}",
                         _type_hint(error.validator_value, value, written))]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return [at_value(f"expected one of {', '.join(choices)}; got {describe_value(value)}", hint)]
    if kind == "const":
        return [at_value(f"expected {error.validator_value!r}, got {describe_value(value)}")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return [at_value(f"expected {_range_words(node)}, got {value}")]
    if kind == "minLength":
        return [at_value("expected non-empty text" if error.validator_value == 1
                         else f"expected at least {error.validator_value} characters")]
    if kind == "maxLength":
        return [at_value(f"expected at most {error.validator_value} characters, got {len(value)}")]
    if kind == "minItems":
        n = error.validator_value
        return [at_value(f"expected at least {n} item{'s' if n != 1 else ''}, got {len(value)}")]
    if kind == "uniqueItems":
        seen, dupes = [], []
        for item in value:
            (dupes if item in seen else seen).append(item)
        return [at_value(f"expected no duplicates, got {', '.join(repr(d) for d in dupes)} more than once")]
    if kind == "pattern":
        hint = ""
        if isinstance(value, str) and value.startswith("@"):
            hint = f"write it without '@': {show_key(value[1:])}"
        elif isinstance(value, str) and "/" in value and "team slug" in node.get("x-expected", ""):
            hint = f"drop the organization: {show_key(value.rsplit('/', 1)[-1])}"
        return [at_value(node.get("x-expected", f"expected text matching {error.validator_value}") + f", got {describe_value(value)}",
                         hint)]
    if kind == "format":
        return [at_value(f"expected a {error.validator_value} (YYYY-MM-DD), got {describe_value(value)}")]
    return [at_value(error.message)]


def _range_words(node: dict) -> str:
    what = "a whole number" if node.get("type") == "integer" else "a number"
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is not None and hi is not None:
        return f"{what} from {lo} to {hi}"
    if lo is not None:
        return f"{what} of at least {lo}"
    return f"{what} of at most {hi}"


def _type_hint(expected, value, path) -> str:
    expected = [expected] if isinstance(expected, str) else list(expected)
    if "array" in expected and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"write a list: [{value}]"
    if "boolean" in expected and isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "on", "off"):
        return "write true or false without quotes"
    if "integer" in expected and isinstance(value, float) and 0 < value <= 1 and path and "confidence" in str(path[-1]):
        return f"confidence is 0-100: did you mean {round(value * 100)}?"
    if ("integer" in expected or "number" in expected) and isinstance(value, str):
        try:
            float(value)
            return "write the number without quotes"
        except ValueError:
            return ""
    if "string" in expected and isinstance(value, bool):
        return "quote it: YAML reads yes/no/on/off/true/false as booleans"
    return ""
