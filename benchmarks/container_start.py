"""Container figures, side by side: the prebuilt image vs the two ways of not prebuilding it.

Prints
- the image's size (total, the base, autoheal's own layer) and its compressed (pull) size;
- what `runs.image: Dockerfile` would cost every consumer job: building the image with no cache;
- per action: a cold `docker run` (as the runner runs it, see tests/container/actionrunner.py) to
  the FIRST API request the simulator receives, and to the container's exit, for
  (a) the prebuilt image and (b) a baseline that is the bare base plus `pip install` of autoheal at
  container start (from local wheels, so a lower bound: the real baseline also downloads them).

Usage:  python benchmarks/container_start.py [--repeat N] [--skip-nocache-build]
Needs a Docker engine and the base image: `bash scripts/container-env.sh` prepares both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from autoheal.sim import start  # noqa: E402
from tests.container.actionrunner import DockerActionRunner  # noqa: E402
from tests.container.scenarios import SCENARIOS, run_scenario  # noqa: E402

# The baseline: the base image with the wheels, installing autoheal when the container starts.
# bash, not sh: Debian's dash drops environment variables whose names are not shell identifiers,
# and every action input with a hyphen (INPUT_ISSUE-NUMBER) would silently vanish.
BASELINE_DOCKERFILE = """\
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL io.autoheal.build="baseline"
COPY wheels/ /wheels/
ENTRYPOINT ["bash", "-c", "python3 -m venv /tmp/v && /tmp/v/bin/python -m pip install -q --no-index --no-deps /wheels/deps/*.whl /wheels/project/*.whl && exec /tmp/v/bin/autoheal \\"$@\\"", "autoheal"]
"""


def sh(*argv: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, check=True, cwd=REPO_ROOT, **kw)


def image_size(image: str) -> int:
    return int(sh("docker", "image", "inspect", "--format", "{{.Size}}", image).stdout)


def compressed_size(image: str) -> int:
    save = subprocess.Popen(["docker", "save", image], stdout=subprocess.PIPE)
    gz = subprocess.run(["gzip", "-6"], stdin=save.stdout, capture_output=True, check=True)
    save.wait()
    return len(gz.stdout)


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def prepare_context(base: str) -> Path:
    ctx = Path(tempfile.mkdtemp(prefix="autoheal-bench-"))
    sh("bash", "scripts/build-image.sh", "--base", base, "--context-only", str(ctx),
       env={**os.environ, "PYTHON": sys.executable})
    return ctx


def build(ctx: Path, base: str, tag: str, dockerfile: Path, *, no_cache: bool = False) -> float:
    argv = ["docker", "build", "--quiet", "--build-arg", f"BASE_IMAGE={base}", "--file", str(dockerfile),
            "--tag", tag]
    if no_cache:
        argv.append("--no-cache")
    started = time.perf_counter()
    sh(*argv, str(ctx))
    return time.perf_counter() - started


def measure(runner: DockerActionRunner, sim, name: str, repeat: int) -> dict:
    """Median seconds from `docker run` to the first API request and to exit, over `repeat` cold
    runs of the action on its seeded scenario (tests/container/scenarios.py)."""
    scenario = SCENARIOS[name]
    firsts, exits, codes = [], [], set()
    for _ in range(repeat):
        sim.reset()
        seeded = scenario.seed(sim)
        seeded_requests = len(sim.requests)
        started = time.time()
        run = run_scenario(runner, sim, scenario, seeded)
        codes.add(run.exit_code)
        exits.append(run.seconds)
        ours = sim.requests[seeded_requests:]
        if ours:
            firsts.append(min(r.wall_time for r in ours) - started)
    return {"first": statistics.median(firsts) if firsts else None, "exit": statistics.median(exits),
            "codes": sorted(codes), "requests": len(sim.requests) - seeded_requests}


def fmt(seconds: float | None) -> str:
    return "   -  " if seconds is None else f"{seconds:5.2f}s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per action and image (median)")
    parser.add_argument("--skip-nocache-build", action="store_true", help="skip the from-scratch build timing")
    args = parser.parse_args(argv)

    base = sh("bash", "scripts/container-env.sh", "--print-base").stdout.strip()
    ctx = prepare_context(base)
    try:
        build(ctx, base, "autoheal:bench", REPO_ROOT / "Dockerfile")
        (ctx / "Dockerfile.baseline").write_text(BASELINE_DOCKERFILE)
        build(ctx, base, "autoheal:bench-baseline", ctx / "Dockerfile.baseline")
        nocache = None
        if not args.skip_nocache_build:
            nocache = build(ctx, base, "autoheal:bench-nocache", REPO_ROOT / "Dockerfile", no_cache=True)
            # Only its build time matters; its layers duplicate autoheal:bench's.
            sh("docker", "rmi", "autoheal:bench-nocache")
            sh("docker", "image", "prune", "--force", "--filter", "label=io.autoheal.build")
    finally:
        shutil.rmtree(ctx, ignore_errors=True)

    total, base_size = image_size("autoheal:bench"), image_size(base)
    print(f"machine           {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(timings scale with it)")
    print(f"base image        {base}: {mb(base_size)}")
    print(f"autoheal image    {mb(total)} (autoheal's layer {mb(total - base_size)}), "
          f"compressed {mb(compressed_size('autoheal:bench'))}")
    if nocache is not None:
        print(f"build, no cache   {nocache:.1f}s  (docker build of the prepared wheels; `runs.image: Dockerfile` "
              "pays at least this on every consumer job, plus the downloads)")
    version = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        sh("docker", "run", "--rm", "autoheal:bench", "--version")
        version.append(time.perf_counter() - started)
    print(f"docker run --version  {statistics.median(version):.2f}s (container start + Python + CLI import)")
    print()
    print(f"{'action':<17} {'calls':>5} {'prebuilt: first request':>24} {'exit':>7}   "
          f"{'pip at start: first request':>28} {'exit':>7}   exit codes")
    sim = start()
    try:
        with tempfile.TemporaryDirectory(prefix="autoheal-bench-runs-") as work:
            runners = {name: DockerActionRunner(image=image, repo_root=REPO_ROOT, work_dir=Path(work))
                       for name, image in (("prebuilt", "autoheal:bench"), ("baseline", "autoheal:bench-baseline"))}
            for name in SCENARIOS:
                pre = measure(runners["prebuilt"], sim, name, args.repeat)
                bl = measure(runners["baseline"], sim, name, max(1, args.repeat // 2))
                print(f"{name:<17} {pre['requests']:>5} {fmt(pre['first']):>24} {fmt(pre['exit']):>7}   "
                      f"{fmt(bl['first']):>28} {fmt(bl['exit']):>7}   {pre['codes']} / {bl['codes']}")
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
