"""Accuracy of autoheal's analyzer on labeled logs. Prints figures; it is not a test.

Usage: python benchmarks/accuracy.py [--set shared|own|all] [--verbose]

Sets:
  shared  ../shared/logs/cidiff (70 real logs; categories assigned by hand, line
          ranges from the CiDiff study)
  own     tests/data/logs (logs produced here by real toolchains, labeled by
          construction; the held-out set)

Metrics:
  category accuracy   analysis.category == label
  key-line recall     labeled "error" ranges that contain at least one key line
                      (micro-averaged over ranges), and the share of logs where at
                      least one key line falls in a labeled error range
  key-line precision  key lines that fall inside any labeled range (error or context)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from autoheal.analysis import analyze  # noqa: E402

SHARED = ROOT.parent / "shared" / "logs" / "cidiff"
if not SHARED.exists():
    SHARED = Path("/work/shared/logs/cidiff")
OWN = ROOT / "tests" / "data" / "logs"


def load_set(folder: Path, name: str) -> list[dict]:
    labels = folder / "labels.jsonl"
    if not labels.exists():
        print(f"[{name}] {labels} not found: skipped")
        return []
    items = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            item["path"] = folder / item["file"]
            item["set"] = name
            items.append(item)
    return items


def ranges(item: dict, kinds=("error",)) -> list[tuple[int, int]]:
    return [(r["start"], r["end"]) for r in item.get("groundtruth_lines", []) if r["kind"] in kinds]


def evaluate(items: list[dict], verbose: bool) -> dict:
    confusion: dict[str, Counter] = defaultdict(Counter)
    correct = 0
    ranges_total = ranges_hit = 0
    logs_hit = 0
    keys_total = keys_in = 0
    elapsed = 0.0
    misses = []
    for item in items:
        with open(item["path"], "rb") as fh:
            t0 = time.perf_counter()
            a = analyze(fh, workflow=item.get("workflow", ""), job=item.get("job", ""))
            elapsed += time.perf_counter() - t0
        truth = item["category"]
        confusion[truth][a.category] += 1
        ok = a.category == truth
        correct += ok
        lines = [k.line for k in a.key_lines]
        err = ranges(item)
        anyr = ranges(item, ("error", "context"))
        hit = [any(s <= n <= e for n in lines) for s, e in err]
        ranges_total += len(err)
        ranges_hit += sum(hit)
        logs_hit += bool(err) and any(hit)
        keys_total += len(lines)
        keys_in += sum(1 for n in lines if any(s <= n <= e for s, e in anyr))
        if not ok or (err and not any(hit)):
            misses.append((item["file"], truth, a.category, a.confidence, sum(hit), len(err)))
        if verbose:
            print(f"  {'ok ' if ok else 'BAD'} {item['file']:<55} {truth:<18} -> {a.category:<18} {a.confidence:>3}  ranges {sum(hit)}/{len(err)}")
    n = len(items)
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "range_recall": ranges_hit / ranges_total if ranges_total else 0.0,
        "log_recall": logs_hit / sum(1 for i in items if ranges(i)) if items else 0.0,
        "precision": keys_in / keys_total if keys_total else 0.0,
        "confusion": confusion,
        "misses": misses,
        "seconds": elapsed,
    }


def print_report(name: str, r: dict) -> None:
    print(f"\n== {name}: {r['n']} logs, analyzed in {r['seconds']:.2f} s")
    print(f"category accuracy      {r['accuracy']:.1%}")
    print(f"key-line recall        {r['range_recall']:.1%} of labeled error ranges; {r['log_recall']:.1%} of logs have a key line in an error range")
    print(f"key-line precision     {r['precision']:.1%} of key lines fall inside a labeled range")
    cats = sorted(set(r["confusion"]) | {p for c in r["confusion"].values() for p in c})
    width = max((len(c) for c in cats), default=8)
    print("\nconfusion matrix (rows: label, columns: predicted)")
    abbrev = [c[:6] for c in cats]
    print(" " * (width + 2) + " ".join(f"{a:>6}" for a in abbrev))
    for truth in cats:
        row = r["confusion"].get(truth, Counter())
        if not row:
            continue
        print(f"{truth:<{width}}  " + " ".join(f"{row.get(p, 0) or '.':>6}" for p in cats))
    if r["misses"]:
        print("\nmisclassified or no key line in an error range:")
        for f, truth, got, conf, hit, total in r["misses"]:
            print(f"  {f}: label {truth}, got {got} ({conf}); ranges hit {hit}/{total}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["shared", "own", "all"], default="all")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    sets = []
    if args.set in ("shared", "all"):
        sets.append(("shared (../shared/logs/cidiff)", load_set(SHARED, "shared")))
    if args.set in ("own", "all"):
        sets.append(("own held-out (tests/data/logs)", load_set(OWN, "own")))
    for name, items in sets:
        if items:
            print_report(name, evaluate(items, args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
