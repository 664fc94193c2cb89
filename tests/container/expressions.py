"""GitHub Actions expressions, evaluated as GitHub does, for deciding which template jobs start (templatejobs.py).

Covers the operators (`!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses, `a.b` and
`a['b']`), literals and the pure functions `contains`, `startsWith`, `endsWith`, with GitHub's loose equality (strings compare case-insensitively, mixed kinds
compare as numbers) and truthiness; `||`/`&&` return an operand, not a boolean. Other functions are
not emulated: an expression that uses one fails loudly (UnsupportedExpression) instead of being
evaluated wrongly.
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping


class UnsupportedExpression(ValueError):
    """An expression this emulation cannot evaluate: extend it, never guess."""


TOKEN_RE = re.compile(r"""\s*(?:
    (?P<str>'(?:[^']|'')*')
  | (?P<num>-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?))
  | (?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\].,])
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
)""", re.VERBOSE)
TEMPLATE_RE = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = TOKEN_RE.match(text, pos)
        if not match or match.end() == pos:
            raise UnsupportedExpression(f"cannot read {text[pos:]!r} in {text!r}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


def truthy(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, "")


def to_number(value: Any) -> float:
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
        except ValueError:
            return math.nan
    return math.nan


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def loose_equal(a: Any, b: Any) -> bool:
    """GitHub's `==`: same kind compares directly (strings ignoring case, objects by identity);
    different kinds are both coerced to numbers (so `null == ''` and `'1' == 1` hold)."""
    kind_a, kind_b = _kind(a), _kind(b)
    if kind_a == kind_b:
        if kind_a == "string":
            return a.lower() == b.lower()
        if kind_a == "object":
            return a is b
        return a == b
    if "object" in (kind_a, kind_b):
        return False
    return to_number(a) == to_number(b)


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Parser:
    def __init__(self, text: str, contexts: Mapping[str, Any]):
        self.tokens, self.pos, self.contexts, self.text = tokenize(text), 0, contexts, text

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise UnsupportedExpression(f"expected {value or 'more'} in {self.text!r}")
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.peek() is not None:
            raise UnsupportedExpression(f"unexpected {self.peek()[1]!r} in {self.text!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.compare()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.compare()
            value = right if truthy(value) else value
        return value

    def compare(self) -> Any:
        value = self.unary()
        token = self.peek()
        if token and token[1] in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.unary()
            if op in ("==", "!="):
                return loose_equal(value, right) == (op == "==")
            a, b = to_number(value), to_number(right)
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        return value

    def unary(self) -> Any:
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.unary())
        return self.postfix(self.primary())

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "str":
            return value[1:-1].replace("''", "'")
        if kind == "num":
            return to_number(value)
        if value == "(":
            inner = self.or_()
            self.take(")")
            return inner
        if kind == "name":
            if self.peek() == ("op", "("):
                return self.call(value)
            literal = {"true": True, "false": False, "null": None}
            if value in literal:
                return literal[value]
            if value not in self.contexts:
                raise UnsupportedExpression(f"context {value!r} is not emulated ({self.text!r})")
            return self.contexts[value]
        raise UnsupportedExpression(f"unexpected {value!r} in {self.text!r}")

    def call(self, name: str) -> Any:
        """The functions GitHub documents for expressions, where they are pure (no job status)."""
        self.take("(")
        args: list[Any] = []
        while self.peek() != ("op", ")"):
            args.append(self.or_())
            if self.peek() == ("op", ","):
                self.take()
        self.take(")")
        function = FUNCTIONS.get(name.lower())
        if function is None:
            raise UnsupportedExpression(f"function {name}() is not emulated ({self.text!r})")
        return function(*args)

    def postfix(self, value: Any) -> Any:
        while self.peek() in (("op", "."), ("op", "[")):
            if self.take()[1] == ".":
                key = self.take()[1]
            else:
                key = to_text(self.or_())
                self.take("]")
            value = value.get(key) if isinstance(value, dict) else None
        return value


def _contains(search: Any, item: Any) -> bool:
    """`contains(array, item)` by loose equality; on text, a case-insensitive substring test."""
    if isinstance(search, (list, tuple)):
        return any(loose_equal(element, item) for element in search)
    return to_text(item).lower() in to_text(search).lower()


# https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#functions
FUNCTIONS = {
    "contains": _contains,
    "startswith": lambda text, prefix: to_text(text).lower().startswith(to_text(prefix).lower()),
    "endswith": lambda text, suffix: to_text(text).lower().endswith(to_text(suffix).lower()),
}


def evaluate_expression(text: str, contexts: Mapping[str, Any]) -> Any:
    return _Parser(text, contexts).parse()


def interpolate(value: Any, contexts: Mapping[str, Any]) -> str:
    """A `with:` value: a whole `${{ }}` keeps its value's text form; templates inside text splice."""
    if not isinstance(value, str):
        return to_text(value)
    return TEMPLATE_RE.sub(lambda m: to_text(evaluate_expression(m.group(1), contexts)), value)


def condition(expr: Any, contexts: Mapping[str, Any]) -> bool:
    if expr is None:
        return True
    if isinstance(expr, bool):
        return expr
    text = str(expr).strip()
    whole = TEMPLATE_RE.fullmatch(text)
    return truthy(evaluate_expression(whole.group(1) if whole else text, contexts))
