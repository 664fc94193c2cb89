"""The redactor's needles (autoheal.redact.Rule): skipping a rule whose literals a text lacks gives the same text
as running every pattern, on adversarial inputs (case games, the characters that case-fold to ASCII letters,
redaction tags, several secrets in one text); and a skipped rule is never compiled."""

from __future__ import annotations

import base64
import random
import re
import subprocess
import sys

import pytest
import re2

from autoheal import redact as redact_mod
from autoheal.redact import RULES, redact

A36 = "A1b2C3d4E5" * 3 + "f6G7h8"
B40 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"
BODY = "MIIEowIBAAKCAQEA" + "q" * 60
# Pieces that make every rule match (built at run time: no credential-shaped literal in the repository),
# and pieces that come close.
PIECES = [
    "ghp_" + A36, "gho_" + A36, "ghs_" + A36, "github_pat_11ABCDEFG0" + "x" * 12 + "_" + "Y" * 59,
    "glpat-" + "x" * 20, "glagent-" + "y" * 24, "AKIA" + "IOSFODNN7EXAMPLE", "ASCA" + "Z" * 16,
    "AWS_SECRET_ACCESS_KEY=" + B40, "aws sk: " + B40, "xoxb-" + "123456789012-" + "a" * 24,
    "https://hooks.slack.com/services/" + "T" * 24, "AIza" + "SyA" + "b" * 32, "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "whsec_" + "w" * 30, "npm_" + "a" * 36, "pypi-" + "AgEIcHlwaS5vcmc" + "C" * 60,
    "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "Authorization: Bearer abcdefghijklmnop.qrstuv", "Authorization: token s3cr3tvalue123",
    "Basic " + base64.b64encode(b"alice:hunter22").decode(), "Basic authentication failed",
    "https://alice:hunter22@git.example.com/r.git", "postgres://app:s3cret@db:5432/x",
    "DB_PASSWORD=hunter2", "client_secret=abc123xyz", '"api_key": "abcd1234"', "x-api-key: abcd1234",
    "SESSION_ID=abcdef123", "cookie: abcdefgh1", "SAS=sv2020xyz", "passphrase: 'open sesame1'",
    "-----BEGIN RSA PRIVATE KEY-----\n" + BODY + "\n" + BODY + "\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY----- (cut)", BODY, "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "token: ***", "password: ${{ secrets.X }}",
    "[REDACTED aws-secret-key]", "[REDACTED github-token]", "[REDACTED secret]", "tokens used: 12",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b", "E   ModuleNotFoundError: No module named 'yaml'",
]
SEPARATORS = [" ", "\n", "\r\n", "=", ": ", '"', "'", "\t", "", "/", "@", "://", "é", "\u212a", "\u017f", "\u0131"]
# Characters a case-insensitive match takes for an ASCII letter (Python's re; RE2 the last two).
FOLDS = {"i": ["\u0130", "\u0131"], "s": ["\u017f"], "k": ["\u212a"]}


def unguarded(text: str) -> str:
    """Every rule's pattern, in order, as redact ran before the needles."""
    if not text:
        return text
    for rule in RULES:
        text = rule.pattern.sub(rule.replace, text)
    return text


def mutate(rng: random.Random, text: str) -> str:
    """Flip the case of some letters and write some i/s/k as the characters that case-fold to them."""
    out = []
    for c in text:
        r = rng.random()
        if c.lower() in FOLDS and r < 0.15:
            out.append(rng.choice(FOLDS[c.lower()]))
        elif c.isalpha() and r < 0.35:
            out.append(c.swapcase())
        else:
            out.append(c)
    return "".join(out)


def adversarial(n: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.5:
            parts = [mutate(rng, p) for p in parts]
        text = ""
        for p in parts:
            text += rng.choice(SEPARATORS) + p
        texts.append(text + rng.choice(SEPARATORS))
    return texts


def test_the_fold_table_lists_every_code_point_that_matches_an_ascii_letter_without_case():
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    found_re = {m.group(0) for m in re.finditer(r"(?i)[a-z]", every)}
    found_re2 = {m.group(0) for m in re2.finditer(r"(?i)[a-z]", every)}
    table = {chr(k) for k in redact_mod._FOLD if k >= 0x80}
    assert found_re == table
    assert found_re2 <= table
    for c in table:  # each is written as the letter it matches
        assert re.fullmatch("(?i)" + chr(redact_mod._FOLD[ord(c)]), c)


def test_a_rule_matches_only_texts_holding_one_of_its_needles():
    checked = 0
    for text in adversarial(3000) + PIECES:
        folded = redact_mod._fold(text)
        for rule in RULES:
            if rule.pattern.search(text) is not None:
                assert rule.may_match(text, folded), (rule.kind, text)
                checked += 1
    assert checked > 3000  # the inputs do make the rules match


def test_redact_with_needles_equals_every_pattern_run():
    changed = 0
    for text in adversarial(3000, seed=5) + PIECES + ["\n".join(PIECES)]:
        expected = unguarded(text)
        assert redact(text) == expected, text
        changed += expected != text
    assert changed > 1000


@pytest.mark.parametrize("text", ["AWS_SECRET_ACCESS_KEY=" + B40, "Aw\u017f sk: " + B40, "PA\u017f\u017fWORD=hunter2",
                                  "\u212aey: x, tO\u212aEN=abcd1234efgh", "Authorization: Bearer abcdefgh"])
def test_case_folded_needles(text):
    assert redact(text) == unguarded(text) != text


def test_a_text_without_needles_compiles_no_rule():
    code = ("from autoheal.redact import RULES, redact\n"
            "assert redact('Run make test\\nerror: cannot find module left-pad\\n') .startswith('Run')\n"
            "print(sum(r._compiled is not None for r in RULES))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_a_str_subclass_comes_back_as_str_as_from_the_patterns():
    class Marked(str):
        __slots__ = ()

    for text in ("plain words", "token: abcd1234efgh", "x" * 50):
        out, expected = redact(Marked(text)), unguarded(Marked(text))
        assert type(out) is type(expected) is str and out == expected
    assert type(redact(Marked(""))) is Marked  # empty text is returned as given, as before
