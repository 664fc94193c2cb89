"""How benchmarks/accuracy.py decides that a labeled specific was found (fair in both directions).

The project reports these figures, so a match must neither reward a vague answer (a short
substring of the label) nor refuse a right answer written in another accepted form. Rules:

file      Label "path", "path:line" or "path:line:col"; an answer location matches when one path
          ends with the other AT A `/` BOUNDARY (or they are equal) — after lower-casing, `\\` -> `/`,
          and dropping leading `./` and `../` segments — and, when the label has a line, the
          location has that same line. "b.py" matches "pkg/b.py", never "pkg/ab.py".
module    A version is not part of a module (tests/data/corpus/LABELING.md): a trailing version is
          dropped from label and answer alike before comparing -- npm/Go `name@1.2.3` (`@^1.2`,
          `@latest`; a leading scope `@scope/` stays), pip `name==1.2` (`>=`, `~=` ...), Maven
          `group:artifact[:packaging]:version` -> `group:artifact`. A version inside a name
          (`gio-2.0`, `libwebkit2gtk-4.0-dev`) is part of the name and stays. Then meaningful
          tokens are the runs of letters and digits (punctuation such as `@ / : . - _`
          and case are not meaningful). The answer matches when the label's tokens appear, in
          order and contiguous, in the answer's tokens: "@tailwindcss/forms" matches
          "@tailwindcss/forms", "Neo4j Storage Adapter E2E" covers "neo4j storage adapter", but
          "app" or "npm" never covers a longer label, and "eslint" is not inside "eslintrc";
          "phantomjs@1.9.20" = "phantomjs", "g:a:2.2" = "g:a:jar:2.3".
command   Quotes (' " `) are removed, `;` `&&` `||` set apart as words, whitespace collapsed, then the label's words must appear
          contiguous, at word boundaries, in the answer (the answer may run on: a longer command
          line that contains the whole label matches; a shorter one never does). A label may elide
          with `...` (a word of its own, or glued to a path: ".../bin"): each kept piece must
          appear in order; a piece may be cut only where the label put `...`. Go's package pattern
          `./...` is literal, not an elision. An action ref without its `@ref`
          ("docker/build-push-action", a label whose only word is `owner/name[/path]`) matches that
          action at any ref ("docker/build-push-action@v5"), never another action.
tests     A test id is read as a list of name parts, splitting on `::`, ` > `, ` › `, `#`, `$`,
          and, in a part without spaces, on `/` (paths) and on `.` (Java/Python dotted names; a
          source file's extension is dropped, so `tests/test_a.py::T::t` = `tests.test_a.T.t`).
          `()` after a method is dropped; "path:line title" (rspec, behave, dart) is read both as
          "path:line" and as path parts + title. Two ids name the same test when one's parts are
          a suffix of the other's and the shorter keeps at least two parts (class or file + name),
          or is the whole of a one-part label; so `Class > method` = `pkg.Class.method` =
          `Class.method`, but a bare "method" does not match "pkg.Class.method". A bare sentence
          title (three words or more, as mocha, jest and pester print under their suites) also
          matches a label whose last part ends with it at a word boundary. A runner's project tag
          before the id is not part of it, on either side: vitest's workspace project
          (`|api| test/a.test.ts > A > b` = `test/a.test.ts > A > b`) and Playwright's browser
          project (`[chromium] › a.spec.ts:3:5 › t` = `a.spec.ts:3:5 › t`). The tests field is
          right when any labeled test is among the analysis's tests.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[^\W_]+")
_QUOTES = re.compile(r"[\"'`]")
_SOURCE_EXT = re.compile(
    r"\.(py|pyi|js|jsx|mjs|cjs|ts|tsx|mts|cts|rb|java|kt|kts|scala|go|rs|dart|swift|cs|php|ps1|"
    r"feature|c|cc|cpp|h|hpp|m|vue|svelte|ex|exs|clj|groovy)((?::\d+)*)$",
    re.IGNORECASE,
)


# ---- file -------------------------------------------------------------------------------------

def _path(text: str) -> str:
    p = str(text).strip().lower().replace("\\", "/")
    p = re.sub(r"/+", "/", p)
    while True:
        if p.startswith("./"):
            p = p[2:]
        elif p.startswith("../"):
            p = p[3:]
        else:
            return p


def split_file_label(label: str) -> tuple[str, int | None]:
    """'path:line:col' -> (path, line); a Windows drive letter is part of the path."""
    m = re.match(r"^(.*?)(?::(\d+))?(?::\d+)?$", str(label).strip())
    return m.group(1), (int(m.group(2)) if m.group(2) else None)


def paths_match(wanted: str, have: str) -> bool:
    """Equal, or one ends with '/' + the other (a suffix at a path boundary)."""
    w, h = _path(wanted), _path(have)
    if not w or not h or w.endswith("/") or h.endswith("/"):
        return False
    return w == h or h.endswith("/" + w) or w.endswith("/" + h)


def file_matches(label: str, locations: list[dict]) -> bool:
    path, line = split_file_label(label)
    return any(
        paths_match(path, loc.get("file") or "") and (line is None or loc.get("line") == line)
        for loc in locations
    )


# ---- module -----------------------------------------------------------------------------------

_NPM_VERSION = re.compile(r"(?<=[^\s@/])@(?:v?\d|[\^~<>=*]|latest\b|next\b)\S*$")
_PIP_VERSION = re.compile(r"\s*(?:===|==|~=|!=|>=|<=|>|<)\s*\S+$")
_MAVEN_PACKAGING = {"jar", "pom", "war", "ear", "aar", "maven-plugin", "test-jar", "bundle"}


def strip_version(module: str) -> str:
    """'foo@1.2.3' -> 'foo', 'foo==1.2' -> 'foo', 'g:a:jar:1.0-SNAPSHOT' -> 'g:a'; a name's own digits stay."""
    text = _PIP_VERSION.sub("", _NPM_VERSION.sub("", str(module).strip()))
    parts = text.split(":")
    if len(parts) >= 3 and parts[0] and parts[1] and all(re.fullmatch(r"[\w.\-]+", p) for p in parts):
        rest = parts[2:]
        if any(re.match(r"v?\d", p) for p in rest) and all(
            p.lower() in _MAVEN_PACKAGING or re.match(r"v?\d", p) or p.isalpha() for p in rest
        ):
            return ":".join(parts[:2])
    return text


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(str(text).lower())


