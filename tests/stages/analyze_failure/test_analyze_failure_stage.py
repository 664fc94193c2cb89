"""analyze-failure as a stage: offline files, online runs on the simulator, and bad input without tracebacks."""

from __future__ import annotations

import io
import json
import zipfile
from importlib import resources

import jsonschema
import pytest

from autoheal.analysis import load_schema
from autoheal.invoke import invoke


def demo_log(name: str) -> str:
    return resources.files("autoheal.demo").joinpath("data", "logs", name).read_text()


def test_offline_log_writes_outputs_file_summary_and_annotations(tmp_path):
    (tmp_path / "job.log").write_text(demo_log("ci-missing-yaml.log"))
    inv = invoke("analyze-failure", {"log": "job.log", "workflow-name": "CI", "job-name": "test"}, workspace=tmp_path)
    assert inv.exit_code == 0, inv.stdout + inv.stderr
    assert inv.outputs["category"] == "missing_dependency" and inv.outputs["healed"] == "true"
    assert int(inv.outputs["confidence"]) >= 80
    doc = json.loads((tmp_path / inv.outputs["analysis-file"]).read_text())
    jsonschema.validate(doc, load_schema())
    assert doc["specifics"]["modules"] == ["yaml"] and doc["failed_job"] == "test"
    assert "ModuleNotFoundError" in inv.summary and "```" in inv.summary
    assert any(a.startswith("::error file=src/shop/config.py,line=1") for a in inv.annotations)


def test_offline_baseline_reports_novel_lines(tmp_path):
    (tmp_path / "f.log").write_text(demo_log("release-unknown.log"))
    (tmp_path / "g.log").write_text(demo_log("release-green.log"))
    inv = invoke("analyze-failure", {"log": "f.log", "baseline": "g.log"}, workspace=tmp_path)
    doc = json.loads((tmp_path / "autoheal-analysis.json").read_text())
    assert inv.outputs["category"] == "unknown"
    assert any("digest sha256" in n["text"] for n in doc["novel_lines"])
    assert not any("packing shop" in n["text"] for n in doc["novel_lines"])  # also in the green run


