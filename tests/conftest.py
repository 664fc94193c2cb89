"""Shared fixtures for the whole suite: one embedded GitHub simulator per session, reset per test.

`sim` is an `autoheal.sim.Simulator` with fresh state (microseconds to reset) and the fake clock at
2026-01-05T12:00:00Z; `gh` is a PyGithub client bound to it with the admin token and no retries or
throttling sleeps. See docs/simulator.md for the handle API.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autoheal.sim import Simulator, start

UNSERVED: dict[str, int] = {}  # "METHOD /path" -> status, for requests no simulator route matched

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sim_server():
    """The session's simulator server (one thread, one free port on 127.0.0.1)."""
    server = start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sim(sim_server: Simulator):
    """The simulator with fresh state for this test.

    A simulator bug answers 500 (so clients never hang); this fixture then fails the test, because
    a client that retried through it would otherwise hide the bug behind "GitHub had a bad day".
    """
    sim_server.reset()
    yield sim_server
    for record in sim_server.requests:
        if record.route is None:
            UNSERVED.setdefault(f"{record.method} {record.path}", record.status)
    broken = [r for r in sim_server.requests if (r.fault or "").startswith("internal error")]
    if broken:
        pytest.fail(
            "the simulator crashed on: " + "; ".join(f"{r.method} {r.path}: {r.fault}" for r in broken[:5]),
            pytrace=False,
        )


@pytest.fixture
def gh(sim: Simulator):
    """PyGithub `Github` bound to `sim` with the admin token (retry=None, no sleeps between calls)."""
    client = sim.github()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Read-only reference material (../shared from the repo root); skips when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"reference material not found at {SHARED_DIR} (read-only ../shared is absent)")
    return SHARED_DIR


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """List requests the simulator has no route for: usually a missing endpoint, sometimes a typo."""
    if UNSERVED:
        terminalreporter.section("requests the GitHub simulator does not serve (404)")
        for request in sorted(UNSERVED)[:50]:
            terminalreporter.write_line(request)
