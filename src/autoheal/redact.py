"""Redacting credentials from text before it leaves autoheal.

The runner masks only the secrets it was told about; a failing job can print any other credential
(a token in a URL, a key in an error message, a private key in a debug dump). An issue outlives the log
and is mailed to every watcher, so every string autoheal publishes (GitHub bodies, titles, comments,
commit messages, the step summary, annotations, outputs, stdout) and every fingerprint's material
passes `redact` first.

Why a table and not a detector library: `detect-secrets` (the best-known one) scans files line by line
and reports *that* a line holds a secret, not *where*, so it cannot rewrite a span; its entropy
plugins flag commit SHAs and hashes, which fill CI logs; it pulls in `requests` and had its last
release in 2024-05. The shapes below are the providers' documented prefixes and lengths, each with a
test in tests/core/test_redact.py. Replacements are plain text with no quote, backslash, backtick or
newline, so JSON stays valid, fences stay closed and the output is deterministic (same input, same
output) — fingerprints are taken after redaction.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any

import re2

from .lazyre import lazy_re

REDACTED = "[REDACTED]"


def _tag(kind: str) -> str:
    return f"[REDACTED {kind}]"


# Keys whose value is a secret: the key ENDS with one of these words (DB_PASSWORD, client_secret,
# GITHUB_TOKEN, x-api-key). `key` alone is not one: `key_lines`, `cache-key` are not secrets.
_SECRET_KEY_WORDS = (
    r"passwords?|passwd|passphrase|pwd|secrets?|tokens?|api[_-]?keys?|apikey|access[_-]?keys?(?:[_-]?id)?"
    r"|secret[_-]?keys?|private[_-]?keys?|signing[_-]?keys?|client[_-]?secret|credentials?|auth|sas"
    r"|session[_-]?id|cookie"
)
_WEAK_KEY = lazy_re(r"tokens?|auth|credentials?|cookie|sas|session[_-]?id|secrets?", re.IGNORECASE)
# Values that are not secrets: runner masks, expressions, shell/env references, empty placeholders.
_NOT_A_VALUE = lazy_re(
    r"(?:\*+|\$.*|%.*|\{.*|<.*|\[REDACTED.*|true|false|null|none|nil|undefined|yes|no|redacted|x+|\.+|-+)",
    re.IGNORECASE,
)

def _whole(kind: str) -> Callable[[re.Match[str]], str]:
    return lambda m: _tag(kind)


def _group(n: int, kind: str) -> Callable[[re.Match[str]], str]:
    """Replace only group `n`; keep the rest of the match (a key name, a URL's user)."""

    def sub(m: re.Match[str]) -> str:
        start, end = m.span(n)
        return m.group(0)[: start - m.start()] + _tag(kind) + m.group(0)[end - m.start():]

    return sub


def _key_value(m: re.Match[str]) -> str:
    value, quote, endq = m.group("value"), m.group("quote"), m.group("endq")
    if quote and endq != quote:  # an opening quote the value does not close: not an assignment
        return m.group(0)
    if m.group("sep") == ":" and m.group("head").endswith(":") and value.startswith("//"):
        return m.group(0)  # `oauth://…`: a URL scheme, not a key
    if _NOT_A_VALUE.fullmatch(value):
        return m.group(0)
    # `word: value` is also prose ("Unexpected token: punc", "no token: set GITHUB_TOKEN"): after a
    # word that is not always a secret, an unquoted value must look like one (8+ characters, a digit).
    if (m.group("sep") == ":" and not quote and _WEAK_KEY.fullmatch(m.group("word"))
            and (len(value) < 8 or not any(c.isdigit() for c in value))):
        return m.group(0)
    return m.group("head") + _tag("secret") + endq


def _basic(m: re.Match[str]) -> str:
    """`Basic <base64>` only when it decodes to `user:password` (else it is the English word)."""
    token = m.group("cred")
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return m.group(0)
    if ":" not in decoded or not decoded.isprintable():
        return m.group(0)
    return m.group("head") + _tag("basic-auth")


_B = r"(?<![A-Za-z0-9_])"  # a token starts at a word boundary (no \b: `_` and `-` matter)
_E = r"(?![A-Za-z0-9_])"
_TS = r"(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?"  # a runner log line's timestamp

# What ASCII letters a case-insensitive pattern also matches: Python's `re` (IGNORECASE, str) matches `i` to
# U+0130/U+0131, `s` to U+017F, `k` to U+212A; RE2 (Unicode case folding) the last two. No other code point
# matches an ASCII letter in either engine (tests/core/test_redact_guard.py checks every code point).
_FOLD = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)} | {0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"),
                                                              0x212A: ord("k")}


