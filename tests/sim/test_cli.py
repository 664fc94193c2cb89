"""`autoheal.sim.cli.main`: serve until interrupted, base_url first, token with every permission."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from autoheal.sim.cli import main

DATA = Path(__file__).parent / "data"
LAUNCH = "import sys; from autoheal.sim.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
def served():
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "serve", "--port", "0", "--token", "T0k3n", "--scenario", str(DATA / "scenario.yml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline().strip()
        yield proc, first
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_serve_prints_base_url_first_and_serves_the_scenario(served):
    proc, first = served
    assert first.startswith("base_url=http://127.0.0.1:")
    base = first.split("=", 1)[1]
    headers = {"Authorization": "token T0k3n"}
    run = requests.get(f"{base}/repos/octo/app/actions/runs/1001", headers=headers, timeout=5)
    assert run.status_code == 200 and run.json()["conclusion"] == "failure"
    created = requests.post(f"{base}/repos/octo/app/issues", json={"title": "from outside"}, headers=headers, timeout=5)
    assert created.status_code == 201 and created.json()["user"]["login"] == "octocat"
    moved = requests.post(f"{base}/_sim/admin/clock", json={"advance": {"days": 1}}, headers=headers, timeout=5)
    assert moved.json() == {"now": "2026-01-06T12:00:00Z"}
    log = requests.get(f"{base}/_sim/admin/requests", headers=headers, timeout=5).json()
    assert [r["path"] for r in log][:2] == ["/repos/octo/app/actions/runs/1001", "/repos/octo/app/issues"]
    assert requests.get(f"{base}/repos/octo/app", headers={"Authorization": "token wrong"}, timeout=5).status_code == 401
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0


def test_sigterm_stops_cleanly(served):
    proc, first = served
    assert first.startswith("base_url=")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0


def test_admin_routes_refuse_tokens_without_administration(sim):
    sim.add_token("ghs_plain", permissions={"issues": "write"})
    r = requests.post(f"{sim.base_url}/_sim/admin/reset", headers={"Authorization": "token ghs_plain"})
    assert r.status_code == 403
    assert requests.get(f"{sim.base_url}/_sim/admin/requests").status_code == 403


def test_admin_reset_keeps_the_caller_token(sim):
    sim.create_repo("octo/app")
    sim.add_token("ghp_ops", login="ops", kind="user")
    r = requests.post(f"{sim.base_url}/_sim/admin/reset", headers={"Authorization": "token ghp_ops"})
    assert r.status_code == 204
    assert sim.core.state.repo_by_name("octo/app") is None
    assert requests.get(f"{sim.base_url}/rate_limit", headers={"Authorization": "token ghp_ops"}).status_code == 200


def test_bad_arguments_and_missing_scenario(capsys, tmp_path):
    assert main(["serve"]) == 2  # --token is required
    assert main(["serve", "--token", "t", "--port", "70000"]) == 2
    assert main(["serve", "--token", "t", "--scenario", str(tmp_path / "absent.yml")]) == 1
    assert "absent.yml" in capsys.readouterr().err
