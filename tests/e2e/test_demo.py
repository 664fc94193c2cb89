"""`autoheal demo` — the README's main command — runs the whole story offline and fast."""

from __future__ import annotations

import subprocess
import sys
import time


def test_demo_runs_the_story_quickly_and_succeeds():
    began = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "autoheal", "demo"], capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - began
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    out = proc.stdout
    assert elapsed < 30, f"demo took {elapsed:.1f}s"
    for expected in ("missing_dependency", "draft PR #", "ready_for_review", "timeout", "docker_build",
                     "novel:", "same issue as before: yes", "closed", "success rate", "watching"):
        assert expected in out, expected
    assert "FAILED" not in out
    assert "Summary" in out and "API requests" in out
    import re

    assert re.search(r"warned [1-9]", out) and re.search(r"closed [1-9]", out), "stale-cleanup warned and closed"


def test_demo_shows_an_issue_and_a_diff_and_says_what_needs_more_than_the_templates():
    proc = subprocess.run([sys.executable, "-m", "autoheal", "demo"], capture_output=True, text=True, timeout=120)
    out = proc.stdout
    assert proc.returncode == 0, out[-3000:] + proc.stderr[-2000:]
    assert "Issue #1: " in out and "| ## Missing dependency" in out and "autoheal:" not in out.split("Issue #1")[1][:40]
    assert "<!--" not in out, "hidden markers are not shown as issue text"
    assert "diff requirements.txt" in out and "+PyYAML" in out
    assert "A maintainer merges PR #2 (autoheal never merges)" in out
    assert "GITHUB_TOKEN starts no workflow" in out and "AUTOHEAL_WORKFLOWS_TOKEN" in out
    assert "end with it" in out and "--serve" in out and "The simulator has stopped" in out
    assert "seed" not in out.lower()


def test_demo_on_a_busy_port_says_so_without_a_traceback():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "autoheal", "demo", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert f"--port {port}" in proc.stderr and "busy" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
