"""Log parsing: line numbers, layouts, steps, markers, chunk boundaries."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.analysis import analyze
from autoheal.analysis.logformat import clean_line, detect_format
from autoheal.analysis.reader import count_line_ends, iter_chunks
from autoheal.analysis.rules import default_kb
from autoheal.analysis.scan import scan


def universal_lines(text: str) -> list[str]:
    return io.StringIO(text, newline=None).read().splitlines() if text else []


def test_clean_line_strips_timestamp_ansi_and_cli_columns():
    assert clean_line("2025-08-27T10:15:56.4842544Z \x1b[31mboom\x1b[0m").text == "boom"
    cl = clean_line("build\tRun pytest\t2025-08-27T10:15:56.4842544Z FAILED x")
    assert (cl.job, cl.step, cl.text) == ("build", "Run pytest", "FAILED x")
    assert clean_line("plain jenkins line").text == "plain jenkins line"


def test_detect_format():
    assert detect_format("2025-08-27T10:15:56.4842544Z hello\n") == "github"
    assert detect_format("job\tstep\t2025-08-27T10:15:56.4842544Z hello\n") == "github-cli"
    assert detect_format("[INFO] Scanning for projects...\n") == "plain"


def test_steps_markers_exit_code_and_failing_step(gh_log):
    log = gh_log("ok  pkg/a  0.1s", "--- FAIL: TestParse (0.00s)", "FAIL", step="Run go test ./...", exit_code=1)
    a = analyze(log)
    assert a.failed_step == "Run go test ./..."
    assert a.specifics["exit_code"] == 1
    assert a.specifics["command"] == "go test ./..."
    names = [s["name"] for s in a.steps]
    assert names[:3] == ["Set up job", "Run actions/checkout@v4", "Run go test ./..."]
    assert [s["failing"] for s in a.steps].count(True) == 1


def test_script_echo_in_step_header_is_not_evidence(gh_log):
    # The header group echoes the script; its `echo "ERROR: ..."` is not output.
    log = gh_log("all good", step='Run echo "ModuleNotFoundError: No module named yaml"', exit_code=0)
    a = analyze(log)
    assert a.category == "unknown"
    assert all("ModuleNotFoundError" not in k.text for k in a.key_lines)


def test_line_numbers_count_crlf_and_bare_cr_like_universal_newlines():
    body = "progress 10%\rprogress 50%\rprogress 100%\r\nModuleNotFoundError: No module named 'yaml'\r\ndone\n"
    a = analyze(body)
    lines = universal_lines(body)
    key = next(k for k in a.key_lines if "ModuleNotFoundError" in k.text)
    assert lines[key.line - 1].startswith("ModuleNotFoundError")
    assert a.log["lines"] == len(lines)


def test_chunk_boundaries_do_not_shift_line_numbers():
    filler = "".join(f"line {i} ok\r\n" if i % 3 else f"line {i} ok\r" for i in range(5000))
    text = filler + "fatal: No space left on device\n" + filler
    small = scan(text, default_kb().prefilter, chunk_size=4096)
    big = scan(text, default_kb().prefilter)
    assert small.total_lines == big.total_lines == len(universal_lines(text))
    want = universal_lines(text).index("fatal: No space left on device") + 1
    got = [r.line for s in small.sections for r in s.records() if b"No space" in r.raw]
    assert got == [want]


def test_iter_chunks_never_splits_crlf():
    data = b"a\r\nb\rc\r\n" * 1000
    chunks = list(iter_chunks(data, 7))
    assert b"".join(c.data for c in chunks) == data
    assert sum(count_line_ends(c.data) for c in chunks) == len(data.decode().splitlines())
    for c in chunks[:-1]:
        assert not (c.data.endswith(b"\r") and not c.complete)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "ok", "error: boom", "No space left on device", "\x1b[31mred\x1b[0m", "é ü"]),
            st.sampled_from(["\n", "\r\n", "\r"]),
        ),
        max_size=60,
    ),
    st.integers(min_value=3, max_value=64),
    st.booleans(),
)
def test_property_line_numbers_match_universal_newlines(parts, chunk_size, drop_last_newline):
    text = "".join(a + b for a, b in parts)
    if drop_last_newline:
        text = text.rstrip("\r\n")
    result = scan(text.encode(), default_kb().prefilter, chunk_size=chunk_size)
    lines = universal_lines(text)
    assert result.total_lines == len(lines)
    for sec in result.sections:
        for rec in sec.records():
            line = lines[rec.line - 1]
            if len(line.encode()) < chunk_size:
                assert clean_line(rec.raw.decode("utf-8", "replace")).text == clean_line(line).text
            else:  # an over-long line is scanned (and kept) in pieces
                assert line.strip()


def test_text_stream_and_bytes_agree(gh_log):
    log = gh_log("E   ModuleNotFoundError: No module named 'yaml'", "FAILED tests/test_app.py::test_load")
    a = analyze(log)
    b = analyze(io.BytesIO(log.encode()))
    c = analyze(io.StringIO(log))
    assert a.to_dict() == b.to_dict() == c.to_dict()


def test_gh_run_view_keeps_each_steps_byte_order_mark_after_the_columns():
    # `gh run view --log` prints each step's log file as is: its first line carries the file's BOM
    # between the step column and the timestamp (and `´╗┐`, `∩╗┐` or `ï»¿` once a Windows console has decoded
    # its bytes EF BB BF with code page 850, 437 or 1252).
    from autoheal.analysis import analyze
    for bom in ("\ufeff", "´╗┐", "∩╗┐", "ï»¿"):
        cl = clean_line(f"test\tRun Tests\t{bom}2025-12-26T04:03:47.4991677Z ##[group]Run npm run test:ci")
        assert (cl.text, cl.job, cl.step) == ("##[group]Run npm run test:ci", "test", "Run Tests")
        log = "".join(f"test\tRun Tests\t{b}2025-12-26T04:03:4{i}.0000000Z {t}\n" for i, (b, t) in enumerate([
            (bom, "##[group]Run npm run test:ci"), ("", "npm run test:ci"), ("", "##[endgroup]"),
            ("", " FAIL  src/cart.test.ts > total"), ("", "AssertionError: expected 3 to be 4"),
            ("", "##[error]Process completed with exit code 1."),
        ]))
        assert analyze(log).specifics["command"] == "npm run test:ci"


def test_gh_run_view_unknown_step_column_falls_back_to_the_run_headers():
    # gh prints "UNKNOWN STEP" in the step column when it cannot match the log to the job's steps.
    from autoheal.analysis import analyze
    rows = ["##[group]Run actions/checkout@v5", "with:", "##[endgroup]", "Syncing repository",
            "##[group]Run ruff check src tests", "ruff check src tests", "##[endgroup]", "All checks passed!",
            "##[group]Run pytest", "pytest", "##[endgroup]",
            "FAILED tests/test_cli.py::test_usage - AssertionError: assert 2 == 0",
            "1 failed, 12 passed in 1.20s", "##[error]Process completed with exit code 1."]
    log = "".join(f"test (3.10)\tUNKNOWN STEP\t2026-03-21T23:45:{i:02d}.0000000Z {t}\n" for i, t in enumerate(rows))
    a = analyze(log)
    assert a.category == "test_failure"
    assert a.specifics["command"] == "pytest" and a.failed_step == "Run pytest"
    assert a.specifics["tests"] == ["tests/test_cli.py::test_usage"]
