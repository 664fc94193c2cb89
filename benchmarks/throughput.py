"""Throughput and memory of autoheal's analyzer vs. `grep -E -c`, side by side.

Usage: python benchmarks/throughput.py [--mb 200] [--rss-gb 1.0] [--skip-rss]

1. Builds a log of --mb MB by concatenating the real logs (../shared/logs/cidiff
   and tests/data/logs) into a temp file.
2. Times `grep -E -i -c` with the SAME combined pattern set as the analyzer's
   prefilter (translated from RE2 to POSIX ERE), then `analyze()` on the same file
   (streamed), and prints MB/s for both and the ratio.
3. Streams a --rss-gb GB log (generated on the fly, never written to disk) through
   `analyze()` in a child process and prints its peak RSS.
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from autoheal.analysis import analyze, default_kb  # noqa: E402
from autoheal.analysis.rules import STRUCTURE_PATTERNS  # noqa: E402

SOURCES = [ROOT.parent / "shared" / "logs" / "cidiff" / "logs", ROOT / "tests" / "data" / "logs"]


def to_ere(rx: str) -> str:
    """Translate one RE2 pattern of the KB into GNU ERE (grep -E)."""
    rx = re.sub(r"\(\?P<\w+>", "(", rx)
    rx = rx.replace("(?:", "(").replace("(?i)", "").replace("(?m)", "")
    rx = rx.replace("*?", "*").replace("+?", "+")
    if rx.startswith("^"):
        rx = rx[1:]
    out = []
    i = 0
    while i < len(rx):
        ch = rx[i]
        if ch == "\\" and i + 1 < len(rx):
            nxt = rx[i + 1]
            if nxt in ".[]()*+?{}|^$\\":
                out.append("\\" + nxt)
            elif nxt.isalnum():
                out.append({"d": "[0-9]", "t": "\t", "s": "[[:space:]]", "S": "[^[:space:]]"}.get(nxt, "\\" + nxt))
            else:
                out.append(nxt)  # RE2 escapes punctuation freely; ERE wants it bare
            i += 2
            continue
        if ch == "[":
            i, cls = _bracket(rx, i)
            out.append(cls)
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _bracket(rx: str, i: int) -> tuple[int, str]:
    """Translate the RE2 class starting at rx[i] into a POSIX bracket expression."""
    i += 1
    negate = rx[i : i + 1] == "^"
    if negate:
        i += 1
    members: list[str] = []
    close_bracket = dash = False
    first = True
    while i < len(rx) and (rx[i] != "]" or first and False):
        ch = rx[i]
        if ch == "\\" and i + 1 < len(rx):
            nxt = rx[i + 1]
            if nxt == "]":
                close_bracket = True
            elif nxt == "-":
                dash = True
            elif nxt in "[.=:":
                members.append(nxt if nxt != "[" else "[")
            else:
                members.append({"d": "0-9", "w": "A-Za-z0-9_", "s": " \t", "t": "\t", "\\": "\\"}.get(nxt, nxt))
            i += 2
        elif ch == "-" and (i + 1 < len(rx) and rx[i + 1] == "]"):
            dash = True
            i += 1
        else:
            members.append(ch)
            i += 1
        first = False
    body = "".join(members)
    # '[' followed by '.', '=' or ':' would open a POSIX class element: keep '[' last.
    if "[" in body:
        body = body.replace("[", "") + "["
    return i + 1, "[" + ("^" if negate else "") + ("]" if close_bracket else "") + body + ("-" if dash else "") + "]"


def combined_ere() -> str:
    """The analyzer's own prefilter (what it scans every byte with), as one ERE."""
    return to_ere(default_kb().prefilter_source.removeprefix("(?m)"))


def full_union_ere() -> str:
    """Every KB pattern in full, as one ERE (a heavier reference point)."""
    kb = default_kb()
    parts = [to_ere(p.regex) for p in kb.patterns] + [to_ere(p) for p in STRUCTURE_PATTERNS]
    return "|".join(f"({p})" for p in dict.fromkeys(parts))


