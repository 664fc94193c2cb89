"""README.md holds the two set-up commands for a fresh machine, and they are the ones that work.

One runs `autoheal demo` with a PLAIN install (no dev tools); one runs the tests with the dev extra, and
`.ci/run` runs exactly that one. The demo command itself is run, as written, in a copy of the repository
(a fresh virtualenv, `pip install .`), which also proves the demo needs no dev tool.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .markdown_blocks import REPO_ROOT, fenced_blocks

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    return [b.body.strip() for b in fenced_blocks(README)
            if b.words[:1] == ["sh"] and b.body.strip().startswith("python3 -m venv .venv")]


def demo_command() -> str:
    found = [c for c in setup_commands() if c.endswith("autoheal demo")]
    assert len(found) == 1, "README.md must hold one set-up command that ends in `autoheal demo`"
    return found[0]


def test_command() -> str:
    found = [c for c in setup_commands() if "pytest" in c]
    assert len(found) == 1, "README.md must hold one set-up command that runs the tests"
    return found[0]


test_command.__test__ = False  # a helper, not a test


def steps(command: str) -> list[str]:
    """`a && b && c` -> normalised steps (`python -m pip` = `pip`, pip's -q dropped)."""
    out = []
    for step in command.split("&&"):
        step = " ".join(step.split())
        step = re.sub(r"^python3? -m pip ", "pip ", step).replace(" -q ", " ")
        out.append(step)
    return out


def test_the_demo_command_uses_a_plain_install():
    install = next(s for s in steps(demo_command()) if s.startswith("pip install"))
    assert install == "pip install .", "the demo needs no dev tools: a plain `pip install .`"


def test_ci_runs_exactly_the_readme_test_command():
    wanted = steps(test_command())
    assert "pip install -e '.[dev]'" in wanted
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [steps(line)[0] for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    position = 0
    for step in wanted:
        found = next((i for i in range(position, len(lines)) if lines[i] == step or lines[i].startswith(step + " ")
                      or (step.startswith("bash scripts/") and step in lines[i])), None)
        assert found is not None, f".ci/run does not run `{step}` (in the README's order)"
        position = found + 1


@pytest.mark.slow
def test_the_readme_demo_command_runs_in_a_fresh_checkout(tmp_path: Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    checkout = tmp_path / "autoheal"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        source = REPO_ROOT / name
        if source.is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, checkout / name)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH") and not k.startswith(("GITHUB_", "RUNNER_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    proc = subprocess.run(["bash", "-c", "set -euo pipefail\n" + demo_command()], cwd=checkout, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Summary" in proc.stdout and "FAILED" not in proc.stdout
    installed = subprocess.run([str(checkout / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"],
                               capture_output=True, text=True).stdout.lower()
    for dev_tool in ("pytest", "zizmor", "actionlint", "hadolint"):
        assert dev_tool not in installed, f"the plain install pulled in {dev_tool}"
