"""Regenerate the demo's job logs by running REAL tools (pytest, sleep/timeout, a failing script).

The demo (`autoheal demo`) ships these logs as package data. Each is real tool output wrapped in GitHub's
raw job-log layout (timestamps, `##[group]` steps, `##[error]Process completed with exit code N.`).
Usage: python scripts/make-demo-logs.py   (needs network access to PyPI only for a scratch venv's pytest)
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "autoheal" / "demo" / "data" / "logs"
START = dt.datetime(2026, 1, 5, 9, 0, 0, tzinfo=dt.timezone.utc)

PROJECT = {
    "src/shop/__init__.py": "",
    "src/shop/config.py": "import yaml\n\n\ndef load(text):\n    return yaml.safe_load(text)\n",
    "src/shop/cart.py": "def total(prices, discount=0):\n    return round(sum(prices) * (1 - discount), 2)\n",
    "tests/test_config.py": "from shop.config import load\n\n\ndef test_load():\n    assert load('a: 1') == {'a': 1}\n",
    "tests/test_cart.py": "from shop.cart import total\n\n\ndef test_total():\n    assert total([1.0, 2.0]) == 3.0\n\n\n"
                          "def test_discount():\n    assert total([10.0], discount=0.1) == 9.0\n",
}


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


class Log:
    def __init__(self, start: dt.datetime):
        self.t, self.lines = start, []

    def emit(self, text: str, step_ms: int = 37) -> None:
        for line in text.splitlines() or [""]:
            self.t += dt.timedelta(milliseconds=step_ms)
            self.lines.append(f"{stamp(self.t)} {line}")

    def group(self, title: str, body: str = "") -> None:
        self.emit(f"##[group]{title}")
        if body:
            self.emit(body)
        self.emit("##[endgroup]")

    def preamble(self, job: str) -> None:
        self.group("Runner Image", "Image: ubuntu-24.04\nVersion: 20260104.1.0")
        self.emit(f"Complete job name: {job}")
        self.group("Run actions/checkout@v4", "with:\n  repository: octo/shop\n  token: ***")
        self.emit("Syncing repository: octo/shop")
        self.group("Run actions/setup-python@v5", "with:\n  python-version: 3.12")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def scratch_project(work: Path, broken_discount: bool = False) -> None:
    for rel, text in PROJECT.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if broken_discount and rel == "src/shop/cart.py":
            text = "def total(prices, discount=0):\n    return round(sum(prices) * (1 - discount * 2), 2)\n"
        path.write_text(text)


def run(cmd: list[str], cwd: Path) -> tuple[str, int]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "src"})
    return proc.stdout + proc.stderr, proc.returncode


def pytest_log(work: Path, python: str, name: str, start: dt.datetime) -> None:
    log = Log(start)
    log.preamble("test")
    log.group("Run pip install -r requirements.txt", "pip install -r requirements.txt")
    log.emit("Successfully installed pytest-8.3.4")
    out, code = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], work)
    log.emit("##[group]Run pytest -q tests")
    log.emit("pytest -q tests")
    log.emit("##[endgroup]")
    log.emit(out.replace(str(work), "/home/runner/work/shop/shop"))
    if code:
        log.emit(f"##[error]Process completed with exit code {code}.")
    log.emit("Post job cleanup.")
    (OUT / name).write_text(log.text())


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        venv = tmp / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "pytest"], check=True)
        python = str(venv / "bin" / "python")
        # 1. missing dependency: the project imports yaml, requirements.txt lacks PyYAML (real pytest output).
        work = tmp / "p1"
        scratch_project(work)
        pytest_log(work, python, "ci-missing-yaml.log", START)
        pytest_log(work, python, "ci-missing-yaml-repeat.log", START + dt.timedelta(days=1, hours=3))
        # 2. a real test failure (discount applied twice) once PyYAML is there.
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "PyYAML"], check=True)
        work2 = tmp / "p2"
        scratch_project(work2, broken_discount=True)
        pytest_log(work2, python, "ci-test-failure.log", START + dt.timedelta(hours=2))
        # 3. green baseline of the same job
        work3 = tmp / "p3"
        scratch_project(work3)
        pytest_log(work3, python, "ci-green.log", START + dt.timedelta(hours=1))
    # 4. a job timeout: a real long-running command, cut by the runner's job timeout.
    log = Log(START + dt.timedelta(hours=3))
    log.preamble("e2e")
    log.emit("##[group]Run ./scripts/e2e.sh")
    log.emit("./scripts/e2e.sh")
    log.emit("##[endgroup]")
    out, _ = run(["timeout", "1", "sh", "-c", "echo 'starting browser suite (42 specs)'; sleep 5; echo done"], Path("/"))
    log.emit(out)
    log.emit("##[error]The job running on runner GitHub Actions 7 has exceeded the maximum execution time of 10 minutes.")
    log.emit("##[error]The operation was canceled.")
    (OUT / "ci-e2e-timeout.log").write_text(log.text())
    # 5. an unknown failure (a release script's own error) and its green baseline.
    for name, fail, hours in (("release-unknown.log", True, 4), ("release-green.log", False, 0)):
        log = Log(START + dt.timedelta(hours=hours))
        log.preamble("publish")
        log.emit("##[group]Run ./scripts/publish.sh")
        log.emit("./scripts/publish.sh")
        log.emit("##[endgroup]")
        script = ("echo 'packing shop-1.4.0.tar.gz'; echo 'uploading to artifact store'; "
                  + ("echo 'artifact store rejected manifest: digest sha256:9f2c mismatch for shop-1.4.0 (expected 3b1a)' >&2; exit 3"
                     if fail else "echo 'published shop-1.4.0'"))
        out, code = run(["sh", "-c", script], Path("/"))
        log.emit(out)
        if code:
            log.emit(f"##[error]Process completed with exit code {code}.")
        (OUT / name).write_text(log.text())
    shared = Path(__file__).resolve().parents[2] / "shared" / "logs" / "cidiff" / "logs" / "terraform-build-packages_run312.fail.log"
    if shared.is_file():
        shutil.copyfile(shared, OUT / "docker-build.log")
    print(f"wrote {len(list(OUT.glob('*.log')))} logs to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