class Rule:
    """One credential shape: its pattern (compiled on first use), its replacement, and the literals every match
    contains (`needles`, compared without case when `anycase`).

    Why the needles: the patterns are Python regexes compiled in Python (~20 of them, a few ms of every start)
    and each scans the whole text. A text holding none of a rule's needles cannot match it, so the rule is
    skipped (and never compiled): the result is the one running every pattern (tests/core/test_redact_guard.py
    checks both on adversarial inputs)."""

    __slots__ = ("kind", "source", "replace", "needles", "anycase", "_engine", "_compiled")

    def __init__(self, kind: str, source: str, replace: Callable[[Any], str], needles: tuple[str, ...],
                 anycase: bool = False, engine: Any = re.compile):
        self.kind, self.source, self.replace, self.needles, self.anycase = kind, source, replace, needles, anycase
        self._engine, self._compiled = engine, None

    @property
    def pattern(self) -> Any:
        """The compiled pattern (compiled now if not yet)."""
        if self._compiled is None:
            self._compiled = self._engine(self.source)
        return self._compiled

    def may_match(self, text: str, folded: str) -> bool:
        """False only when no match is possible: `text` (`folded`, its case-folded form) lacks every needle."""
        hay = folded if self.anycase else text
        return any(n in hay for n in self.needles)


