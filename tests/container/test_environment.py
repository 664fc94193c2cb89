"""scripts/container-env.sh: idempotent, fast on a machine where it already ran, and the stand-in
base keeps the one contract the Dockerfile relies on."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from .engine import REPO_ROOT, docker_run, quiet

pytestmark = pytest.mark.container

STANDIN = "autoheal-standin:bookworm-python3"
SCRIPTS = ["scripts/container-env.sh", "scripts/build-image.sh"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_parse(script):
    proc = quiet("bash", "-n", script)
    assert proc.returncode == 0, proc.stderr


def test_print_base_defaults_to_the_standin_and_honours_the_environment():
    env = {k: v for k, v in os.environ.items() if k != "AUTOHEAL_BASE_IMAGE"}
    run = lambda extra: subprocess.run(["bash", "scripts/container-env.sh", "--print-base"], cwd=REPO_ROOT,  # noqa: E731
                                       capture_output=True, text=True, env={**env, **extra}, timeout=30)
    assert run({}).stdout.strip() == STANDIN
    assert run({"AUTOHEAL_BASE_IMAGE": "python:3.12-slim@sha256:abc"}).stdout.strip() == "python:3.12-slim@sha256:abc"


def test_rerun_where_it_already_ran_is_fast_and_changes_nothing(base_image):
    images_before = quiet("docker", "images", "-q", "--no-trunc").stdout.split()
    started = time.perf_counter()
    proc = quiet("bash", "scripts/container-env.sh", timeout=120)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "docker engine: already running" in proc.stdout
    assert f"base image {base_image}: already present" in proc.stdout
    assert elapsed < 10, f"a re-run took {elapsed:.1f} s"
    assert sorted(quiet("docker", "images", "-q", "--no-trunc").stdout.split()) == sorted(images_before)


def test_base_provides_python3_with_venv_and_no_apt_cache(base_image):
    proc = docker_run(base_image, "-c", "import ensurepip, sys, venv; print(sys.version_info >= (3, 11))",
                      entrypoint="python3")
    assert proc.returncode == 0 and proc.stdout.strip() == "True", proc.stderr
    if base_image == STANDIN:
        leftovers = docker_run(base_image, "-c", "ls /var/lib/apt/lists /var/cache/apt/archives | grep -c deb || true",
                               entrypoint="sh")
        assert leftovers.stdout.strip() == "0", "apt lists or cached .deb files left in the stand-in base"


def test_context_only_prepares_exactly_what_the_release_build_needs(base_image, tmp_path):
    """release.yml builds from `build-image.sh --context-only`: only wheels, the project's and its
    dependencies', and the folder's path on the last line."""
    context = tmp_path / "ctx"
    proc = subprocess.run(["bash", "scripts/build-image.sh", "--base", base_image, "--context-only", str(context)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHON": sys.executable})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == str(context)
    assert sorted(p.name for p in context.iterdir()) == ["wheels"]
    assert sorted(p.name for p in (context / "wheels").iterdir()) == ["deps", "project"]
    (project,) = (context / "wheels" / "project").iterdir()
    assert project.name.startswith("autoheal-") and project.suffix == ".whl"
    deps = {p.name.split("-")[0].lower() for p in (context / "wheels" / "deps").glob("*.whl")}
    assert {"pygithub", "pyyaml", "jinja2", "jsonschema", "google_re2"} <= deps
