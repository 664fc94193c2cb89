"""The knowledge base: categories and patterns loaded from kb.yml, compiled with RE2.

Why RE2: it runs in time linear in the input whatever the pattern, so a user's
pattern such as ``(a+)+$`` cannot hang the action on a long line, and its DFA scans
whole multi-MiB buffers at hundreds of MB/s, which Python's ``re`` cannot (see
docs/analysis.md for the measurements).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import re2

from .logformat import line_text_bytes

UNKNOWN = "unknown"
USER_PATTERN_WEIGHT = 0.95
STEP_HINT_WEIGHT = 0.4
DEFAULT_CONFIDENCE = 80
_MAX_MEM = 64 << 20

# Structural lines the scanner must see even though they are not errors.
STRUCTURE_PATTERNS = (
    r"##\[group\]",
    r"##\[endgroup\]",
    r"##\[error\]",
    r"##\[warning\]",
    r"##\[section\]Starting: ",  # Azure Pipelines' step header
    r"Process completed with exit code",
    r"Post job cleanup\.",
    r"Cleaning up orphan processes",
    r"\[Pipeline\] \{ \(",
    r"marked build as failure",
    r"Finished: (?:FAILURE|SUCCESS|ABORTED|UNSTABLE)",
    r"section_start:\d+:",
    r"Job failed",
)

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


class RuleError(ValueError):
    """A rule in the knowledge base or the user's config is invalid; ``key`` names it."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Pattern:
    """One regex that, when it matches a line, is evidence for ``category``."""

    index: int
    category: str  # category id, "" for generic failure markers
    regex: str
    weight: float
    compiled: Any = field(repr=False, compare=False)
    has_groups: bool = False
    user: bool = False

    def groups(self, text: str) -> dict[str, str]:
        """Named groups captured on ``text`` (empty when the pattern has none)."""
        if not self.has_groups:
            return {}
        m = self.compiled.search(text)
        if not m:
            return {}
        return {k: v for k, v in m.groupdict().items() if v}

    def muted(self, cap: float | None = None) -> Pattern:
        """This pattern voting for no category: the line it matched stays a key-line candidate (a generic error
        mark), its weight at most ``cap`` when given."""
        weight = self.weight if cap is None else min(self.weight, cap)
        return Pattern(self.index, "", self.regex, weight, self.compiled, False, self.user)


@dataclass(frozen=True)
class Category:
    """A failure category with the metadata the rest of autoheal needs."""

    id: str
    confidence: int
    fix_type: str | None
    auto_pr: bool
    hint: str
    dominant: bool = False
    user: bool = False
    step_hints: tuple[Any, ...] = ()
    outranks: tuple[str, ...] = ()


class KnowledgeBase:
    """Compiled categories, a one-pass prefilter, and per-line classification."""

    def __init__(self, categories: dict[str, Category], patterns: list[Pattern], noise: list[str],
                 known_parts: Mapping[str, list[str]] | None = None):
        self.categories = categories
        self.patterns = patterns
        self._noise_sources = noise
        self._noise = _compile_set(noise, "noise") if noise else None
        self._set = _compile_set([p.regex for p in patterns], "patterns")
        self.prefilter_source = prefilter_source([p.regex for p in patterns], known_parts)
        self._structure: Any = None  # STRUCTURE_PATTERNS as one regex, compiled on first use (see matches_raw)
        options = re2.Options()
        options.case_sensitive = False
        options.never_capture = True
        options.max_mem = _MAX_MEM
        try:
            self.prefilter = re2.compile(self.prefilter_source.encode(), options)
        except re2.error as exc:  # pragma: no cover - each part compiled fine alone
            raise RuleError("prefilter", str(exc)) from exc

    def category(self, category_id: str) -> Category:
        """The category with this id; ``unknown`` for ids the KB does not have."""
        if category_id in self.categories:
            return self.categories[category_id]
        return Category(UNKNOWN, 0, None, False, "No known failure pattern matched: read the key and novel lines.")

    def match(self, text: str) -> list[Pattern]:
        """All patterns that match one cleaned line."""
        hits = self._set.Match(text.encode("utf-8", "surrogatepass"))
        if not hits:
            return []
        return [self.patterns[i] for i in sorted(hits)]

    def matches_raw(self, raw: bytes) -> bool:
        """A candidate line counts: a pattern matches its cleaned text (as classification reads it), or
        a structural line (a step marker, ``##[error]``) is in its ``raw`` bytes, without case as the
        prefilter reads it. Noise patterns alone do not make a line count.

        Exactly lines any prefilter built from these patterns must pass: the scan keeps only these
        (analyze), so the analysis does not depend on how loose the prefilter's literals are (#17, #21)."""
        if self._set.Match(line_text_bytes(raw)):
            return True
        if self._structure is None:
            options = re2.Options()
            options.case_sensitive = False
            options.never_capture = True
            self._structure = re2.compile("|".join(STRUCTURE_PATTERNS).encode(), options)
        return self._structure.search(raw) is not None

    def is_noise(self, text: str) -> bool:
        """True for boilerplate lines that never help a human (see kb.yml `noise`)."""
        return bool(self._noise and self._noise.Match(text.encode("utf-8", "surrogatepass")))

    def step_evidence(self, step_text: str) -> list[tuple[str, float]]:
        """Categories suggested by the failing step's name or command."""
        found = []
        for cat in self.categories.values():
            if any(h.search(step_text) for h in cat.step_hints):
                found.append((cat.id, STEP_HINT_WEIGHT))
        return found