def build_log(path: Path, mb: int) -> int:
    blobs = [f.read_bytes() for src in SOURCES if src.exists() for f in sorted(src.glob("*.log"))]
    if not blobs:
        raise SystemExit("no source logs found")
    data = b"".join(b if b.endswith(b"\n") else b + b"\n" for b in blobs)
    target = mb * 1_000_000
    written = 0
    with open(path, "wb") as fh:
        while written < target:
            fh.write(data)
            written += len(data)
    return written


def time_grep(path: Path, pattern: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(["grep", "-E", "-i", "-c", "-e", pattern, str(path)], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL="C"))
    dt = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"grep failed: {proc.stderr.strip()[:500]}")
    return dt, proc.stdout.strip()


def time_analyze(path: Path) -> tuple[float, object]:
    t0 = time.perf_counter()
    with open(path, "rb") as fh:
        a = analyze(fh)
    return time.perf_counter() - t0, a


RSS_CHILD = r"""
import resource, sys
sys.path.insert(0, sys.argv[2])
from autoheal.analysis import analyze
total = int(float(sys.argv[1]) * 1_000_000_000)
unit = b"".join(open(p, "rb").read() for p in sys.argv[3:])
class Gen:
    def __init__(self): self.left = total
    def read(self, n=-1):
        if self.left <= 0: return b""
        k = min(self.left, n if n and n > 0 else 4 << 20)
        reps = k // len(unit) + 1
        self.left -= k
        return (unit * reps)[:k]
a = analyze(Gen())
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over execve from the forking parent.
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(a.category, a.log["lines"], hwm)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--rss-gb", type=float, default=1.0)
    ap.add_argument("--skip-rss", action="store_true")
    ap.add_argument("--full-union", action="store_true", help="also time grep with every KB pattern in full")
    args = ap.parse_args()

    pattern = combined_ere()
    kb = default_kb()
    print(f"pattern set: {len(kb.patterns)} KB patterns + {len(STRUCTURE_PATTERNS)} structural markers, "
          f"{len(pattern)} chars as one ERE alternation")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.log"
        size = build_log(path, args.mb)
        mb = size / 1e6
        print(f"log: {mb:.0f} MB built from the real logs (cache warmed by a first read)")
        path.read_bytes()
        g_dt, g_count = time_grep(path, pattern)
        a_dt, a = time_analyze(path)
        g_dt2, _ = time_grep(path, pattern)
        g_best = min(g_dt, g_dt2)
        print(f"grep -E -i -c     {mb / g_best:8.1f} MB/s  ({g_best:.2f} s, {g_count} matching lines; the analyzer's prefilter)")
        print(f"autoheal analyze  {mb / a_dt:8.1f} MB/s  ({a_dt:.2f} s, {a.log['candidates']} candidate lines, category {a.category})")
        print(f"ratio             {g_best / a_dt:8.2f} x grep  (target >= 0.33)")
        if args.full_union:
            f_dt, f_count = time_grep(path, full_union_ere())
            print(f"grep -E -i -c, every KB pattern in full: {mb / f_dt:.1f} MB/s ({f_dt:.2f} s, {f_count} lines)")
    if not args.skip_rss:
        logs = [str(f) for src in SOURCES if src.exists() for f in sorted(src.glob("*.log"))[:40]]
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", RSS_CHILD, str(args.rss_gb), str(ROOT / "src"), *logs],
                             capture_output=True, text=True, check=True).stdout.split()
        dt = time.perf_counter() - t0
        print(f"streaming {args.rss_gb:g} GB (generated, never on disk): peak RSS {int(out[2]) / 1024:.0f} MB "
              f"(target < 150 MB), {args.rss_gb * 1000 / dt:.0f} MB/s, {out[1]} lines, category {out[0]}")
    print(f"this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
