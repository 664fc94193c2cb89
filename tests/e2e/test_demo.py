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