def make_zip(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_log_zip_in_githubs_layout(tmp_path):
    (tmp_path / "logs.zip").write_bytes(make_zip({"0_lint.txt": demo_log("ci-green.log"),
                                                  "1_test.txt": demo_log("ci-test-failure.log"),
                                                  "test/1_Set up job.txt": "x\n"}))
    inv = invoke("analyze-failure", {"log-zip": "logs.zip"}, workspace=tmp_path)
    assert inv.exit_code == 0, inv.stdout
    assert inv.outputs["category"] == "test_failure" and inv.outputs["failed-job"] == "test"


@pytest.mark.parametrize("entries,fragment", [
    ({"../../etc/passwd.txt": "x"}, "unsafe entry name"),
    ({"/abs.txt": "x"}, "unsafe entry name"),
    ({"0_job.txt": b"\0" * (40 * 1024 * 1024)}, "zip bomb"),
])
def test_hostile_zips_are_refused_with_a_clear_message(tmp_path, entries, fragment):
    (tmp_path / "bad.zip").write_bytes(make_zip(entries))
    inv = invoke("analyze-failure", {"log-zip": "bad.zip"}, workspace=tmp_path)
    assert inv.exit_code == 1
    assert fragment in inv.stdout and "log-zip" in inv.stdout
    assert "Traceback" not in inv.stdout + inv.stderr


def test_not_a_zip_and_missing_file(tmp_path):
    (tmp_path / "junk.zip").write_bytes(b"definitely not a zip")
    inv = invoke("analyze-failure", {"log-zip": "junk.zip"}, workspace=tmp_path)
    assert inv.exit_code == 1 and "not a zip file" in inv.stdout
    missing = invoke("analyze-failure", {"log": "nope.log"}, workspace=tmp_path)
    assert missing.exit_code == 1 and "input 'log': file not found" in missing.stdout


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\x80" * 1000, "ok\r\nall good\r\n".encode()])
def test_empty_binary_and_crlf_logs_never_crash(tmp_path, content):
    (tmp_path / "x.log").write_bytes(content)
    inv = invoke("analyze-failure", {"log": "x.log"}, workspace=tmp_path)
    assert inv.exit_code == 0
    assert inv.outputs["category"]


# -- online -------------------------------------------------------------------------------------------

@pytest.fixture
def repo(sim):
    sim.create_repo("octo/shop", files={".github/workflows/ci.yml": "name: CI\non: push\njobs: {}\n"})
    return "octo/shop"


def online(sim, tmp_path, args=None, **kw):
    return invoke("analyze-failure", args or {}, api_url=sim.base_url, token=sim.token, repo="octo/shop",
                  workspace=tmp_path, **kw)


def test_online_run_uses_failed_job_step_and_green_baseline(sim, repo, tmp_path):
    sim.add_run(repo, workflow="CI", conclusion="success",
                jobs=[{"name": "publish", "conclusion": "success", "steps": [], "log": demo_log("release-green.log")}])
    sim.clock.advance(hours=1)
    run_id = sim.add_run(repo, workflow="CI", conclusion="failure", jobs=[
        {"name": "lint", "conclusion": "success", "steps": [], "log": "fine\n"},
        {"name": "publish", "conclusion": "failure",
         "steps": [{"name": "Set up job", "conclusion": "success"}, {"name": "Run ./scripts/publish.sh", "conclusion": "failure"}],
         "log": demo_log("release-unknown.log")}])
    event = {"workflow_run": {"id": run_id, "conclusion": "failure", "name": "CI"}}
    inv = online(sim, tmp_path, event=event, event_name="workflow_run")
    assert inv.exit_code == 0, inv.stdout
    doc = json.loads((tmp_path / "autoheal-analysis.json").read_text())
    jsonschema.validate(doc, load_schema())
    assert doc["run_id"] == run_id and doc["failed_job"] == "publish"
    assert doc["failed_step"] == "Run ./scripts/publish.sh" and doc["baseline_run_id"]
    assert any("digest" in n["text"] for n in doc["novel_lines"])


def test_successful_run_is_nothing_to_do(sim, repo, tmp_path):
    run_id = sim.add_run(repo, workflow="CI", conclusion="success", jobs=[])
    inv = online(sim, tmp_path, {"run-id": run_id})
    assert inv.exit_code == 0 and inv.outputs["healed"] == "false"
    assert "nothing to do" in inv.stdout


def test_in_progress_missing_and_expired(sim, repo, tmp_path):
    running = sim.add_run(repo, workflow="CI", conclusion=None, status="in_progress", jobs=[])
    inv = online(sim, tmp_path, {"run-id": running})
    assert inv.exit_code == 0 and inv.outputs["healed"] == "false" and "in_progress" in inv.stdout
    missing = online(sim, tmp_path, {"run-id": 987654})
    assert missing.exit_code == 1 and "run 987654 does not exist" in missing.stdout
    failed = sim.add_run(repo, workflow="CI", conclusion="failure",
                         jobs=[{"name": "t", "conclusion": "failure", "steps": [], "log": "boom\n"}])
    sim.faults.add("gone", path=r"/logs|/blobs|/_sim/")
    expired = online(sim, tmp_path, {"run-id": failed})
    assert expired.exit_code == 1 and "expired" in expired.stdout
    for result in (inv, missing, expired):
        assert "Traceback" not in result.stdout + result.stderr


def test_dispatch_input_run_id(sim, repo, tmp_path):
    run_id = sim.add_run(repo, workflow="CI", conclusion="failure",
                         jobs=[{"name": "test", "conclusion": "failure", "steps": [], "log": demo_log("ci-test-failure.log")}])
    inv = online(sim, tmp_path, event={"inputs": {"run_id": str(run_id), "workflow_name": "CI"}},
                 event_name="workflow_dispatch")
    assert inv.exit_code == 0 and inv.outputs["category"] == "test_failure"


def _raw(lines: list[str]) -> str:
    return "".join(f"2026-01-05T10:00:{i // 10:02d}.{i % 10}000000Z {line}\n" for i, line in enumerate(lines))


# A job whose tests failed (step "Unit tests", shown in the log as `Run pytest -q`), then a coverage upload
# that runs `if: always()` with `continue-on-error: true`: its own exit-code error is the LAST one in the
# log, yet the jobs API says the failing step is "Unit tests" (the upload's conclusion stays success).
# The cache step was skipped: it writes nothing to the log, so the API's step number is one ahead.
STEPS_LOG = _raw([
    "Current runner version: '2.321.0'", "##[group]Runner Image", "Image: ubuntu-24.04", "##[endgroup]",
    "##[group]Run actions/checkout@v4", "with:", "  repository: octo/shop", "##[endgroup]", "Syncing repository: octo/shop",
    "##[group]Run pytest -q", "pytest -q", "shell: /usr/bin/bash -e {0}", "##[endgroup]",
    "..F.", "=================================== FAILURES ===================================",
    "________________________________ test_total ________________________________",
    "    def test_total():", ">       assert total([1, 2]) == 4", "E       assert 3 == 4",
    "tests/test_cart.py:7: AssertionError",
    "=========================== short test summary info ============================",
    "FAILED tests/test_cart.py::test_total - assert 3 == 4", "1 failed, 3 passed in 0.21s",
    "##[error]Process completed with exit code 1.",
    "##[group]Run curl -sSf https://uploader.example.org/upload -F file=@coverage.xml",
    "curl -sSf https://uploader.example.org/upload -F file=@coverage.xml", "shell: /usr/bin/bash -e {0}", "##[endgroup]",
    "curl: (6) Could not resolve host: uploader.example.org",
    "##[error]Process completed with exit code 6.",
    "Post job cleanup.", "Cleaning up orphan processes",
])


def test_online_failing_step_comes_from_the_jobs_api(sim, repo, tmp_path):
    (tmp_path / "job.log").write_text(STEPS_LOG)
    offline = invoke("analyze-failure", {"log": "job.log"}, workspace=tmp_path)
    assert offline.outputs["category"] == "network"  # from the log alone: the last failing command
    run_id = sim.add_run(repo, workflow="CI", conclusion="failure", jobs=[
        {"name": "test", "conclusion": "failure", "log": STEPS_LOG, "steps": [
            {"name": "Set up job", "conclusion": "success"},
            {"name": "Run actions/checkout@v4", "conclusion": "success"},
            {"name": "Restore cache", "conclusion": "skipped"},
            {"name": "Unit tests", "conclusion": "failure"},
            {"name": "Upload coverage", "conclusion": "success"},
            {"name": "Complete job", "conclusion": "success"},
        ]}])
    inv = online(sim, tmp_path, {"run-id": run_id})
    assert inv.exit_code == 0, inv.stdout
    doc = json.loads((tmp_path / "autoheal-analysis.json").read_text())
    assert doc["category"] == "test_failure" and doc["failed_step"] == "Unit tests"
    assert doc["specifics"]["tests"] == ["tests/test_cart.py::test_total"]
    assert doc["specifics"]["exit_code"] == 1
