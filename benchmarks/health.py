"""health-check cost: API requests and wall time for 1k / 10k / 50k runs in the window.

Seeds the embedded simulator with N runs spread over the 30-day window (plus the same number in the
previous window, as a busy repository has), runs the real health-check stage once cold and once with its
ETag cache, and prints requests (total, for the run list, 304s) and seconds side by side. The baseline
column is the naive cost: every run page of both windows listed newest-first, 100 per page, no cache.

Usage: python benchmarks/health.py [--sizes 1000,10000,50000]
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from autoheal.invoke import invoke
from autoheal.sim import start


def seed(sim, n: int) -> None:
    sim.create_repo("octo/busy", files={f".github/workflows/w{i}.yml": f"name: W{i}\non: push\njobs: {{}}\n"
                                         for i in range(10)})
    now = sim.clock.now()
    span = timedelta(days=60) / (2 * n)
    for i in range(2 * n):
        sim.add_run("octo/busy", workflow=f"W{i % 10}", branch="main", head_sha=f"{i // 3:040x}",
                    conclusion="failure" if i % 7 == 0 else "success", created_at=now - span * (i + 1), jobs=[])


def measure(n: int) -> dict:
    sim = start()
    try:
        seed(sim, n)
        ws = Path(tempfile.mkdtemp(prefix="autoheal-health-bench-"))
        results = {}
        for label in ("cold", "cached"):
            began = time.perf_counter()
            inv = invoke("health-check", {"max-logs": 0}, api_url=sim.base_url, token=sim.token, repo="octo/busy",
                         workspace=ws)
            seconds = time.perf_counter() - began
            assert inv.exit_code == 0, inv.stdout + inv.stderr
            report = json.loads((ws / "autoheal-health.json").read_text())
            list_requests = sum(v for k, v in inv.gateways[0].usage.by_route.items() if k.endswith("/actions/runs"))
            results[label] = {"requests": inv.requests, "list": list_requests, "not_modified": report["not_modified"],
                              "seconds": seconds}
        results["baseline_list"] = math.ceil(2 * n / 100)
        return results
    finally:
        sim.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000")
    args = parser.parse_args()
    print(f"{'runs/window':>11} | {'cold req':>8} {'list':>5} {'s':>6} | {'cached req':>10} {'304':>5} {'s':>6} | "
          f"{'naive list req':>14}")
    for n in [int(x) for x in args.sizes.split(",")]:
        r = measure(n)
        c, w = r["cold"], r["cached"]
        print(f"{n:>11} | {c['requests']:>8} {c['list']:>5} {c['seconds']:>6.1f} | {w['requests']:>10} "
              f"{w['not_modified']:>5} {w['seconds']:>6.1f} | {r['baseline_list']:>14}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
