"""Bad input gets a clear result, never a crash."""

from __future__ import annotations

import io
import tracemalloc

from autoheal.analysis import analyze


def test_empty_log():
    for empty in ("", b"", io.BytesIO(b"")):
        a = analyze(empty)
        assert a.category == "unknown" and a.confidence == 0
        assert "the log is empty" in a.notes
        assert a.key_lines == []


def test_binary_garbage():
    blob = bytes(range(256)) * 400 + b"\x00" * 5000
    a = analyze(blob)
    assert a.category == "unknown" and a.confidence == 0
    assert any("binary" in n for n in a.notes)
    assert a.to_dict()["log"]["binary"] is True


def test_invalid_utf8_is_replaced_not_fatal(gh_log):
    raw = gh_log("placeholder").encode().replace(b"placeholder", b"\xff\xfe bad bytes \xc3 ModuleNotFoundError: No module named 'yaml'")
    a = analyze(raw)
    assert a.category == "missing_dependency"
    assert a.specifics["modules"] == ["yaml"]
    assert any("\ufffd" in k.text for k in a.key_lines)


def test_successful_run_log_says_nothing_to_explain():
    ok = (
        "2026-01-05T10:00:00.0000000Z ##[group]Run pytest -q\n"
        "2026-01-05T10:00:00.1000000Z pytest -q\n"
        "2026-01-05T10:00:00.2000000Z ##[endgroup]\n"
        "2026-01-05T10:00:01.0000000Z ..........                 [100%]\n"
        "2026-01-05T10:00:01.1000000Z 10 passed in 0.12s\n"
        "2026-01-05T10:00:02.0000000Z Post job cleanup.\n"
    )
    a = analyze(ok)
    assert a.category == "unknown"
    assert a.confidence == 0
    assert any("successful" in n for n in a.notes)


def test_crlf_log_same_verdict_and_lines_as_lf(gh_log):
    lf = gh_log("E   ModuleNotFoundError: No module named 'yaml'", "FAILED tests/test_app.py::test_load")
    crlf = lf.replace("\n", "\r\n")
    a, b = analyze(lf), analyze(crlf)
    assert (a.category, a.fingerprint) == (b.category, b.fingerprint)
    assert [k.line for k in a.key_lines] == [k.line for k in b.key_lines]
    assert all("\r" not in k.text for k in b.key_lines)


class _Stream(io.RawIOBase):
    """A stream of ``size`` bytes made on the fly: a huge single line, then an error."""

    def __init__(self, size: int, tail: bytes):
        self.left = size
        self.tail = tail

    def readable(self):
        return True

    def read(self, n=-1):
        if self.left > 0:
            k = min(n if n > 0 else 1 << 20, self.left)
            self.left -= k
            return b"x" * k
        out, self.tail = self.tail, b""
        return out


def test_single_huge_line_streams_in_bounded_memory():
    size = 48 << 20  # 48 MiB in one line (the same code path as 500 MB)
    tracemalloc.start()
    try:
        a = analyze(_Stream(size, b"\nfatal: No space left on device\n"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert a.category == "disk_full"
    assert a.log["lines"] == 2
    assert a.key_lines[0].line == 2
    assert any("over-long" in n for n in a.notes)
    assert peak < 40 << 20, f"peak {peak / 2**20:.1f} MiB"


def test_to_dict_is_json_serializable_for_hostile_text(gh_log):
    hostile = "```\n@everyone #1 </details> \x07\x1b]0;title\x07 ModuleNotFoundError: No module named 'a`b'"
    a = analyze(gh_log(*hostile.splitlines()))
    doc = a.to_json()
    assert "\x07" not in doc and "\x1b" not in doc
