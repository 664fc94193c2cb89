"""The failing command's last error line, read by its words, when nothing else read it.

Blind (docs/analysis.md, "Blind misses by mechanism"), the largest class of misses was `unknown` although the
failing command printed a plain error line: a tool or a program of the project that no parser and no knowledge-base
pattern knew (19 of 92 blind answers, parts D-G, 16 repositories). Patterns written afterwards for those programs
fixed those logs and no others. This reader is the generic fallback: phrases any program uses to say why it stopped
("... is not installed", "missing credentials", "not formatted", "version conflict"), one category per phrase class.
It only speaks when the scorer found nothing (a line that matches no class or several says nothing), reads only the
failing command's own error lines (not warnings, not a logger's WARNING/INFO lines) and decides by the last one (the
line a program prints as it stops). Its answers stay well below the PR gate (scoring.WORDS_CAP).
"""

from __future__ import annotations

import re

from ..lazyre import lazy_re

# An HTTP status, said as one (`HTTP/1.1 403`, `403 Forbidden`, `status code: 429`, `returned 503`), not a number
# that happens to be one (a line or column: `403:7  error`, `file.cpp:503:5`).
_HTTP = (r"(?:\bHTTP(?:/[\d.]+)?:? |\bstatus(?: code)?:? |\breturned |\bresponse:? |\bcode )(?:{0})\b|"
         r"\b(?:{0}) (?:Forbidden|Unauthorized|Too Many Requests|Bad Gateway|Service Unavailable|Gateway Time-?out)\b")

# One class of phrase per category. (No `timeout` class: "timed out" is mostly a test's or a request's own time
# limit, which the labels call a failing test or the network; the job's limit has the runner's own message.) Each names WHY the command stopped in words not tied to one tool.
_CLASSES: tuple[tuple[str, str], ...] = (
    ("disk_full", r"no space left on device|disk (?:is )?full|not enough (?:disk )?space"),
    ("out_of_memory", r"\bout of memory\b|heap out of memory|cannot allocate memory|\bOOMKilled\b|memory limit exceeded"),
    ("rate_limited", r"\brate[ -]?limit|too many requests|" + _HTTP.format("429")),
    ("missing_secret",
     r"\b(?:api[ _-]?keys?|tokens?|secrets?|credentials?|passwords?|access keys?)\b.{0,60}\b(?:missing|not (?:been )?"
     r"(?:set|provided|found|configured|defined|supplied)|(?:is|are) required|empty|undefined)\b|"
     r"\b(?:missing|no)\b.{0,30}\b(?:api[ _-]?keys?|tokens?|secrets?|credentials?)\b|"
     r"environment variable.{0,60}(?:not (?:been )?(?:set|defined|provided)|missing|required)"),
    ("permission_denied",
     r"permission denied|\bEACCES\b|\bEPERM\b|operation not permitted|access (?:is )?denied|"
     r"(?:password )?authentication failed for user|login failed for user|" + _HTTP.format("40[13]")),
    ("network",
     r"could not resolve host|name or service not known|temporary failure in name resolution|getaddrinfo|"
     r"connection (?:refused|reset|timed out|closed)|\bECONNRESET\b|\bETIMEDOUT\b|\bENOTFOUND\b|\bEAI_AGAIN\b|"
     r"ssl connect error|tls handshake|certificate verify failed|network is unreachable|bad gateway|"
     r"service unavailable|" + _HTTP.format("50[234]") + r"|cannot open url|(?:failed to|could not|unable to) download|download failed"),
    ("missing_dependency",
     r"no (?:such )?(?:module|package)s? (?:named|called|found)|(?:module|package|library|dependency|plugin|"
     r"class(?:es)?)\b.{0,50}\b(?:not found|not installed|is missing|are missing|could not be found|cannot be found)|"
     r"unable to find (?:package|module|library)|can'?t find (?:package|module|library)|cannot find "
     r"(?:module|package|library)|missing (?:modules?|packages?|dependenc\w+|classes|librar\w+)|"
     r"no matching (?:version|distribution|package)"),
    ("dependency_conflict",
     r"version conflict|conflicting (?:dependencies|versions|requirements)|incompatible (?:versions?|with)|"
     r"unsatisfiable|could not solve|dependency conflict|\bpeer dep|\bERESOLVE\b|"
     r"requires .{1,60} but .{1,60} (?:is installed|was found|installed)"),
    ("invalid_config",
     r"\b(?:config(?:uration)?|settings?|property|option|field|manifest|workflow|yaml|toml|json|package\.json|"
     r"pyproject\.toml)\b.{0,60}\b(?:invalid|not (?:found|enabled|allowed|valid|supported|recogni[sz]ed)|must be|"
     r"unknown|unexpected)\b|\binvalid (?:config\w*|option|value|input|argument|settings?|property)"),
    ("environment",
     r"command not found|is not recognized as|unable to locate .{0,40}\b(?:cli|sdk|executable|binary|program|"
     r"compiler)\b|not (?:found )?(?:on|in) (?:the |your )?PATH\b|(?:sdk|toolchain|runtime|interpreter|compiler)\b"
     r".{0,40}\b(?:not found|not installed|missing)"),
    ("lint",
     r"not (?:properly |correctly )?formatted|would (?:be )?reformat|\bout[ -]of[ -]date\b|formatting (?:issues|"
     r"errors|check|differences)|style (?:violations?|issues|errors)|lint(?:ing|er)? (?:errors?|failed|issues)|"
     r"\bis not up to date\b"),
    ("test_failure",
     r"\b\d+ (?:tests?|specs?|examples?|checks?) (?:failed|failing)\b|\btests? failed\b|assertion ?error|"
     r"\bassert(?:ion)? failed|\bexpected\b.{1,80}\b(?:but (?:got|was|received)|received|got)\b"),
    ("compile_error",
     r"\b(?:type|symbol|identifier|class|method|function|member|variable|export|namespace)\b.{0,60}\b(?:not found|"
     r"undefined|undeclared|does not exist|doesn'?t exist|cannot be resolved|is not defined|has no member)\b|"
     r"cannot find symbol|compilation (?:failed|error)"),
    ("crash",
     r"segmentation fault|\bsegfault\b|core dumped|unhandled exception|uncaught exception|"
     r"stack overflow|\babort(?:ed)?\b|fatal python error|\bpanic(?:ked at|:)"),
)
_READERS = tuple((category, lazy_re(rx, re.IGNORECASE)) for category, rx in _CLASSES)

