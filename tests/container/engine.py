"""Thin helpers around the docker CLI for checks on the image itself (not action runs)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def quiet(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run a command from the repository root, capturing its output."""
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT)


def docker_run(image: str, *args: str, entrypoint: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A plain `docker run --rm` of the image (for checks on the image itself, not an action run)."""
    argv = ["docker", "run", "--rm"]
    if entrypoint is not None:
        argv += ["--entrypoint", entrypoint]
    return quiet(*argv, image, *args, timeout=timeout)


def inspect_image(image: str, template: str) -> str:
    return quiet("docker", "image", "inspect", "--format", template, image).stdout.strip()
