"""Peak memory of the online analysis: a run with several big failed jobs, each with a green-run baseline.

Usage: python benchmarks/online_memory.py [--jobs 5] [--mb 60] [--runs 1] [--autoheal CMD]

Builds a simulator scenario (one failed run of --jobs jobs whose logs are --mb MB of real CI logs,
and an earlier green run of the same jobs with logs of the same size), serves it with
`autoheal sim serve` in its own process, then runs `autoheal analyze-failure --run-id` against it
as a user would, under /usr/bin/time: prints the analysis process's wall time and peak RSS (with --runs N,
each run's and their min / max: the peak moves by a few MB from run to run).
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import autoheal_cmd, build, source_logs  # noqa: E402

TOKEN = "ghp_benchmark_token"


def scenario(tmp: Path, jobs: int, mb: int) -> Path:
    logs = source_logs()
    failed, green = tmp / "failed.log", tmp / "green.log"
    build(failed, mb, logs)
    build(green, mb, list(reversed(logs)))
    names = [f"test-{i}" for i in range(jobs)]

    def job_list(conclusion: str, log: str) -> str:
        return "\n".join(f"          - {{name: {n}, conclusion: {conclusion}, log_file: {log},"
                         f" steps: [{{name: Set up job, conclusion: success}},"
                         f" {{name: Run tests, conclusion: {conclusion}}}]}}" for n in names)

    text = f"""clock: "2026-01-05T12:00:00Z"
repos:
  - name: octo/app
    default_branch: main
    files:
      .github/workflows/ci.yml: "name: CI\\non: push\\njobs:\\n  test:\\n    runs-on: ubuntu-latest\\n    steps:\\n      - run: make test\\n"
    runs:
      - id: 3000
        workflow: CI
        branch: main
        event: push
        conclusion: success
        created_at: "2026-01-05T09:00:00Z"
        jobs:
{job_list("success", "green.log")}
      - id: 3001
        workflow: CI
        branch: main
        event: push
        conclusion: failure
        created_at: "2026-01-05T11:00:00Z"
        jobs:
{job_list("failure", "failed.log")}
"""
    path = tmp / "scenario.yml"
    path.write_text(text, encoding="utf-8")
    return path


def analyze_once(ah: list[str], tmp: Path, base_url: str, args: argparse.Namespace) -> int:
    """One `analyze-failure --run-id` against the running simulator: prints its figures, returns its peak RSS (KiB)."""
    report = tmp / "rss.txt"
    cmd = ["/usr/bin/time", "-f", "%M", "-o", str(report)] + ah + [
        "analyze-failure", "--run-id", "3001", "--repo", "octo/app", "--token", TOKEN,
        "--api-url", base_url, "--analysis-file", str(tmp / "analysis.json")]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp,
                          env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")})
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"analyze-failure failed ({proc.returncode}): {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    peak = int([x for x in report.read_text().split() if x.isdigit()][-1])
    doc = json.loads((tmp / "analysis.json").read_text())
    print(f"online analyze-failure: {args.jobs} failed jobs x {args.mb} MB, each with a {args.mb} MB green "
          f"baseline: {dt:.1f} s, peak RSS {peak / 1024:.0f} MB "
          f"(category {doc['category']}, {len(doc.get('related_jobs') or [])} related jobs, "
          f"baseline lines {(doc.get('baseline') or {}).get('lines')})")
    return peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=5)
    ap.add_argument("--mb", type=int, default=60)
    ap.add_argument("--runs", type=int, default=1, help="analyses against the same scenario (min / max printed)")
    ap.add_argument("--autoheal", help="command that runs autoheal (default: the venv's `autoheal`)")
    args = ap.parse_args()
    ah = shlex.split(args.autoheal) if args.autoheal else autoheal_cmd()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        path = scenario(tmp, args.jobs, args.mb)
        server = subprocess.Popen(autoheal_cmd() + ["sim", "serve", "--token", TOKEN, "--scenario", str(path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            first = server.stdout.readline().strip()
            if not first.startswith("base_url="):
                raise SystemExit(f"the simulator did not start: {first} {server.stderr.read()[-2000:]}")
            base_url = first.split("=", 1)[1]
            peaks = [analyze_once(ah, tmp, base_url, args) for _ in range(args.runs)]
            if len(peaks) > 1:
                print(f"peak RSS over {len(peaks)} runs: min {min(peaks) / 1024:.0f} MB, max {max(peaks) / 1024:.0f} MB")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