def _fold(text: str) -> str:
    """`text` with every character a case-insensitive match of an ASCII letter written as that lowercase letter."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


RULES: list[Rule] = [
    # PEM private keys: the header, the base64 body and the footer (or the header alone when cut).
    Rule("private-key",
         r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
         r"(?:\r?\n" + _TS + r"[ \t]*(?:[A-Za-z0-9+/=]{16,}|Proc-Type:[^\n]*|DEK-Info:[^\n]*))*"
         r"(?:\r?\n" + _TS + r"[ \t]*-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?",
         _whole("private-key"), ("-----BEGIN",)),
    # A key's base64 body on a line of its own (a log quotes line by line, so the header may be far away):
    # DER sequences (PKCS#1/#8 keys, also certificates) start `MII`, SEC1 EC keys `MHcCAQEE`, OpenSSH keys
    # the base64 of `openssh-key-v1`.
    Rule("private-key", r"(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{40,}|MHcCAQEE[A-Za-z0-9+/]{32,}"
                        r"|b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/]{20,})={0,2}(?![A-Za-z0-9+/=])",
         _whole("private-key"), ("MII", "MHcCAQEE", "b3BlbnNzaC1rZXktdjE")),
    # GitHub: personal, OAuth, user-to-server, server-to-server, refresh tokens; fine-grained PATs.
    Rule("github-token", _B + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E, _whole("github-token"),
         ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    Rule("github-token", _B + r"github_pat_[A-Za-z0-9_]{22,255}" + _E, _whole("github-token"), ("github_pat_",)),
    # GitLab personal/project/group access tokens and other glXX- tokens.
    Rule("gitlab-token", _B + r"gl(?:pat|dt|ptt|rt|soat|cbt|imt|agent|oas)-[A-Za-z0-9_-]{20,}" + _E,
         _whole("gitlab-token"),
         ("glpat-", "gldt-", "glptt-", "glrt-", "glsoat-", "glcbt-", "glimt-", "glagent-", "gloas-")),
    # AWS access key ids (long-term AKIA, temporary ASIA, and the other documented unique-id prefixes).
    Rule("aws-access-key-id",
         _B + r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}" + _E,
         _whole("aws-access-key-id"),
         ("AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA", "ASCA")),
    # AWS secret access keys: 40 base64 characters named as such (env var, config file, CLI output).
    Rule("aws-secret-key", r"(?i)aws.{0,20}?(?:secret|sk).{0,20}?[\"'\s:=]+([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
         _group(1, "aws-secret-key"), ("aws",), anycase=True),
    # Slack bot/user/app/refresh/config tokens and incoming-webhook URLs.
    Rule("slack-token", _B + r"xox[abprse]-[A-Za-z0-9-]{10,}" + _E, _whole("slack-token"),
         ("xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "xoxe-")),
    Rule("slack-webhook", r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,}",
         _whole("slack-webhook"), ("https://hooks.slack.com/",)),
    # Google API keys.
    Rule("google-api-key", _B + r"AIza[0-9A-Za-z_-]{35}" + _E, _whole("google-api-key"), ("AIza",)),
    # Stripe secret/restricted keys and webhook secrets.
    Rule("stripe-key", _B + r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}" + _E, _whole("stripe-key"),
         ("sk_live_", "sk_test_", "rk_live_", "rk_test_")),
    Rule("stripe-key", _B + r"whsec_[0-9A-Za-z]{24,}" + _E, _whole("stripe-key"), ("whsec_",)),
    # npm access tokens and PyPI API tokens (a macaroon whose base64 starts with the pypi.org header).
    Rule("npm-token", _B + r"npm_[A-Za-z0-9]{36}" + _E, _whole("npm-token"), ("npm_",)),
    Rule("pypi-token", _B + r"pypi-AgE[A-Za-z0-9_-]{50,}", _whole("pypi-token"), ("pypi-AgE",)),
    # JSON Web Tokens (header.payload.signature, base64url, header and payload are JSON objects).
    Rule("jwt", _B + r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", _whole("jwt"), (".eyJ",)),
    # Authorization headers: Bearer/token schemes, and Basic when it decodes to user:password.
    Rule("bearer", r"(?i)(?<![A-Za-z0-9])(?:bearer|(?<=authorization: )token)\s+([A-Za-z0-9._~+/-]{8,}=*)",
         _group(1, "bearer"), ("bearer", "token"), anycase=True),
    Rule("basic-auth", r"(?i)(?P<head>(?<![A-Za-z0-9])basic\s+)(?P<cred>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])",
         _basic, ("basic",), anycase=True),
    # Credentials in URLs: scheme://user:password@host keeps the user, drops the password.
    Rule("url-credentials", r"(?i)\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'\"`<>]{1,256}:([^\s@/'\"`<>]{1,256})@",
         _group(1, "password"), ("://",)),
    # key=value / key: value / "key": "value" where the key names a secret. Anchored on the word (the key's
    # name ends with it: DB_PASSWORD, x-api-key) and run by RE2: Python's engine tried the case-folded
    # alternation at every position (200 ms per 500 KiB of ordinary log, RE2 1 ms); RE2 has no
    # back-references or look-arounds, so `_key_value` checks the closing quote and `scheme://` itself.
    # Every word of _SECRET_KEY_WORDS holds one of the needles.
    Rule("secret-assignment",
         r"(?i)(?P<head>(?P<word>" + _SECRET_KEY_WORDS + r")[\"']?[ \t]*(?P<sep>=|:)[ \t]*(?P<quote>[\"']?))"
         r"(?P<value>[^\s\"'`,;&|)\]}>]{3,})(?P<endq>[\"']?)",
         _key_value, ("pass", "pwd", "secret", "token", "api", "access", "private", "signing", "credential", "auth",
                      "sas", "session", "cookie"), anycase=True, engine=re2.compile),
]


def redact(text: str) -> str:
    """`text` with every credential of a known shape replaced by `[REDACTED <kind>]`.

    Idempotent (redacting twice changes nothing more) and deterministic.
    """
    if not text:
        return text
    folded = None
    for rule in RULES:
        if rule.anycase and folded is None:
            folded = _fold(text)
        if not rule.may_match(text, folded or ""):
            continue
        new = rule.pattern.sub(rule.replace, text)
        if new != text:
            text, folded = new, None
    # A pattern's sub returns a plain str even when it changed nothing: so does redact, whichever rules ran (a
    # str subclass such as markdown.Trusted does not come back as itself).
    return text if type(text) is str else str.__str__(text)


def redact_data(value: object, fields: frozenset[str] | None = None, key: str | None = None) -> object:
    """Redact the strings inside JSON-like data (dicts, lists, strings), keys left alone: every string, or
    with `fields` only those held (directly or in a list) under one of those keys."""
    if isinstance(value, str):
        return redact(value) if fields is None or key in fields else value
    if isinstance(value, dict):
        return {k: redact_data(v, fields, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_data(v, fields, key) for v in value]
    return value