# A line that says something went wrong: the error words every tool uses, an exception's name, `##[error]`.
# Lines that state no error themselves: a test runner's or checker's pass mark (`✓ name`, `✔`, `✅`, `PASS`, `ok 3 -
# name`), a quoted source line under a diagnostic (`> 120 |   throw new Error(...)`, `12 | use x;`), a stack frame
# (`\t/usr/lib/go/src/runtime/panic.go:838 +0x207`, `    at f (file.js:3:9)`, `  File "x.py", line 3, in f`).
_PASSED = lazy_re(
    r"^\s*(?:[✓✔✅√]|PASS(?:ED)?\b|ok \d+\b)|^\s*>?\s*\d+\s*\|(?:\s|$)|^\s*at \S.*[:(]\d+|^\s*File \"[^\"]+\", line \d+|"
    r"^\s*\S+\.go:\d+ \+0x[0-9a-f]+$"
)

_ERROR_LINE = lazy_re(
    r"(?i)\berror\b|\bfail(?:ed|ure|s)?\b|\bfatal\b|##\[error\]|\b[A-Z]\w*(?:Error|Exception)\b|\bcannot\b|\bcan't\b|"
    r"\bunable\b|\bnot found\b|\bdenied\b|\binvalid\b|\bout[ -]of[ -]date\b|not (?:properly )?formatted|"
    r"\bexception\b|\bpanic(?:ked at|:)"
)


def read_line(text: str) -> str | None:
    """The one category the line's words name, or None (no class, or several: the words do not decide)."""
    found = [category for category, rx in _READERS if rx.search(text)]
    return found[0] if len(found) == 1 else None


MAX_ERROR_LINES = 200  # error lines read from the end: the reason a program stops is printed as it stops
MAX_LINE = 1000  # characters of a line read: a message says why in its first words (a minified line says no more);
# 200 lines of 3 KB that all say "error" and name nothing cost 0.25 s here, only on the way to `unknown`


def last_error_reading(lines: list[tuple[int, str]], below_error: object) -> tuple[str, int, str] | None:
    """(category, line number, text) of the last error line of `lines` whose words name one category.

    `below_error(text)` says the line is a warning or a logger's line below ERROR (their words did not stop
    anything)."""
    read = 0
    for number, text in reversed(lines):
        text = text[:MAX_LINE]
        if not _ERROR_LINE.search(text) or _PASSED.match(text) or below_error(text):  # type: ignore[operator]
            continue
        category = read_line(text)
        if category is not None:
            return category, number, text
        read += 1
        if read >= MAX_ERROR_LINES:
            break
    return None
