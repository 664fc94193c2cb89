"""The block-level scan of #21 gives what the straightforward versions give (same bytes, same lines).

Each rewrite is checked against the plain code it replaced, on adversarial bytes and on the real logs:
colour codes stripped a piece at a time, marker lines read without decoding, chunks read into a reused
buffer, step markers found with ``bytes.find`` (the RE2 engine) as Hyperscan finds them, and Records made
a block late (only for the slots still held) whatever the chunk size.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest

from autoheal.analysis import default_kb, logformat
from autoheal.analysis import linefinder as lf
from autoheal.analysis.reader import UTF8_BOM, Chunk, iter_pieces
from autoheal.analysis.scan import scan

LOGS = sorted((Path(__file__).resolve().parent.parent / "data" / "logs").glob("*.log"))
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
_ALPHABET = [b"\x1b", b"[", b"(", b"=", b"0", b"1", b";", b" ", b"m", b"K", b"\r", b"\n", b"\r\n", b"\x1b[0m",
             b"\x1b[36;1m", b"\x1b(B", b"\r\x1b[0K\n", b"error", b"\xc3\xa9", b"\t", b"\x7f",
             b"2022-04-11T19:39:19.9456260Z ", b"##[group]", b"\xef\xbb\xbf", b"\x1c"]


def _samples(n: int, length: int = 60, seed: int = 21) -> list[bytes]:
    rng = random.Random(seed)
    return [b"".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, length))) for _ in range(n)]


def _strip_reference(data: bytes) -> bytes:
    """strip_ansi as it was: two re.sub passes over the whole chunk."""
    if b"\x1b" not in data:
        return data
    if re.search(rb"\r\x1b", data):
        data = logformat.ANSI_BETWEEN_CR_LF.sub(b"\r \n", data)
    return _ANSI.sub(b"", data)


@pytest.mark.parametrize("piece", [1, 7, 32 << 10])
def test_strip_ansi_by_pieces_removes_the_same_bytes(monkeypatch, piece):
    monkeypatch.setattr(logformat, "STRIP_PIECE", piece)
    for data in _samples(4000):
        assert logformat.strip_ansi(data) == _strip_reference(data), data


def test_marker_hits_map_to_their_lines_in_any_order():
    rng = random.Random(4)
    for data in _samples(500, 40, seed=8):
        positions = sorted(rng.sample(range(1, len(data) + 1), min(len(data), 6))) if data else []
        want = {lf.line_end(data, to - 1, b"\r" in data) for to in positions}
        assert lf._lines_of(data, positions, b"\r" in data) == want, data
        rng.shuffle(positions)  # Hyperscan reports in order; the mapping must not depend on it
        assert lf._lines_of(data, positions, b"\r" in data) == want, data


def test_line_text_is_clean_line_of_the_decoded_line():
    for raw in _samples(20000, 12, seed=5):
        assert logformat.line_text(raw) == logformat.clean_line(raw.decode("utf-8", "replace")).text, raw


def _chunks_reference(data: bytes, size: int) -> list[tuple[bytes, bool]]:
    """iter_chunks as it was: carry + piece, cut after the last line end."""
    out, carry, first = [], b"", True
    for piece in iter_pieces(data, size):
        if first:
            first = False
            piece = piece.removeprefix(UTF8_BOM)
        buf = carry + piece
        cut = buf.rfind(b"\n") + 1 or buf.rfind(b"\r", 0, len(buf) - 1) + 1
        if cut == 0:
            if len(buf) >= size:
                out.append((buf[:-1], False) if buf.endswith(b"\r") else (buf, False))
                carry = b"\r" if buf.endswith(b"\r") else b""
            else:
                carry = buf
            continue
        out.append((buf[:cut], True))
        carry = buf[cut:]
    if carry:
        out.append((carry, True))
    return out


def test_chunks_read_into_a_reused_buffer_are_the_chunks_of_the_bytes():
    from autoheal.analysis.reader import iter_chunks

    rng = random.Random(3)
    for data in _samples(2000, 80, seed=11):
        size = rng.choice([1, 2, 3, 5, 16, 64])
        want = _chunks_reference(data, size)
        for source in (data, io.BytesIO(data), io.BufferedReader(io.BytesIO(data))):
            got = [(c.data, c.complete) for c in iter_chunks(source, size)]
            assert got == want, (data, size, type(source))
            assert all(type(c) is bytes for c, _ in got)
    assert Chunk(b"x", True).complete


def test_re2_engine_finds_the_marker_lines_hyperscan_reports():
    pytest.importorskip("hyperscan")
    kb = default_kb()
    for path in LOGS:
        data = logformat.strip_ansi(path.read_bytes())
        has_cr = b"\r" in data
        hs = lf.LineFinder(kb.prefilter, kb.prefilter_source, hyperscan_after=-1)
        re2 = lf.LineFinder(kb.prefilter, kb.prefilter_source, hyperscan_after=1 << 62)
        assert hs.ends(data, has_cr) == re2.ends(data, has_cr), path.name
        if hs._hs is None:
            pytest.skip("hyperscan cannot compile here")
        assert hs.marks == re2.marks, path.name


@pytest.mark.parametrize("path", LOGS[::5], ids=lambda p: p.name)
def test_kept_lines_do_not_depend_on_the_chunk_size(path):
    """Records are made a block late, for the slots still held: the same lines whatever the blocks."""
    kb = default_kb()
    data = path.read_bytes()

    def kept(chunk_size: int) -> list:
        result = scan(io.BytesIO(data), kb.prefilter, chunk_size=chunk_size)
        return [(s.name, s.start_line, s.candidates, [(r.line, r.raw, r.marker) for r in s.records()])
                for s in result.sections] + [result.total_lines, result.candidates]

    whole = kept(1 << 30)
    assert kept(4096) == whole
    assert kept(64 << 10) == whole
