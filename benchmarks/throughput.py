"""Throughput, memory and start-up of `autoheal analyze-failure` next to cat, grep and ripgrep, in one run.

Usage: python benchmarks/throughput.py [--sizes 10,200,1000] [--rounds 3] [--no-baseline] [--no-startup]
                                       [--instructions] [--autoheal CMD] [--compare CMD]

For each size, a log is built by concatenating the real logs (tests/data/logs and
../shared/logs/cidiff) until it reaches that many MB, plus a same-size "green run" built from
the same logs in reverse order. Each round then runs, on the same file:

  cat FILE > /dev/null                        the floor: reading the bytes
  grep -Eic PATTERN FILE > out                22 typical failure alternatives (PATTERN below);
                                              written to a file: GNU grep stops at the first
                                              match when its output is /dev/null
  rg -ic PATTERN FILE > out                   if ripgrep is installed (apt-get install ripgrep)
  autoheal analyze-failure --log FILE         the CLI as users run it (new process, JSON written)
  ... --baseline GREEN                        the same with a same-size green run (novelty)
  compare: ...                                with --compare CMD: the same two rows for another autoheal
                                              command (e.g. the code before a change), in the same rounds

and prints MB/s, the ratio to grep in the same round (robust to a loaded machine) and each
child's peak RSS (os.wait4); also each child's CPU seconds (user + system, os.wait4) and the
ratio of grep's CPU time to it, which a busy shared machine disturbs far less than wall time. With several rounds it prints min and median. Start-up: `python -c
pass`, `autoheal --version` and an offline analysis of a 3-line log, without and with a config file
(the scaffold's example config in .github/autoheal.yml), min and median of 7 runs; with --instructions
also each case's user-space instructions under valgrind (callgrind), which load on the machine does not move.
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "data" / "logs", ROOT.parent / "shared" / "logs" / "cidiff" / "logs",
           Path("/work/shared/logs/cidiff/logs")]

# What a person greps a CI log for: 22 alternatives.
PATTERN = ("error|fail(ed|ure)?|exception|traceback|fatal|panic|segmentation fault|timed? ?out|cannot find|"
           "not found|no such file|permission denied|undefined reference|killed|out of memory|exit code [1-9]|"
           "syntax ?error|assert(ion)?|denied|refused|unable to|could not")


def source_logs() -> list[Path]:
    seen: set[Path] = set()
    logs = []
    for src in SOURCES:
        if src.is_dir() and src.resolve() not in seen:
            seen.add(src.resolve())
            logs += sorted(src.glob("*.log"))
    if not logs:
        raise SystemExit("no source logs found (tests/data/logs, ../shared/logs/cidiff/logs)")
    return logs


def build(path: Path, mb: int, logs: list[Path]) -> int:
    data = b"".join(b if b.endswith(b"\n") else b + b"\n" for b in (p.read_bytes() for p in logs))
    target = mb * 1_000_000
    written = 0
    with open(path, "wb") as fh:
        while written < target:
            piece = data[: target - written]
            fh.write(piece)
            written += len(piece)
    return written


TIME = shutil.which("time", path="/usr/bin:/bin")
CONFIG_EXAMPLE = ROOT / "src" / "autoheal" / "scaffold" / "autoheal-config.example.yml"

# As installed: pip compiles bytecode at install time, so a user's process reads cached .pyc files. A dev
# environment with PYTHONDONTWRITEBYTECODE=1 would recompile every module on every start; the children
# here may write their cache (the first, untimed run warms it).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"LC_ALL": "C"}


def run(cmd: list[str], out: Path | None = None, cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall time, peak RSS (KiB) and exit code of one child (its CPU seconds go to LAST_CPU).

    The RSS comes from /usr/bin/time when present: Linux carries ru_maxrss over execve, so a child
    forked straight from this Python process would report at least this process's peak.
    """
    sink = open(out, "wb") if out else subprocess.DEVNULL
    report = (cwd or Path(tempfile.gettempdir())) / "rss.txt"
    wrapped = [TIME, "-f", "%M", "-o", str(report)] + cmd if TIME else cmd
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=sink, stderr=subprocess.DEVNULL, cwd=cwd, env=CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
    finally:
        if out:
            sink.close()
    code = os.waitstatus_to_exitcode(status)
    LAST_CPU[:] = [usage.ru_utime + usage.ru_stime]  # the child and what it waited for (time -> the command)
    peak = usage.ru_maxrss
    if TIME and report.exists():
        lines = [x for x in report.read_text().split() if x.isdigit()]
        peak = int(lines[-1]) if lines else peak
    return dt, peak, code


AUTOHEAL: list[str] = []
LAST_CPU: list[float] = [0.0]


