"""The block-level line finder: both engines find the same lines, and the scan keeps the same steps and lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoheal.analysis import analyze, default_kb
from autoheal.analysis import linefinder as lf
from autoheal.analysis.scan import MAX_STEPS, scan

LOGS = sorted((Path(__file__).resolve().parent.parent / "data" / "logs").glob("*.log"))


def _lines(engine_after: int, data: bytes) -> list[int]:
    kb = default_kb()
    finder = lf.LineFinder(kb.prefilter, kb.prefilter_source, hyperscan_after=engine_after)
    return finder.lines(data, b"\r" in data)


def _naive(data: bytes) -> list[int]:
    """Every line with a prefilter match start, one RE2 search per line (the definition)."""
    match = default_kb().prefilter._regexp.Match
    out = []
    pos = 0
    for line in data.split(b"\n"):
        if match(lf._UNANCHORED, data, pos, pos + len(line))[0][0] >= 0:
            out += [pos, pos + len(line)]
        pos += len(line) + 1
    return out


@pytest.mark.parametrize("path", LOGS[::6], ids=lambda p: p.name)
def test_re2_block_scan_finds_the_lines_a_per_line_search_finds(path):
    data = path.read_bytes().replace(b"\r", b"")
    assert _lines(1 << 62, data) == _naive(data)


def test_hyperscan_finds_the_same_lines_as_re2_on_every_log():
    pytest.importorskip("hyperscan")
    if lf._hyperscan_db(default_kb().prefilter_source) is None:
        pytest.skip("hyperscan cannot compile here")
    for path in LOGS:
        data = path.read_bytes()
        assert _lines(-1, data) == _lines(1 << 62, data), path.name


def test_hyperscan_leaves_non_ascii_lines_to_re2():
    pytest.importorskip("hyperscan")
    # RE2 folds the Kelvin sign (U+212A) to k and the long s (U+017F) to s; a byte scanner does not.
    data = ("ok line\nTas\u212A failed\nmi\u017Fsing: \u00e9t\u00e9 ERROR here\nplain error: x\n"
            "caf\u00e9 ok\n").encode()
    assert _lines(-1, data) == _lines(1 << 62, data)


def test_same_analysis_whichever_engine(monkeypatch):
    pytest.importorskip("hyperscan")
    for path in LOGS[::4]:
        data = path.read_bytes()
        monkeypatch.setattr(lf, "HYPERSCAN_FROM", 1 << 62)
        with_re2 = analyze(data).to_dict()
        monkeypatch.setattr(lf, "HYPERSCAN_FROM", -1)
        with_hs = analyze(data).to_dict()
        assert with_hs == with_re2, path.name


def _naive_prune(steps: int, remarkable) -> list[int]:
    """The step list the scan must keep: the original prune, run on every new step past MAX_STEPS."""
    kept: list[int] = []
    for i in range(steps):
        kept.append(i)
        if len(kept) > MAX_STEPS:
            keep_from = len(kept) - MAX_STEPS // 4 * 3
            kept = [s for j, s in enumerate(kept) if j >= keep_from or remarkable(s)][-MAX_STEPS:]
    return kept


@pytest.mark.parametrize("every", [1, 2, 3, 7, 1000000])
def test_amortized_step_prune_keeps_the_same_steps(every):
    steps = 5200
    lines = []
    for i in range(steps):
        lines.append(f"##[group]Run step {i}")
        lines.append("##[endgroup]")
        if i % every == 0:
            lines.append("##[error]boom")
    result = scan("\n".join(lines) + "\n", default_kb().prefilter)
    names = [int(s.name.rsplit(" ", 1)[1]) for s in result.sections if s.name.startswith("Run step")]
    # Section 0 is "Set up job" (no error); section k is step k-1.
    kept = _naive_prune(steps + 1, lambda k: k > 0 and (k - 1) % every == 0)
    assert names == [k - 1 for k in kept if k > 0]
    assert len(result.sections) <= MAX_STEPS