def _compile_set(regexes: list[str], what: str) -> Any:
    options = re2.Options()
    options.max_mem = _MAX_MEM
    s = re2.Set.SearchSet(options)
    for rx in regexes:
        s.Add(rx)
    s.Compile()
    return s


def prefilter_source(regexes: list[str], known_parts: Mapping[str, list[str]] | None = None) -> str:
    """One alternation that finds every line any pattern could match (a superset).

    Each pattern is reduced to the longest literal every match must contain (per
    top-level branch), so the scan is one case-insensitive multi-literal search,
    which RE2's DFA runs at hundreds of MB/s. A branch without a literal of at
    least 3 characters goes in as a regex: leading ``^`` dropped (raw lines still
    carry timestamps), named groups made plain, multi-line mode for ``$``.
    ``known_parts`` holds :func:`prefilter_parts` already worked out (kb.yml's, see kbcache.py).
    """
    parts = []
    for rx in list(regexes) + list(STRUCTURE_PATTERNS):
        known = known_parts.get(rx) if known_parts else None
        parts.extend(known if known is not None else prefilter_parts(rx))
    return "(?m)" + "|".join(dict.fromkeys(parts))


def prefilter_parts(rx: str) -> list[str]:
    """The prefilter's alternatives for one pattern: its branches' required literals (escaped) or
    the branches themselves as regexes. A pure function of ``rx``, so kb.yml's can be cached."""
    parts = []
    for branch in _top_level_branches(rx):
        literals = _required_literals(branch)
        if literals:
            parts.extend(re2.escape(lit) for lit in literals)
            continue
        branch = _NAMED_GROUP.sub("(?:", branch)
        if branch.startswith("(?i)"):
            branch = branch[4:]
        if branch.startswith("^"):
            branch = branch[1:]
        parts.append(f"(?:{branch})")
    return parts


MIN_LITERAL = 4
MIN_GROUP_LITERAL = 5
_ESCAPED_LITERAL = set("\\.[](){}*+?|^$/-'\"`#@!%&~:;,<>=_ ")


