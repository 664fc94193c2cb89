"""Novel lines against a baseline, the JSON schema, and several jobs per run."""

from __future__ import annotations

import json

import jsonschema
import pytest

from autoheal.analysis import SCHEMA_VERSION, analyze, analyze_jobs, load_schema
from autoheal.analysis.normalize import normalize


def test_normalize_drops_what_changes_between_runs():
    a = normalize("2026-01-05T10:00:00.1234567Z done in 0.52s at /tmp/pytest-of-runner/pytest-12/x sha 3f2a9c1d0e uuid 123e4567-e89b-12d3-a456-426614174000 #42")
    b = normalize("2026-02-09T11:22:33.0000001Z done in 12.7s at /tmp/pytest-of-runner/pytest-99/y sha 9b8c7d6e5f uuid 00000000-1111-2222-3333-444444444444 #7")
    assert a == b


def test_novel_lines_against_a_real_baseline(own_labels):
    item = next(i for i in own_labels if i["case"] == "py-pytest-assert" and i["run"] == 1)
    baseline = item["path"].with_name("py-pytest-assert.pass.log")
    a = analyze(item["path"].read_bytes(), baseline=baseline.read_bytes())
    texts = [n["text"] for n in a.novel_lines]
    assert any("ZeroDivisionError" in t for t in texts)
    assert not any("Syncing repository" in t or "git version" in t for t in texts)
    assert a.baseline["novel_total"] >= len(a.novel_lines) > 0
    err_lines = {n for r in item["groundtruth_lines"] for n in range(r["start"], r["end"] + 1)}
    assert err_lines & {n["line"] for n in a.novel_lines}


def test_no_baseline_no_novel_lines(gh_log):
    a = analyze(gh_log("boom"))
    assert a.novel_lines == [] and a.baseline is None


def test_unknown_failure_uses_novel_lines_as_evidence(gh_log):
    base = gh_log("starting service", "service ready", "all checks passed", exit_code=0)
    fail = gh_log("starting service", "quux handshake mismatch on shard 7", "service ready", exit_code=3)
    a = analyze(fail, baseline=base)
    assert a.category == "unknown"
    assert 0 < a.confidence <= 25
    assert any("quux handshake mismatch" in k.text for k in a.key_lines)
    assert [n["text"] for n in a.novel_lines if "quux" in n["text"]]


@pytest.fixture(scope="module")
def schema():
    s = load_schema()
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def test_documents_validate_against_the_packaged_schema(schema, own_labels, gh_log):
    validator = jsonschema.Draft202012Validator(schema)
    docs = [analyze(i["path"].read_bytes(), workflow="CI", job=i["job"]).to_dict() for i in own_labels[::3]]
    docs += [analyze("").to_dict(), analyze(b"\x00" * 100).to_dict(), analyze(gh_log("ok", exit_code=0)).to_dict()]
    for doc in docs:
        validator.validate(doc)
        assert doc["schema_version"] == SCHEMA_VERSION == 1
        json.dumps(doc)


def test_schema_rejects_a_wrong_document(schema):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "category": "x"}, schema)


def test_analyze_jobs_picks_the_root_cause_over_a_cancelled_sibling(gh_log):
    jobs = [
        {"name": "lint", "log": gh_log("##[error]The operation was canceled.", exit_code=None)},
        {"name": "test (3.12)", "log": gh_log("E   ModuleNotFoundError: No module named 'yaml'"), "failed_step": "Run pytest"},
        {"name": "build", "log": gh_log("some output", exit_code=0)},
    ]
    a = analyze_jobs(jobs, workflow="CI")
    assert a.failed_job == "test (3.12)" and a.category == "missing_dependency"
    assert a.failed_step == "Run pytest"
    assert [r["job"] for r in a.related_jobs] == ["lint", "build"]


def test_matrix_jobs_share_a_fingerprint(gh_log):
    log = gh_log("E   ModuleNotFoundError: No module named 'yaml'")
    a = analyze(log, workflow="CI", job="test (3.11)")
    b = analyze(log, workflow="CI", job="test (3.12)")
    c = analyze(log, workflow="CI", job="lint")
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_jobs_are_opened_one_at_a_time_and_closed(gh_log):
    """analyze_jobs calls each job's openers just before that job and closes what they return right after."""
    import io

    from autoheal.analysis import analyze_jobs

    events: list[str] = []

    class Tracked(io.BytesIO):
        def __init__(self, name: str, data: bytes):
            super().__init__(data)
            self.name = name

        def close(self) -> None:
            events.append(f"close {self.name}")
            super().close()

    def opener(name: str, text: str):
        def open_it():
            events.append(f"open {name}")
            return Tracked(name, text.encode())
        return open_it

    jobs = [{"name": f"job{i}", "log": opener(f"log{i}", gh_log(f"error: boom {i}")),
             "baseline": opener(f"base{i}", gh_log("all fine", exit_code=0))} for i in range(3)]
    result = analyze_jobs(jobs)
    assert result.failed_job == "job0" and len(result.related_jobs) == 2
    assert events == [e for i in range(3) for e in (f"open log{i}", f"open base{i}", f"close base{i}", f"close log{i}")]
    assert any("boom 0" in n["text"] for n in result.novel_lines)
