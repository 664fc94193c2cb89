"""A quick, conservative "is this document valid against the schema?" that needs no jsonschema import.

Importing jsonschema (with referencing, attrs and its format checkers) is 60-90 ms: most of the start-up of
a stage run with a config file (#21). Most config files are valid, and a valid document has no schema
errors to explain. So :func:`surely_valid` walks the document with the few keywords autoheal's schema uses
and answers True only when every keyword it met says valid for certain, with jsonschema's own semantics
(``integer`` takes 1.0 but not ``true``; ``pattern`` is ``re.search``; ``enum``/``const`` tell ``true``
from ``1``). Anything else — a keyword it does not know, a ``format`` (whose check depends on what is
installed), ``uniqueItems`` over non-strings, a document that breaks a rule — answers False, and the caller
runs jsonschema as before, so every problem and its wording come from jsonschema exactly as they did.
tests/config/test_fastcheck.py checks it against jsonschema on every config the tests hold and on
generated documents.
"""

from __future__ import annotations

import re
from typing import Any

VALID, INVALID, UNSURE = 1, 0, -1

# Keywords that never make a document invalid (annotations) in draft 2020-12, and autoheal's own x- notes.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples",
                          "deprecated", "readOnly", "writeOnly"})

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    # jsonschema: an int, or a float with no fractional part (1.0), never a bool
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def surely_valid(document: Any, schema: Any) -> bool:
    """True only when ``document`` is valid against ``schema`` for certain (see the module's docstring)."""
    return _check(document, schema) == VALID


def _same(a: Any, b: Any) -> int:
    """jsonschema's ``equal`` for the values an enum or const holds here (strings, numbers, bools, null)."""
    if isinstance(b, str) or b is None or isinstance(b, bool):
        return VALID if (type(a) is type(b) and a == b) else INVALID
    if isinstance(b, (int, float)) and isinstance(a, (int, float)) and not isinstance(a, bool):
        return VALID if a == b else INVALID
    if isinstance(b, (int, float)) and (isinstance(a, (str, bool, list, dict)) or a is None):
        return INVALID
    return UNSURE


def _check(value: Any, schema: Any) -> int:
    if schema is True:
        return VALID
    if schema is False:
        return INVALID
    if not isinstance(schema, dict):
        return UNSURE
    result = VALID
    for key, rule in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        got = _keyword(key, rule, value, schema)
        if got == INVALID:
            return INVALID
        if got == UNSURE:
            result = UNSURE
    return result


def _keyword(key: str, rule: Any, value: Any, schema: dict) -> int:  # noqa: C901 - one branch per keyword
    if key == "type":
        types = [rule] if isinstance(rule, str) else rule
        if not all(t in _TYPES for t in types):
            return UNSURE
        return VALID if any(_TYPES[t](value) for t in types) else INVALID
    if key in ("minLength", "maxLength"):
        if not isinstance(value, str):
            return VALID
        return VALID if (len(value) >= rule if key == "minLength" else len(value) <= rule) else INVALID
    if key == "pattern":
        if not isinstance(value, str):
            return VALID
        return VALID if re.search(rule, value) else INVALID
    if key in ("minimum", "maximum"):
        if not _TYPES["number"](value):
            return VALID
        return VALID if (value >= rule if key == "minimum" else value <= rule) else INVALID
    if key == "enum":
        answers = [_same(value, each) for each in rule]
        return VALID if VALID in answers else INVALID if all(a == INVALID for a in answers) else UNSURE
    if key == "const":
        return _same(value, rule)
    if key in ("minItems", "maxItems"):
        if not isinstance(value, list):
            return VALID
        return VALID if (len(value) >= rule if key == "minItems" else len(value) <= rule) else INVALID
    if key == "uniqueItems":
        if not rule or not isinstance(value, list):
            return VALID
        if not all(isinstance(v, str) for v in value):
            return UNSURE
        return VALID if len(set(value)) == len(value) else INVALID
    if key == "items":
        return _all(_check(v, rule) for v in value) if isinstance(value, list) else VALID
    if key == "properties":
        if not isinstance(value, dict):
            return VALID
        return _all(_check(value[k], sub) for k, sub in rule.items() if k in value)
    if key == "additionalProperties":
        if not isinstance(value, dict):
            return VALID
        if "patternProperties" in schema:
            return UNSURE
        known = schema.get("properties", {})
        return _all(_check(v, rule) for k, v in value.items() if k not in known)
    if key == "propertyNames":
        return _all(_check(k, rule) for k in value) if isinstance(value, dict) else VALID
    if key == "anyOf":
        answers = [_check(value, sub) for sub in rule]
        return VALID if VALID in answers else INVALID if all(a == INVALID for a in answers) else UNSURE
    if key == "not":
        inner = _check(value, rule)
        return INVALID if inner == VALID else VALID if inner == INVALID else UNSURE
    return UNSURE  # format, $ref, oneOf, ...: not decided here


def _all(answers: Any) -> int:
    result = VALID
    for a in answers:
        if a == INVALID:
            return INVALID
        if a == UNSURE:
            result = UNSURE
    return result
