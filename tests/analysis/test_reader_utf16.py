"""A log saved on Windows through PowerShell (`gh run view --log > run.txt`) is UTF-16; the reader hands the
analyzer its text as UTF-8, so it is analysed like the log GitHub served (issue #17: such logs read as binary)."""

import io

import pytest

from autoheal.analysis import analyze
from autoheal.analysis.reader import iter_chunks, utf16_encoding

LOG = (
    "2026-01-19T21:20:58.1000000Z ##[group]Run npm test\n"
    "2026-01-19T21:20:58.1000000Z npm test\n"
    "2026-01-19T21:20:58.1000000Z ##[endgroup]\n"
    "2026-01-19T21:21:01.9393724Z FAIL __tests__/components/Footer.test.tsx\n"
    "2026-01-19T21:21:01.9400000Z   ● Footer › renders the links — ✓ ünïcödé 𝄞\n"
    "2026-01-19T21:21:04.3210415Z Test Suites: 1 failed, 4 passed, 5 total\n"
    "2026-01-19T21:21:04.3300000Z ##[error]Process completed with exit code 1.\n"
).replace("\n", "\r\n")


def _chunks(data: bytes, size: int) -> str:
    return b"".join(c.data for c in iter_chunks(io.BytesIO(data), size)).decode("utf-8")


@pytest.mark.parametrize("encoded", [
    b"\xff\xfe" + LOG.encode("utf-16-le"),   # PowerShell's `>` / Out-File: little-endian with a mark
    b"\xfe\xff" + LOG.encode("utf-16-be"),
    LOG.encode("utf-16-le"),                  # no mark: told by the NUL in every other byte
])
@pytest.mark.parametrize("size", [7, 64, 1 << 20])  # odd sizes split code units and surrogate pairs
def test_utf16_logs_read_as_their_text(encoded, size):
    assert _chunks(encoded, size) == LOG


def test_a_utf16_log_is_analysed_like_its_utf8_text():
    utf8 = analyze(LOG.encode("utf-8"))
    utf16 = analyze(io.BytesIO(b"\xff\xfe" + LOG.encode("utf-16-le")))
    assert utf16.category == utf8.category == "test_failure"
    assert [k.line for k in utf16.key_lines] == [k.line for k in utf8.key_lines]
    assert utf16.located


@pytest.mark.parametrize("head", [
    LOG.encode("utf-8"),
    b"\x00" * 10 + LOG.encode("utf-8"),            # stray NULs in a UTF-8 log
    "é".encode("utf-8") * 100,
    bytes(range(256)) * 4,                          # binary
    b"\xff\xfe",                                    # too short to matter, but marked: UTF-16
])
def test_only_utf16_is_taken_for_utf16(head):
    expected = "utf-16-le" if head == b"\xff\xfe" else None
    assert utf16_encoding(head) == expected


def test_a_utf8_log_passes_through_unchanged():
    data = LOG.encode("utf-8") * 50
    assert _chunks(data, 4096) == data.decode("utf-8")
