"""Finished steps' novelty windows kept past WINDOW_MEMORY wait in a temporary file (scan._WindowSpill) and are
read back on use: every step's window, and every analysis with a baseline, is the one keeping them all in memory."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from autoheal.analysis import analyze, default_kb
from autoheal.analysis import scan as scan_module

TESTS = Path(__file__).resolve().parent.parent
LOGS = sorted((TESTS / "data" / "logs").glob("*.log")) + sorted((TESTS / "data" / "toollogs").rglob("*.log"))
ALL_IN_MEMORY = 1 << 50


def failing_steps(n: int, lines: int = 30, extra: dict[int, str] | None = None) -> bytes:
    """A job of 20 steps that fail, then `n` steps that pass (every fourth fails): once MAX_WINDOWS failed steps hold
    windows, each later step that has not failed yet keeps its own as well (see scan.WINDOW_MEMORY)."""
    out = []
    for i in range(20 + n):
        out.append(f"##[group]Run ./check-{i}.sh\n./check-{i}.sh\n##[endgroup]\n")
        out += [f"step {i} line {j}: value {i * j} checked\n" for j in range(lines)]
        out.append((extra or {}).get(i, ""))
        if i < 20 or i % 4 == 0:
            out.append(f"error: check {i} found {i % 7} problems\n##[error]Process completed with exit code {1 + i % 3}.\n")
    return "".join(out).encode()


def fields(result: scan_module.ScanResult) -> list[tuple]:
    return [tuple(getattr(s, f) for f in s._FIELDS) for s in result.sections]


def scan_with(monkeypatch, data: bytes, memory: int, chunk_size: int | None = None) -> scan_module.ScanResult:
    monkeypatch.setattr(scan_module, "WINDOW_MEMORY", memory)
    kb = default_kb()
    kwargs = {"chunk_size": chunk_size} if chunk_size else {}
    return scan_module.scan(io.BytesIO(data), kb.prefilter, windows=True, counts=kb.matches_raw, **kwargs)


def spilled(result: scan_module.ScanResult) -> int:
    return sum(isinstance(s._window, scan_module._SpilledWindow) for s in result.sections)


@pytest.mark.parametrize("chunk_size", [None, 4096])
def test_spilled_windows_read_back_as_kept(monkeypatch, chunk_size):
    data = failing_steps(120)
    kept = scan_with(monkeypatch, data, ALL_IN_MEMORY, chunk_size)
    assert sum(bool(s.window) for s in kept.sections) > 60  # passing steps after the failed ones keep theirs
    for memory in (0, 4096, scan_module.WINDOW_MEMORY):
        result = scan_with(monkeypatch, data, memory, chunk_size)
        assert spilled(result) > (40 if memory <= 4096 else -1)  # the default keeps this small log in memory
        assert fields(result) == fields(kept)


def test_a_spilled_window_is_the_failing_steps_novelty(monkeypatch):
    data = failing_steps(60, extra={31: "the widget cache is stale\n"})
    baseline = failing_steps(60)
    monkeypatch.setattr(scan_module, "WINDOW_MEMORY", ALL_IN_MEMORY)
    want = analyze(data, baseline=baseline, failed_step="Run ./check-31.sh").to_dict()
    assert [line["text"] for line in want["novel_lines"]] == ["the widget cache is stale"], want["novel_lines"]
    step = next(s for s in scan_with(monkeypatch, data, 0).sections if s.name == "Run ./check-31.sh")
    assert isinstance(step._window, scan_module._SpilledWindow) and b"widget" in step.window
    assert analyze(data, baseline=baseline, failed_step="Run ./check-31.sh").to_dict() == want


def test_every_test_log_scans_the_same_with_windows_spilled(monkeypatch):
    for path in LOGS:
        data = path.read_bytes()
        assert fields(scan_with(monkeypatch, data, 0)) == fields(scan_with(monkeypatch, data, ALL_IN_MEMORY)), path.name


def test_without_a_temporary_file_windows_stay_in_memory(monkeypatch):
    def refuse(self):
        raise OSError(28, "No space left on device")

    data = failing_steps(120)
    kept = scan_with(monkeypatch, data, ALL_IN_MEMORY)
    monkeypatch.setattr(scan_module._WindowSpill, "__init__", refuse)
    result = scan_with(monkeypatch, data, 0)
    assert spilled(result) == 0 and fields(result) == fields(kept)