def _contains_run(have: list[str], want: list[str]) -> bool:
    n = len(want)
    return n > 0 and any(have[i:i + n] == want for i in range(len(have) - n + 1))


def module_matches(label: str, answers: list[str]) -> bool:
    want = tokens(strip_version(label))
    return any(_contains_run(tokens(strip_version(a)), want) for a in answers if a)


# ---- command ----------------------------------------------------------------------------------

def normalise_command(text: str) -> str:
    """Quotes removed, shell separators (`;` `&&` `||`) set apart as words, whitespace collapsed."""
    text = re.sub(r"\s*(;|&&|\|\|)\s*", r" \1 ", _QUOTES.sub("", str(text)))
    return re.sub(r"\s+", " ", text).strip().lower()


def _command_pattern(label: str) -> re.Pattern:
    # `...` elides, except Go's `./...` / `pkg/...` package pattern (after '/', before a space or the end).
    text = normalise_command(label)
    parts = re.split(r"(?<!/)\.\.\.|\.\.\.(?=\S)", text)
    pieces = []
    for piece in parts:
        pieces.append(r"\s+".join(re.escape(w) for w in piece.split(" ")) if piece.strip() else "")
    # a piece that starts or ends with a space keeps that word boundary; an elision point is free.
    body = r".*?".join(pieces)
    start = "" if text.startswith("...") else r"(?:^|(?<=\s))"
    end = "" if (text.endswith("...") and not text.endswith("/...")) else r"(?=\s|$)"
    return re.compile(start + body + end)