def autoheal_cmd() -> list[str]:
    if AUTOHEAL:
        return AUTOHEAL
    exe = shutil.which("autoheal", path=str(Path(sys.executable).parent)) or shutil.which("autoheal")
    return [exe] if exe else [sys.executable, "-m", "autoheal"]


COMPARE: list[str] = []
"""With --compare: another autoheal command (e.g. an older checkout) timed in the same rounds, same file."""


ROW_NAMES = {"autoheal": ("autoheal analyze-failure --log", "  ... --baseline (same size)"),
             "compare": ("compare: analyze-failure --log", "  compare: ... --baseline")}


def autoheal_rows(ah: list[str], which: str, path: Path, green: Path, tmp: Path,
                  with_baseline: bool) -> list[tuple[str, list[str], Path | None]]:
    plain, baseline = ROW_NAMES[which]
    rows = [(plain, ah + ["analyze-failure", "--log", str(path), "--analysis-file", str(tmp / "a.json")], None)]
    if with_baseline:
        rows.append((baseline, ah + ["analyze-failure", "--log", str(path), "--baseline", str(green),
                                     "--analysis-file", str(tmp / "b.json")], None))
    return rows


def tools(path: Path, green: Path, tmp: Path, with_baseline: bool) -> list[tuple[str, list[str], Path | None]]:
    out = tmp / "out.txt"
    rows = [("cat", ["cat", str(path)], None),
            ("grep -Eic (22 alternatives)", ["grep", "-Eic", PATTERN, str(path)], out)]
    if shutil.which("rg"):
        rows.append(("ripgrep -ic", ["rg", "-ic", PATTERN, str(path)], out))
    rows += autoheal_rows(autoheal_cmd(), "autoheal", path, green, tmp, with_baseline)
    if COMPARE:
        rows += autoheal_rows(COMPARE, "compare", path, green, tmp, with_baseline)
    return rows


def fmt(values: list[float], spec: str) -> str:
    if len(values) == 1:
        return format(values[0], spec)
    return f"{format(min(values), spec)} / {format(statistics.median(values), spec)}"


