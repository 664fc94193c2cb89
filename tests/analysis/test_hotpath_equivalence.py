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
