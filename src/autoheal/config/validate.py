"""Validate config text and report every problem with ``file:line:col`` and the key path.

Order of work: parse (YAML errors stop here), normalise what YAML 1.1 turns into
non-JSON values, move seed-shape keys, check against the schema, then check what the
schema cannot express (regexes compile under RE2, duplicate keys).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import jsonschema
import re2
import yaml

from .marks import Marks, TooLarge, parse
from .migrate import Migration, migrate
from .problems import Problem
from .schema import shared_schema
from .suggest import closest, did_you_mean

MAX_CONFIG_CHARS = 1_000_000  # a real config is a few KB; anything this big is a mistake
MAX_NODES = 100_000  # caps alias expansion ("billion laughs") before anything copies the tree


@dataclass
class Checked:
    """The outcome of checking one text: problems, and the native-shaped document if usable."""

    problems: list[Problem]
    document: dict = field(default_factory=dict)
    migration: Migration | None = None


MAX_KEY_SHOWN = 60


def show_key(key) -> str:
    """A key as it can safely appear in one line of output: control characters escaped (a key
    cannot forge extra output lines or workflow commands), long keys shortened."""
    text = str(key)
    if not text.isprintable():
        text = repr(text)[1:-1]
    return text if len(text) <= MAX_KEY_SHOWN else text[: MAX_KEY_SHOWN - 3] + "..."


def format_path(path) -> str:
    """``("issues", "labels", 0)`` -> ``"issues.labels[0]"``."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + show_key(part)
    return out


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
        return Checked([Problem(source, *where, "", f"expected a mapping of keys to values, got {_kind(raw)}")])

    problems: list[Problem] = []
    document = _normalise(raw, (), marks, source, problems)
    migration = migrate(document)
    for path, message, hint, at_key in migration.mistakes:
        where = (marks.of_key(path) if at_key else marks.of_value(path)) or (None, None)
        problems.append(Problem(source, *where, format_path(path), message, hint))
    for native_path, seen_at, first_at in marks.duplicates:
        problems.append(Problem(source, *seen_at, format_path(native_path),
                                f"duplicate key (first given at line {first_at[0]}); YAML keeps only the last"))
    problems.extend(_schema_problems(migration, marks, source))
    problems.extend(_regex_problems(migration, marks, source))
    problems.extend(_missing_pattern_problems(migration, marks, source))
    problems = sorted(set(problems), key=lambda p: (p.line or 0, p.col or 0, p.path, p.message))
    return Checked(problems=problems, document=migration.document, migration=migration)


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
                                            f"expected a text key, got {_kind(key)}", hint))
                    continue
            out[key] = _normalise(child, path + (key,), marks, source, problems)
        return out
    if isinstance(value, list):
        return [_normalise(item, path + (i,), marks, source, problems) for i, item in enumerate(value)]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


# --- schema ------------------------------------------------------------------------------

_TYPE_WORDS = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _kind(value) -> str:
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


@__import__("functools").lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
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


def _schema_problems(migration: Migration, marks: Marks, source: str) -> list[Problem]:
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
            branch = jsonschema.exceptions.best_match(deeper).relative_schema_path[0]
            return [problem for e in deeper if e.relative_schema_path[0] == branch
                    for problem in _explain(e, migration, marks, source)]
        expected = node.get("x-expected") or error.message
        return [at_value(f"{expected}, got {_kind(value)}")]
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
        return [at_value(f"expected {_expected_types(error.validator_value)}, got {_kind(value)}",
                         _type_hint(error.validator_value, value, written))]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return [at_value(f"expected one of {', '.join(choices)}; got {_kind(value)}", hint)]
    if kind == "const":
        return [at_value(f"expected {error.validator_value!r}, got {_kind(value)}")]
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
        return [at_value(node.get("x-expected", f"expected text matching {error.validator_value}") + f", got {_kind(value)}",
                         hint)]
    if kind == "format":
        return [at_value(f"expected a {error.validator_value} (YYYY-MM-DD), got {_kind(value)}")]
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


# --- regexes -----------------------------------------------------------------------------

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


def _regex_problems(migration: Migration, marks: Marks, source: str) -> list[Problem]:
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


# --- new categories need a pattern ---------------------------------------------------------


@__import__("functools").lru_cache(maxsize=1)
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


def _missing_pattern_problems(migration: Migration, marks: Marks, source: str) -> list[Problem]:
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
