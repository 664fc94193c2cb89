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

import re2

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
_WEAK_KEY = re.compile(r"tokens?|auth|credentials?|cookie|sas|session[_-]?id|secrets?", re.IGNORECASE)
# Values that are not secrets: runner masks, expressions, shell/env references, empty placeholders.
_NOT_A_VALUE = re.compile(
    r"(?:\*+|\$.*|%.*|\{.*|<.*|\[REDACTED.*|true|false|null|none|nil|undefined|yes|no|redacted|x+|\.+|-+)",
    re.IGNORECASE,
)

_Rule = tuple[str, "re.Pattern[str]", Callable[["re.Match[str]"], str]]


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

RULES: list[_Rule] = [
    # PEM private keys: the header, the base64 body and the footer (or the header alone when cut).
    ("private-key", re.compile(
        r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
        r"(?:\r?\n" + _TS + r"[ \t]*(?:[A-Za-z0-9+/=]{16,}|Proc-Type:[^\n]*|DEK-Info:[^\n]*))*"
        r"(?:\r?\n" + _TS + r"[ \t]*-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?"
    ), _whole("private-key")),
    # A key's base64 body on a line of its own (a log quotes line by line, so the header may be far away):
    # DER sequences (PKCS#1/#8 keys, also certificates) start `MII`, SEC1 EC keys `MHcCAQEE`, OpenSSH keys
    # the base64 of `openssh-key-v1`.
    ("private-key", re.compile(r"(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{40,}|MHcCAQEE[A-Za-z0-9+/]{32,}"
                               r"|b3BlbnNzaC1rZXktdjE[A-Za-z0-9+/]{20,})={0,2}(?![A-Za-z0-9+/=])"),
     _whole("private-key")),
    # GitHub: personal, OAuth, user-to-server, server-to-server, refresh tokens; fine-grained PATs.
    ("github-token", re.compile(_B + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E), _whole("github-token")),
    ("github-token", re.compile(_B + r"github_pat_[A-Za-z0-9_]{22,255}" + _E), _whole("github-token")),
    # GitLab personal/project/group access tokens and other glXX- tokens.
    ("gitlab-token", re.compile(_B + r"gl(?:pat|dt|ptt|rt|soat|cbt|imt|agent|oas)-[A-Za-z0-9_-]{20,}" + _E),
     _whole("gitlab-token")),
    # AWS access key ids (long-term AKIA, temporary ASIA, and the other documented unique-id prefixes).
    ("aws-access-key-id", re.compile(
        _B + r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}" + _E
    ), _whole("aws-access-key-id")),
    # AWS secret access keys: 40 base64 characters named as such (env var, config file, CLI output).
    ("aws-secret-key", re.compile(
        r"(?i)aws.{0,20}?(?:secret|sk).{0,20}?[\"'\s:=]+([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
    ), _group(1, "aws-secret-key")),
    # Slack bot/user/app/refresh/config tokens and incoming-webhook URLs.
    ("slack-token", re.compile(_B + r"xox[abprse]-[A-Za-z0-9-]{10,}" + _E), _whole("slack-token")),
    ("slack-webhook", re.compile(r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,}"),
     _whole("slack-webhook")),
    # Google API keys.
    ("google-api-key", re.compile(_B + r"AIza[0-9A-Za-z_-]{35}" + _E), _whole("google-api-key")),
    # Stripe secret/restricted keys and webhook secrets.
    ("stripe-key", re.compile(_B + r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}" + _E), _whole("stripe-key")),
    ("stripe-key", re.compile(_B + r"whsec_[0-9A-Za-z]{24,}" + _E), _whole("stripe-key")),
    # npm access tokens and PyPI API tokens (a macaroon whose base64 starts with the pypi.org header).
    ("npm-token", re.compile(_B + r"npm_[A-Za-z0-9]{36}" + _E), _whole("npm-token")),
    ("pypi-token", re.compile(_B + r"pypi-AgE[A-Za-z0-9_-]{50,}"), _whole("pypi-token")),
    # JSON Web Tokens (header.payload.signature, base64url, header and payload are JSON objects).
    ("jwt", re.compile(_B + r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), _whole("jwt")),
    # Authorization headers: Bearer/token schemes, and Basic when it decodes to user:password.
    ("bearer", re.compile(r"(?i)(?<![A-Za-z0-9])(?:bearer|(?<=authorization: )token)\s+([A-Za-z0-9._~+/-]{8,}=*)"),
     _group(1, "bearer")),
    ("basic-auth", re.compile(r"(?i)(?P<head>(?<![A-Za-z0-9])basic\s+)(?P<cred>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])"),
     _basic),
    # Credentials in URLs: scheme://user:password@host keeps the user, drops the password.
    ("url-credentials", re.compile(r"(?i)\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'\"`<>]{1,256}:([^\s@/'\"`<>]{1,256})@"),
     _group(1, "password")),
    # key=value / key: value / "key": "value" where the key names a secret. Anchored on the word (the key's
    # name ends with it: DB_PASSWORD, x-api-key) and run by RE2: Python's engine tried the case-folded
    # alternation at every position (200 ms per 500 KiB of ordinary log, RE2 1 ms); RE2 has no
    # back-references or look-arounds, so `_key_value` checks the closing quote and `scheme://` itself.
    ("secret-assignment", re2.compile(
        r"(?i)(?P<head>(?P<word>" + _SECRET_KEY_WORDS + r")[\"']?[ \t]*(?P<sep>=|:)[ \t]*(?P<quote>[\"']?))"
        r"(?P<value>[^\s\"'`,;&|)\]}>]{3,})(?P<endq>[\"']?)"
    ), _key_value),
]


def redact(text: str) -> str:
    """`text` with every credential of a known shape replaced by `[REDACTED <kind>]`.

    Idempotent (redacting twice changes nothing more) and deterministic.
    """
    if not text:
        return text
    for _kind, pattern, replace in RULES:
        text = pattern.sub(replace, text)
    return text


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