def _top_level_branches(rx: str) -> list[str]:
    """Split a regex on ``|`` outside groups and classes."""
    prefix = ""
    if rx.startswith("(?i)"):
        prefix, rx = "(?i)", rx[4:]
    branches, depth, in_class, cur, i = [], 0, False, [], 0
    while i < len(rx):
        ch = rx[i]
        if ch == "\\":
            cur.append(rx[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(prefix + "".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    branches.append(prefix + "".join(cur))
    return branches


def _required_literal(branch: str) -> str | None:
    """The longest run of literal characters every match of ``branch`` contains."""
    if branch.startswith("(?i)"):
        branch = branch[4:]
    best, run, i, n = "", [], 0, len(branch)

    def flush() -> None:
        nonlocal best, run
        if len("".join(run)) > len(best):
            best = "".join(run)
        run = []

    while i < n:
        ch = branch[i]
        if ch == "\\" and i + 1 < n:
            nxt = branch[i + 1]
            lit = nxt if nxt in _ESCAPED_LITERAL else None
            i += 2
        elif ch in "([.^$|":
            flush()
            if ch == "(":
                i = _skip_group(branch, i)
            elif ch == "[":
                i = _skip_class(branch, i)
            else:
                i += 1
            # a quantifier after a group/class/dot: nothing to keep
            if i < n and branch[i] in "?*+{":
                i = _skip_quantifier(branch, i)
            continue
        else:
            lit = ch
            i += 1
        if lit is None:
            flush()
            if i < n and branch[i] in "?*+{":
                i = _skip_quantifier(branch, i)
            continue
        if i < n and branch[i] in "?*{":
            # optional or counted: the char may be absent (or repeated)
            flush()
            i = _skip_quantifier(branch, i)
            continue
        run.append(lit)
        if i < n and branch[i] == "+":
            flush()
            i = _skip_quantifier(branch, i)
    flush()
    return best if best.strip() else None


_COMMON_WORDS = frozenset(
    "error errors fail failed failure failures found assert line http https example examples expected "
    "actual exception warning test tests build run file lint status return returned make exit code "
    "from copy add generated group".split()
)


def _literal_score(literals: list[str]) -> int:
    """How selective a set of literals is: its shortest member's length, 0 if any
    is a word most CI logs are full of."""
    if not literals or any(not lit.strip() or lit.strip().lower() in _COMMON_WORDS for lit in literals):
        return 0
    return min(len(lit) for lit in literals) if len(literals) == 1 else min(len(lit) for lit in literals) - 1


def _required_literals(branch: str) -> list[str] | None:
    """Literals one of which every match contains: a single run, or the
    alternatives of an unquantified top-level group (``(?:Error|Exception)``).
    None when nothing selective enough exists (the branch is then scanned as a regex)."""
    options: list[list[str]] = []
    single = _required_literal(branch)
    if single:
        options.append([single])
    body = branch[4:] if branch.startswith("(?i)") else branch
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _skip_class(body, i)
            continue
        if ch == "(":
            end = _skip_group(body, i)
            quantified = end < len(body) and body[end] in "?*{"
            inner = body[i + 1 : end - 1]
            if inner.startswith("?:"):
                inner = inner[2:]
            elif inner.startswith("?P<"):
                inner = inner[inner.index(">") + 1 :]
            elif inner.startswith("?"):
                inner = None
            if inner is not None and not quantified:
                lits = [_required_literal(b) for b in _top_level_branches(inner)]
                if all(lits):
                    options.append(lits)
            i = end
            continue
        i += 1
    if not options:
        return None
    best = max(options, key=_literal_score)
    return best if _literal_score(best) >= MIN_LITERAL else None


def _skip_group(rx: str, i: int) -> int:
    depth = 0
    while i < len(rx):
        ch = rx[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _skip_class(rx, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _skip_class(rx: str, i: int) -> int:
    i += 1
    if i < len(rx) and rx[i] == "^":
        i += 1
    if i < len(rx) and rx[i] == "]":
        i += 1
    while i < len(rx) and rx[i] != "]":
        i += 2 if rx[i] == "\\" else 1
    return i + 1


def _skip_quantifier(rx: str, i: int) -> int:
    if rx[i] == "{":
        j = rx.find("}", i)
        i = j + 1 if j != -1 else i + 1
    else:
        i += 1
    if i < len(rx) and rx[i] == "?":
        i += 1
    return i


def _check_regex(key: str, regex: Any) -> str:
    if not isinstance(regex, str) or not regex:
        raise RuleError(key, "must be a non-empty string (a regular expression)")
    try:
        _compile(regex)
    except re2.error as exc:
        raise RuleError(key, f"invalid regular expression for RE2: {exc}") from None
    return regex


@functools.lru_cache(maxsize=None)
def _compile(regex: str) -> Any:
    """RE2 objects are immutable: checking a pattern and compiling it for use share one compile."""
    options = re2.Options()
    options.max_mem = _MAX_MEM
    return re2.compile(regex, options)


class _LazyRegex:
    """A built-in pattern compiled on first use: only patterns with named groups are ever
    searched on their own (``Pattern.groups``), so a small analysis compiles a handful of
    the ~350, not all of them (start-up, #21). The knowledge base's RE2 set has parsed
    every one of them already, so a first use cannot fail."""

    __slots__ = ("regex", "_rx")

    def __init__(self, regex: str):
        self.regex = regex
        self._rx: Any = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_rx":  # copy/pickle probing an instance without slots set
            raise AttributeError(name)
        if self._rx is None:
            self._rx = _compile(self.regex)
        return getattr(self._rx, name)


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[dict[str, Any], dict[str, list[str]]]:
    # Imported here, not at the top: `python -m autoheal.analysis.kbcache` must be the first to run it.
    from . import kbcache

    return kbcache.load()


def _builtin_data() -> dict[str, Any]:
    """kb.yml's data (from its generated JSON form while that is up to date: no YAML at start-up)."""
    return _builtin()[0]


def _builtin_parts() -> dict[str, list[str]]:
    """kb.yml's patterns' prefilter parts, worked out when kb.generated.json was written."""
    return _builtin()[1]


def _confidence(key: str, value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(key, "must be a number from 0 to 100")
    if isinstance(value, float) and 0 < value <= 1:
        value = value * 100  # seed configs sometimes write 0.9 for 90
    if not 0 <= value <= 100:
        raise RuleError(key, "must be a number from 0 to 100")
    return int(round(value))


def load_kb(custom: Mapping[str, Any] | None = None) -> KnowledgeBase:
    """Build the knowledge base: built-in kb.yml plus the user's ``categories``.

    ``custom`` has the seed/config shape ``{name: {pattern, confidence, fix_type,
    auto_pr, hint}}``. A name that is a built-in id overrides that category's
    metadata and adds its pattern; any other name adds a category. A bad entry
    raises :class:`RuleError` naming ``categories.<name>.<field>``.
    """
    data = _builtin_data()
    categories: dict[str, Category] = {}
    patterns: list[Pattern] = []

    # Built-in regexes are checked all at once by compiling the knowledge base's set (below); one
    # compile per pattern would be most of a small analysis's start-up. User regexes are checked here.
    deferred: list[tuple[str, Any]] = []

    def builtin(key: str, regex: Any) -> str:
        if not isinstance(regex, str) or not regex:
            _check_regex(key, regex)
        deferred.append((key, regex))
        return regex

    def add_pattern(cat_id: str, regex: str, weight: float, user: bool = False) -> None:
        patterns.append(
            Pattern(
                index=len(patterns),
                category=cat_id,
                regex=regex,
                weight=float(weight),
                compiled=_compile(regex) if user else _LazyRegex(regex),
                has_groups="(?P<" in regex,
                user=user,
            )
        )

    user_entries: dict[str, Mapping[str, Any]] = {}
    for name, entry in (custom or {}).items():
        key = f"categories.{name}"
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", name):
            raise RuleError(key, "category names are 1-64 letters, digits, '_', '-', '.' or ':'")
        if name == UNKNOWN:
            raise RuleError(key, "'unknown' is reserved for failures no rule matches")
        if entry is None:
            entry = {}
        if not isinstance(entry, Mapping):
            raise RuleError(key, "must be a mapping with pattern, confidence, fix_type, auto_pr")
        if "pattern" in entry and entry["pattern"] is not None:
            _check_regex(f"{key}.pattern", entry["pattern"])
        elif name not in data["categories"]:
            raise RuleError(f"{key}.pattern", "a new category needs a pattern")
        if "auto_pr" in entry and not isinstance(entry["auto_pr"], bool):
            raise RuleError(f"{key}.auto_pr", "must be true or false")
        if entry.get("fix_type") is not None and not isinstance(entry["fix_type"], str):
            raise RuleError(f"{key}.fix_type", "must be a string")
        if entry.get("hint") is not None and not isinstance(entry["hint"], str):
            raise RuleError(f"{key}.hint", "must be a string")
        user_entries[name] = entry

    # User patterns come first so they win ties and are listed first.
    for name, entry in user_entries.items():
        if entry.get("pattern"):
            add_pattern(name, entry["pattern"], USER_PATTERN_WEIGHT, user=True)

    for i, g in enumerate(data.get("generic", [])):
        add_pattern("", builtin(f"kb.generic[{i}]", g["regex"]), g["weight"])

    for cat_id, spec in data["categories"].items():
        user = user_entries.get(cat_id, {})
        for i, p in enumerate(spec.get("patterns", [])):
            add_pattern(cat_id, builtin(f"kb.{cat_id}.patterns[{i}]", p["regex"]), p["weight"])
        categories[cat_id] = Category(
            id=cat_id,
            confidence=_confidence(f"categories.{cat_id}.confidence", user.get("confidence"), spec["confidence"]),
            fix_type=user.get("fix_type", spec.get("fix_type")),
            auto_pr=bool(user.get("auto_pr", spec.get("auto_pr", False))),
            hint=user.get("hint") or spec.get("hint", ""),
            dominant=bool(spec.get("dominant", False)),
            user=bool(user),
            step_hints=tuple(_compile(h) for h in spec.get("step_hints") or ()),
            outranks=tuple(spec.get("outranks") or ()),
        )

    for name, entry in user_entries.items():
        if name in categories:
            continue
        categories[name] = Category(
            id=name,
            confidence=_confidence(f"categories.{name}.confidence", entry.get("confidence"), DEFAULT_CONFIDENCE),
            fix_type=entry.get("fix_type"),
            auto_pr=bool(entry.get("auto_pr", False)),
            hint=entry.get("hint") or f"Matched the configured pattern for '{name}'.",
            user=True,
        )

    noise = [builtin(f"kb.noise[{i}]", rx) for i, rx in enumerate(data.get("noise", []))]
    try:
        return KnowledgeBase(categories, patterns, noise, _builtin_parts())
    except re2.error:
        for key, regex in deferred:  # name the built-in pattern RE2 refused
            _check_regex(key, regex)
        raise


@functools.lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The built-in knowledge base, compiled once per process."""
    return load_kb(None)
