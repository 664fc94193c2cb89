"""Hot-path rewrites (#21) give exactly what the straightforward versions gave, on adversarial bytes."""

from __future__ import annotations

import random
import re

import pytest

from autoheal.analysis import logformat
from autoheal.analysis.scan import _LineEnds

# The ANSI pattern as it was written before factoring out the leading \x1b.
_ANSI_ALTERNATIVES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
_ALPHABET = [b"\x1b", b"[", b"(", b")", b"=", b">", b"0", b"1", b";", b"?", b" ", b"/", b"m", b"K", b"A", b"z",
             b"\r", b"\n", b"\r\n", b"\x1b[0m", b"\x1b[36;1m", b"\x1b(B", b"error", b"\xc3\xa9", b"~", b"@"]


def _samples(n: int = 3000) -> list[bytes]:
    rng = random.Random(21)
    return [b"".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 40))) for _ in range(n)]


def test_factored_ansi_pattern_strips_the_same_bytes():
    for data in _samples():
        assert logformat.ANSI_BYTES.sub(b"", data) == _ANSI_ALTERNATIVES.sub(b"", data), data


def _bare_by_replace(data: bytes) -> list[int]:
    flat = data.replace(b"\r\n", b"\n\n")
    return [i for i, c in enumerate(flat) if c == 0x0D]


@pytest.mark.parametrize("extra", [b"", b"\r", b"\r\n", b"\n\r"])
def test_bare_carriage_returns_found_as_before(extra):
    for data in _samples(1500):
        data += extra
        ends = _LineEnds(data)
        assert ends.bare == _bare_by_replace(data), data
        assert ends(0, len(data)) == len(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")) - 1


def test_count_line_ends_as_counting_cr_and_crlf_apart():
    from autoheal.analysis.reader import count_line_ends

    rng = random.Random(7)
    for data in _samples(1500):
        n = len(data)
        for start, end in [(0, n), *((a, rng.randrange(a, n + 1)) for a in (rng.randrange(0, n + 1) for _ in range(3)))]:
            want = (data.count(b"\n", start, end) + data.count(b"\r", start, end)
                    - data.count(b"\r\n", start, end))
            assert count_line_ends(data, start, end) == want, (data, start, end)


def _reference_non_ascii(finder, data: bytes, out: list[int], positions: list[int]) -> list[int]:
    """The tuple-based merge the flat one replaced: RE2 decides every line holding a non-ASCII byte."""
    from autoheal.analysis.linefinder import _UNANCHORED

    decided = {}
    for to in positions:
        ls = data.rfind(b"\n", 0, to - 1) + 1
        le = data.find(b"\n", to - 1)
        le = len(data) if le == -1 else le
        decided[ls] = le if finder._match(_UNANCHORED, data, ls, le)[0][0] >= 0 else -1
    kept = [(ls, le) for ls, le in zip(out[::2], out[1::2]) if ls not in decided]
    kept += [(ls, le) for ls, le in decided.items() if le >= 0]
    return [x for pair in sorted(kept) for x in pair]


def test_non_ascii_merge_agrees_with_the_reference_whether_or_not_re2_changes_the_lines():
    from autoheal.analysis import default_kb
    from autoheal.analysis.linefinder import LineFinder

    kb = default_kb()
    finder = LineFinder(kb.prefilter, kb.prefilter_source)
    lines = [b"plain error: x", "caf\u00e9 ok".encode(), "\u00e9t\u00e9 ERROR here".encode(), b"all good",
             "Tas\u212a failed".encode(), b"fatal: no"]
    data = b"\n".join(lines) + b"\n"
    bounds, pos = [], 0
    for line in lines:
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    positions = [i + 1 for i, b in enumerate(data) if b >= 0x80]
    # Every subset of the lines as Hyperscan's hits: agreeing with RE2 (fast path) or not (merge).
    paths = set()
    for mask in range(1 << len(lines)):
        out = [x for i, pair in enumerate(bounds) if mask >> i & 1 for x in pair]
        given = out[1::2]  # the finder names a line by its end
        got = finder._non_ascii(data, False, given, positions)
        assert got == _reference_non_ascii(finder, data, out, positions)[1::2]
        paths.add(got is given)
    assert paths == {True, False}  # both the unchanged fast path and the merge were exercised