_ACTION_REF = re.compile(r"[\w.\-]+/[\w.\-]+(?:/[\w.\-]+)*")


def command_matches(label: str, answer: str | None) -> bool:
    have = normalise_command(answer or "")
    want = normalise_command(label)
    if not have or not want.strip(". "):
        return False
    if _ACTION_REF.fullmatch(want) and not want.startswith("."):
        # an action ref written without its @ref: the same action at any ref
        return re.search(r"(?:^|(?<=\s))" + re.escape(want) + r"(?:@\S+)?(?=\s|$)", have) is not None
    return _command_pattern(label).search(have) is not None


# ---- tests ------------------------------------------------------------------------------------

_SEP = re.compile(r"\s*(?:::|\s>\s|\s›\s|#|\$)\s*")


def _drop_ext(part: str) -> str:
    return _SOURCE_EXT.sub(lambda m: m.group(2), part)


def _split_part(part: str) -> list[str]:
    part = re.sub(r"\(\)$", "", part.strip())
    if not part:
        return []
    if re.search(r"\s", part):
        return [re.sub(r"\s+", " ", part)]
    bracket = ""
    m = re.match(r"^(.*?)(\[.*\])$", part)  # pytest parameters stay whole on the last part
    if m:
        part, bracket = m.group(1), m.group(2)
    if "/" in part:
        pieces = [p for p in part.split("/") if p not in ("", ".", "..")]
        if pieces:
            pieces[-1] = _drop_ext(pieces[-1])
    elif _SOURCE_EXT.search(part):
        pieces = [_drop_ext(part)]
    else:
        pieces = [p for p in part.split(".") if p]
    if pieces and bracket:
        pieces[-1] += bracket
    return pieces


_PROJECT_TAG = re.compile(r"^(?:\|[^|\s][^|]*\|\s+|\[[^\]\s][^\]]*\]\s*›\s*)")


def test_forms(test_id: str) -> list[list[str]]:
    """The name-part lists a test id can be read as (lower-cased)."""
    text = _PROJECT_TAG.sub("", str(test_id).strip().lower())
    forms = []
    m = re.match(r"^(\S+?\.[a-z0-9]+(?::\d+)*):?\s+(?![>›:])(\S.*)$", text)  # "path:line title", "path: title"
    if m and ("/" in m.group(1) or _SOURCE_EXT.search(m.group(1))):
        where, title = m.group(1), m.group(2)
        if re.search(r":\d+$", where):
            forms.append(_split_part(where))
        forms.append(_split_part(re.sub(r"(?::\d+)+$", "", where)) + [re.sub(r"\s+", " ", title)])
    parts: list[str] = []
    for raw in _SEP.split(text):
        parts.extend(_split_part(raw))
    forms.append(parts)
    return [f for f in forms if f]


def _ids_match(want: list[str], have: list[str]) -> bool:
    short, long_ = (want, have) if len(want) <= len(have) else (have, want)
    if long_[len(long_) - len(short):] != short:
        return False
    return len(short) >= 2 or len(want) == 1


def _title_match(label_forms: list[list[str]], answer: str) -> bool:
    title = re.sub(r"\s+", " ", str(answer).strip().lower())
    if len(title.split(" ")) < 3:
        return False
    return any(f[-1] == title or f[-1].endswith(" " + title) for f in label_forms)


def test_matches(label: str, answers: list[str]) -> bool:
    label_forms = test_forms(label)
    for answer in answers:
        if not answer:
            continue
        if any(_ids_match(w, h) for w in label_forms for h in test_forms(answer)):
            return True
        if _title_match(label_forms, answer):
            return True
    return False


test_forms.__test__ = False  # not pytest tests, whatever a test module imports
test_matches.__test__ = False