def bench_size(mb: int, rounds: int, with_baseline: bool, logs: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        path, green = tmp / "failed.log", tmp / "green.log"
        size = build(path, mb, logs)
        if with_baseline:
            build(green, mb, list(reversed(logs)))
        rows = tools(path, green, tmp, with_baseline)
        times: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        cpu: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        rss: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        ratio: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        cpu_ratio: dict[str, list[float]] = {name: [] for name, _, _ in rows}
        for _ in range(rounds):
            for warm in (path, green) if with_baseline else (path,):  # page cache
                run(["cat", str(warm)], cwd=tmp)
            for name, cmd, out in rows:
                dt, peak, code = run(cmd, out, cwd=tmp)
                if code not in (0, 1):
                    raise SystemExit(f"{name} failed with exit code {code}: {' '.join(cmd)}")
                times[name].append(dt)
                cpu[name].append(LAST_CPU[0])
                rss[name].append(peak / 1024)
            grep_dt = times["grep -Eic (22 alternatives)"][-1]
            grep_cpu = cpu["grep -Eic (22 alternatives)"][-1]
            for name in times:
                ratio[name].append(grep_dt / times[name][-1])
                cpu_ratio[name].append(grep_cpu / max(cpu[name][-1], 1e-3))
        label = "min / median" if rounds > 1 else ""
        print(f"\n{size / 1e6:.0f} MB of real CI logs, {rounds} round(s) ({label})")
        print(f"{'':34} {'MB/s':>17} {'x grep':>15} {'peak RSS MB':>15} {'seconds':>15} {'CPU seconds':>15}"
              f" {'x grep (CPU)':>15}")
        for name in times:
            mbs = [size / 1e6 / t for t in times[name]]
            print(f"{name:34} {fmt(sorted(mbs, reverse=True), '8.1f'):>17} {fmt(sorted(ratio[name], reverse=True), '6.3f'):>15}"
                  f" {fmt(rss[name], '6.0f'):>15} {fmt(times[name], '6.2f'):>15} {fmt(cpu[name], '6.2f'):>15}"
                  f" {fmt(sorted(cpu_ratio[name], reverse=True), '6.3f'):>15}")
        if with_baseline:
            for which in ("autoheal", "compare") if COMPARE else ("autoheal",):
                plain, baseline = ROW_NAMES[which]
                ratios = sorted(b / a for a, b in zip(times[plain], times[baseline]))
                label = "  --baseline / without" if which == "autoheal" else "  compare: --baseline / without"
                print(f"{label:34} {fmt(ratios, '6.2f'):>33} x time")


def instructions(cmd: list[str], cwd: Path) -> int | None:
    """User-space instructions of one run under valgrind's callgrind (None without valgrind): the start-up
    figure a busy shared machine does not move (the same command counts within ~0.1 %)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    proc = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", "--trace-children=yes"] + cmd, cwd=cwd,
                          env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = [line.rsplit(":", 1)[-1].strip() for line in proc.stderr.splitlines() if "Collected :" in line]
    return int(found[-1]) if found and proc.returncode == 0 else None


def startup(runs: int = 7, count_instructions: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        log = tmp / "small.log"
        log.write_text("Run make test\nerror: cannot find module 'left-pad'\nProcess completed with exit code 1.\n")
        # The same analysis in a repository with a config file: the scaffold's example (every section set).
        configured = tmp / "repo"
        (configured / ".github").mkdir(parents=True)
        (configured / ".github" / "autoheal.yml").write_bytes(CONFIG_EXAMPLE.read_bytes())
        ah = autoheal_cmd()
        cases = [("python -c pass", [sys.executable, "-c", "pass"], tmp)]
        analysis = ["analyze-failure", "--log", str(log), "--analysis-file", str(tmp / "s.json")]
        for label, cmd in [("autoheal", ah)] + ([("compare:", COMPARE)] if COMPARE else []):
            cases += [(f"{label} --version", cmd + ["--version"], tmp),
                      (f"{label} analyze-failure --log (3 lines)", cmd + analysis, tmp),
                      (f"{label} ... with a config file", cmd + analysis, configured)]
        times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        cpu: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        for _, cmd, cwd in cases:  # warm: page cache and bytecode cache
            run(cmd, cwd=cwd)
        for _ in range(runs):
            for name, cmd, cwd in cases:
                dt, _, code = run(cmd, cwd=cwd)
                if code != 0:
                    raise SystemExit(f"{name} failed with exit code {code}")
                times[name].append(dt)
                cpu[name].append(LAST_CPU[0])
        base, base_cpu = times["python -c pass"], cpu["python -c pass"]
        print(f"\nstart-up, {runs} runs (min / median)")
        print(f"{'':42} {'ms':>15} {'x python -c pass':>17} {'CPU ms':>15} {'x (CPU)':>15}")
        for name, ts in times.items():
            ratios = [min(ts) / min(base), statistics.median(ts) / statistics.median(base)]
            cs = cpu[name]
            cpu_ratios = [min(cs) / max(min(base_cpu), 1e-3), statistics.median(cs) / max(statistics.median(base_cpu), 1e-3)]
            print(f"{name:42} {fmt([t * 1000 for t in ts], '6.0f'):>15} {fmt(ratios, '6.1f'):>17}"
                  f" {fmt([c * 1000 for c in cs], '6.0f'):>15} {fmt(cpu_ratios, '6.1f'):>15}")
        if count_instructions:
            counts = {name: instructions(cmd, cwd) for name, cmd, cwd in cases}
            if None in counts.values():
                print("instructions: valgrind not found or a run failed (apt-get install valgrind)")
                return
            print("\nstart-up, user-space instructions (valgrind --tool=callgrind, one run each)")
            for name, n in counts.items():
                print(f"{name:42} {n / 1e6:12.1f} M {n / counts['python -c pass']:8.1f}x python -c pass")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,200", help="comma-separated sizes in MB (e.g. 10,200,1000)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-baseline", action="store_true", help="skip the --baseline runs")
    ap.add_argument("--no-startup", action="store_true")
    ap.add_argument("--instructions", action="store_true",
                    help="also count each start-up case's instructions under valgrind (steady on a busy machine)")
    ap.add_argument("--autoheal", help="command that runs autoheal (default: the venv's `autoheal`), e.g. to time "
                                       "another checkout: --autoheal 'env PYTHONPATH=../old/src python -m autoheal'")
    ap.add_argument("--compare", help="a second autoheal command timed in the same rounds on the same file (rows "
                                      "'compare: ...'), e.g. the code before a change: side by side, same load")
    args = ap.parse_args()
    if args.autoheal:
        AUTOHEAL[:] = shlex.split(args.autoheal)
    if args.compare:
        COMPARE[:] = shlex.split(args.compare)
    logs = source_logs()
    print(f"pattern (grep/rg): {PATTERN}")
    print(f"autoheal: {' '.join(autoheal_cmd())}; hyperscan {'installed' if _has_hyperscan() else 'not installed'}")
    for mb in [int(x) for x in args.sizes.split(",") if x.strip()]:
        bench_size(mb, args.rounds, not args.no_baseline, logs)
    if not args.no_startup:
        startup(count_instructions=args.instructions)
    return 0


def _has_hyperscan() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
