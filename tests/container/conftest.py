"""Container-test fixtures: the image is built ONCE per session from the working tree.

No engine -> every container test skips with one line saying why; where the tests must run
(CI=true, as `.ci/run` runs them, or AUTOHEAL_REQUIRE_DOCKER=1) they fail instead, so a machine
that silently lost its engine can never pass CI by skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import yaml

from .actionrunner import DockerActionRunner
from .actjob import ActRunner
from .engine import REPO_ROOT, quiet as _quiet

IMAGE_TAG = "autoheal:test"


def docker_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("AUTOHEAL_REQUIRE_DOCKER") == "1"


SKIP_PREFIX = "container tests skipped: "


def engine_unavailable(reason: str) -> None:
    if docker_required():
        pytest.fail(f"container tests are required here (CI=true or AUTOHEAL_REQUIRE_DOCKER=1) but {reason}",
                    pytrace=False)
    pytest.skip(f"{SKIP_PREFIX}{reason} (`bash scripts/container-env.sh` sets up an engine)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every engine skip at one location, so `-ra` prints ONE line for all of them."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and str(report.longrepr[2]).startswith(
            "Skipped: " + SKIP_PREFIX):
        report.longrepr = (__file__, engine_unavailable.__code__.co_firstlineno, report.longrepr[2])


@pytest.fixture(scope="session")
def base_image() -> str:
    """The base image name, once a Docker engine answers and that image is present."""
    if shutil.which("docker") is None:
        engine_unavailable("there is no `docker` CLI on PATH")
    try:
        info = _quiet("docker", "info", "--format", "{{.ServerVersion}}", timeout=30)
    except subprocess.TimeoutExpired:
        engine_unavailable("`docker info` did not answer within 30 s")
    if info.returncode != 0:
        engine_unavailable("no Docker engine answers (`docker info` failed)")
    base = _quiet("bash", "scripts/container-env.sh", "--print-base").stdout.strip()
    if _quiet("docker", "image", "inspect", base).returncode != 0:
        engine_unavailable(f"the base image {base} is not present")
    return base


@pytest.fixture(scope="session")
def docker_image(base_image: str) -> str:
    """The id of the image built from this working tree (Dockerfile + scripts/build-image.sh)."""
    build = subprocess.run(
        ["bash", "scripts/build-image.sh", "--base", base_image, "--tag", IMAGE_TAG],
        capture_output=True, text=True, timeout=600, cwd=REPO_ROOT,
        env={**os.environ, "PYTHON": sys.executable},
    )
    if build.returncode != 0:
        pytest.fail(f"building the image failed:\n{build.stderr[-4000:]}", pytrace=False)
    return build.stdout.strip().splitlines()[-1]


@pytest.fixture
def action_runner(docker_image: str, tmp_path: Path) -> DockerActionRunner:
    return DockerActionRunner(image=docker_image, repo_root=REPO_ROOT, work_dir=tmp_path)


def action_images() -> set[str]:
    """The `runs.image` every action names (`docker://ghcr.io/...:vX.Y.Z`), without `docker://`."""
    paths = [REPO_ROOT / "action.yml", *sorted((REPO_ROOT / "actions").glob("*/action.yml"))]
    return {yaml.safe_load(p.read_text(encoding="utf-8"))["runs"]["image"].removeprefix("docker://") for p in paths}


@pytest.fixture(scope="session")
def action_image(docker_image: str):
    """The working tree's image under the exact name the action metadata gives, so a runner that
    resolves `image: docker://...` without pulling (act --pull=false) runs it; untagged afterwards,
    so no later run mistakes a test build for the published image."""
    names = sorted(action_images())
    for name in names:
        tagged = _quiet("docker", "tag", docker_image, name)
        if tagged.returncode != 0:
            pytest.fail(f"docker tag {name} failed: {tagged.stderr}", pytrace=False)
    yield names
    for name in names:
        _quiet("docker", "image", "rm", name)


@pytest.fixture
def act_runner(action_image, base_image: str, sim, tmp_path: Path) -> ActRunner:
    return ActRunner(job_image=base_image, api_url=sim.base_url, work_dir=tmp_path)
