"""The shapes of CI logs: GitHub's raw job log, `gh run view --log`, and plain text.

Everything here works on one line (or one chunk) at a time and is pure. The scanner
uses these helpers to turn raw bytes into the text a human reads: no timestamp, no
`job<TAB>step<TAB>` prefix, no ANSI colour codes, no control characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lazyre import lazy_re
from .native import NATIVE

# Python's re is used here only for fixed, simple patterns on single lines or
# for literal-led substitutions over a chunk; user-controlled patterns always go
# through RE2 (see rules.py).

# One leading \x1b before the alternatives (the same language as `\x1b\[...|\x1b[()]..|\x1b[=>]`):
# re.sub then finds each candidate by the literal and runs ~25 % faster over colour-heavy logs (#21).
# Jenkins keeps console annotations (hyperlinks, Maven mojo and warning markers) inside a build's `log` file as hidden
# ConsoleNotes: PREAMBLE `ESC[8mha:`, the base64 serialized note, POSTAMBLE `ESC[0m` (hudson.console.ConsoleNote; the
# web console and `consoleText` drop them, a log read from disk keeps them). A note goes whole, like an escape: removing
# only its escapes would glue its base64 before the line's words (`ha:////4BC0...==[ERROR] Failed ...`). Tried first,
# so `ESC[8m` alone (no `ha:` note after it) is an ordinary escape.
ANSI_BYTES = lazy_re(rb"\x1b(?:\[8mha:[A-Za-z0-9+/=]*\x1b\[0m|\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>])")
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"
# Each step's log file starts with a UTF-8 byte order mark; `gh run view --log` keeps it after the step
# column (and a Windows console turns its bytes EF BB BF into `´╗┐` (code page 850), `∩╗┐` (437, the
# US console's default) or `ï»¿` (1252)).
BOM = r"(?:\ufeff|´╗┐|∩╗┐|ï»¿)?"
# The Simplified Chinese console (code page 936, GBK) reads EF BB as `锘` and BF with the year's first digit as one
# invalid pair, `?`: `锘?026-04-20T13:57:51.9108596Z` (read after `gh run view`'s columns only: where the same console
# also broke a non-ASCII job name's tab, the columns are lost and the line stays plain text)
GBK_BOM = "锘?"
RAW_PREFIX = lazy_re(r"^" + BOM + TIMESTAMP + r" ?")
CLI_COLUMNS = r"^([^\t\n]*)\t([^\t\n]*)\t" + BOM  # `gh run view --log`: job, step, then the timestamp
CLI_PREFIX = lazy_re(CLI_COLUMNS + TIMESTAMP + r" ?")
# (a step column that holds a timestamp is two lines run together where that console also broke a tab and a newline)
CLI_PREFIX_GBK = lazy_re(r"^([^\t\n]*)\t((?:(?!\d\dZ )[^\t\n])*)\t锘\?" + TIMESTAMP.replace(r"\d{4}", r"\d{3}", 1) + r" ?")


def cli_prefix(raw: str) -> re.Match | None:
    """The `gh run view --log` columns and timestamp at the start of ``raw``."""
    return CLI_PREFIX.match(raw) or (CLI_PREFIX_GBK.match(raw) if GBK_BOM in raw else None)
CLI_STAMP = lazy_re(CLI_COLUMNS + "(" + TIMESTAMP + ")")
# Another CI system's time stamp before each line of a plain log: Jenkins' Timestamper plugin (its default system-clock
# format `HH:mm:ss `, the elapsed form `HH:mm:ss.SSS `; a Pipeline's `timestamps {}` / `options { timestamps() }` writes
# `[2024-01-05T10:00:00.123Z] `). Like GitHub's it is not the program's words: the tools' patterns anchored at a line's
# start read the line behind it. One space only: the program's own indentation stays (`16:26:44         Assert...`).
PLAIN_STAMP = r"(?:\d\d:\d\d:\d\d(?:\.\d{1,3})?|\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z\]) "
PLAIN_PREFIX = lazy_re(r"^" + PLAIN_STAMP)
PLAIN_PREFIX_ASCII = lazy_re(rb"^" + PLAIN_STAMP.encode())
_STAMP_FIRST = frozenset(b"0123456789[")
CONTROL = lazy_re(r"[\x00-\x08\x0b-\x1f\x7f]")
# GitHub's runner: "##[error]Process completed with exit code 1."; Azure Pipelines' tasks (the same agent's
# ancestor): "##[error]Bash exited with code '100'.", "##[error]Process 'msbuild.exe' exited with code '1'."
# (azure-pipelines-task-lib's ToolRunner: `<tool> exited with code '<code>'`). The scan reads it only on `##[` lines.
EXIT_CODE = lazy_re(r"(?:Process completed with exit code |exited with code ')(-?\d+)")
# GitLab runner: "ERROR: Job failed: exit code 1" (shell/docker executors), "... command terminated with exit code 1"
# (Kubernetes executor), "ERROR: Job failed: prepare environment: exit code 1" (a stage before the script)
JOB_FAILED_EXIT = lazy_re(r"Job failed: (?:command terminated with |prepare environment: )?exit code (\d+)")

FORMAT_GITHUB = "github"
FORMAT_GITHUB_CLI = "github-cli"
FORMAT_PLAIN = "plain"


# GitLab ends its section markers with `\r\x1b[0K\n`: two line ends for universal newlines. Removing the
# escape alone would glue `\r\n` into one and shift every later line number by one.
ANSI_BETWEEN_CR_LF = lazy_re(rb"\r(?:" + ANSI_BYTES.pattern + rb")+\n")
_CR_ESC = lazy_re(rb"\r\x1b")


STRIP_PIECE = 32 << 10
"""Bytes stripped at a time (cut after a line end): the pieces between colour codes are tens of thousands
of small objects per block; freed after each piece, their memory is reused instead of mapped anew (#21)."""


def strip_ansi_py(data: bytes) -> bytes:
    """Remove ANSI escape sequences from a chunk (cheap when there are none); line ends are kept.

    The pure-Python form of ``strip_ansi``; the native one (native.py) gives the same bytes in one walk."""
    if b"\x1b" not in data:
        return data
    if b"\r" in data and _CR_ESC.search(data):  # `b"\r\x1b" in data` is ~5x slower on CRLF logs (#21)
        data = ANSI_BETWEEN_CR_LF.sub(b"\r \n", data)
    # split + join, not sub(b"", ...): the same pieces, but sub also appends the empty replacement after
    # each of the millions of colour codes a big log holds (#21). A sequence never holds a line end, so
    # cutting after one never splits a sequence.
    split, join, find = ANSI_BYTES.split, b"".join, data.find
    if len(data) <= STRIP_PIECE:
        return join(split(data))
    out = []
    a, n = 0, len(data)
    while a < n:
        b = find(b"\n", a + STRIP_PIECE) + 1 or n
        out.append(join(split(data[a:b])) if find(b"\x1b", a, b) != -1 else data[a:b])
        a = b
    return join(out)


strip_ansi = NATIVE.strip_ansi if NATIVE is not None else strip_ansi_py
"""Remove ANSI escape sequences from a chunk; line ends are kept (``strip_ansi_py``, natively where built)."""


def detect_format(sample: str) -> str:
    """Guess the log layout from its first non-empty lines.

    GitHub prefixes every line of a job log with its timestamp (and `gh run view --log` with the
    job and step columns), so at least half of the first lines carry the prefix. A plain log may
    quote a few timestamped lines (a GitLab job prints its service containers' logs, each line
    timestamped, before its first section): those alone do not make it a GitHub log.
    """
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    cli = sum(1 for line in lines if cli_prefix(line))
    raw = sum(1 for line in lines if not cli_prefix(line) and RAW_PREFIX.match(line))
    if cli and 2 * cli >= len(lines):
        return FORMAT_GITHUB_CLI
    if raw and 2 * (raw + cli) >= len(lines):
        return FORMAT_GITHUB
    return FORMAT_PLAIN


@dataclass(frozen=True)
class CleanLine:
    """One log line as a human reads it, plus the `gh run view` columns if present."""

    text: str
    job: str | None = None
    step: str | None = None


def clean_line(raw: str) -> CleanLine:
    """Strip the timestamp or `job<TAB>step<TAB>timestamp` prefix and control characters."""
    job = step = None
    m = cli_prefix(raw)
    if m:
        job, step = m.group(1), m.group(2)
        raw = raw[m.end() :]
    else:
        m = RAW_PREFIX.match(raw)
        if m:
            raw = raw[m.end() :]
        elif raw[:1] in "0123456789[" and raw and (m := PLAIN_PREFIX.match(raw)):
            raw = raw[m.end() :]
    if "\x1b" in raw:
        raw = ANSI_BYTES.sub(b"", raw.encode("utf-8", "surrogatepass")).decode("utf-8", "replace")
    text = CONTROL.sub("", raw).rstrip()
    return CleanLine(text, job, step)


CONTROL_BYTES = lazy_re(rb"[\x00-\x08\x0b-\x1f\x7f]")
RAW_PREFIX_ASCII = lazy_re(TIMESTAMP.encode() + rb" ?")


def cli_time(raw: str) -> tuple[str, float] | None:
    """When a `gh run view --log` line was written, as a sortable key (None without the columns): whole seconds
    and the fraction apart, since fractions vary in length and the text alone does not sort."""
    m = CLI_STAMP.match(raw)
    if m is None:
        return None
    seconds, _, fraction = m.group(3).removesuffix("Z").partition(".")
    return seconds, float("0." + fraction) if fraction else 0.0


def line_text(raw: bytes) -> str:
    """``clean_line(decode(raw)).text``, without decoding or three regex passes for the common line.

    The scan reads every step-marker line (tens of thousands in a big log) only for its text. A line that
    is ASCII with no tab and no control byte has no `gh run view` columns (two tabs), no byte order mark,
    no escape, nothing for CONTROL to remove and no other whitespace than ASCII's: only the timestamp goes.
    """
    if raw.isascii() and b"\t" not in raw and not CONTROL_BYTES.search(raw):
        m = RAW_PREFIX_ASCII.match(raw) or (PLAIN_PREFIX_ASCII.match(raw) if raw and raw[0] in _STAMP_FIRST else None)
        return (raw[m.end() :] if m else raw).decode("ascii").rstrip()
    return clean_line(raw.decode("utf-8", "replace")).text


def line_text_bytes(raw: bytes) -> bytes:
    """``line_text(raw)`` as UTF-8 (surrogatepass), for matching with RE2 without a round trip through str.

    The common ASCII line (see line_text) is sliced and stripped as bytes: with no control byte but the
    newline, bytes.rstrip strips exactly what str.rstrip does."""
    if raw.isascii() and b"\t" not in raw and not CONTROL_BYTES.search(raw):
        m = RAW_PREFIX_ASCII.match(raw) or (PLAIN_PREFIX_ASCII.match(raw) if raw and raw[0] in _STAMP_FIRST else None)
        return (raw[m.end() :] if m else raw).rstrip()
    return clean_line(raw.decode("utf-8", "replace")).text.encode("utf-8", "surrogatepass")


def exit_code_of(text: str) -> int | None:
    """The exit code announced by the runner on this line, if any."""
    m = EXIT_CODE.search(text) or JOB_FAILED_EXIT.search(text)
    return int(m.group(1)) if m else None
