"""Accuracy of autoheal's analyzer on labeled logs. Prints figures; it is not a test.

Usage: python benchmarks/accuracy.py [--set NAME ...] [--verbose]

Sets (each skipped when absent):
  corpus-dev      tests/data/corpus/dev       real CI job logs, labeled by hand (labels-*.jsonl, split dev)
  corpus-heldout  tests/data/corpus/heldout   the same, held out: ONLY aggregate figures are printed,
                                              never a log's name, lines or result (--verbose ignores it)
  cidiff          ../shared/logs/cidiff       70 real logs (GitHub Actions, Jenkins) from the CiDiff study
  toollogs        tests/data/toollogs         real tools run here, wrapped in job-log layouts (scripts/make-tool-logs.py)
  logs            tests/data/logs             the older own set (tests/data/logs/generate.py)

Metrics, per set and per category:
  category        the analysis's category equals the label (strict), or is one of alt_categories
  top-1 / top-5   a true error line (inside a labeled `error` range) is the first key line / among the first 5
  located         the analysis says it found the failing step and its error lines (Analysis.located)
  specifics       for each labeled specific (tests, module, file, exit_code, command): found in the analysis;
                  per field (micro) and per log (every labeled field right). What "found" means for each
                  field (path boundaries, token boundaries, quoting, equivalent test-id forms) is defined
                  and unit-tested in benchmarks/accuracy_matching.py (tests/analysis/test_accuracy_matching.py)
  calibration     category accuracy by confidence band (<50, 50-69, 70-84, >=85)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy_matching as match  # noqa: E402
from autoheal.analysis import analyze  # noqa: E402

CIDIFF = ROOT.parent / "shared" / "logs" / "cidiff"
if not CIDIFF.exists():
    CIDIFF = Path("/work/shared/logs/cidiff")
CORPUS = ROOT / "tests" / "data" / "corpus"
TOOLLOGS = ROOT / "tests" / "data" / "toollogs"
OWN = ROOT / "tests" / "data" / "logs"
BANDS = ((0, 49, "<50"), (50, 69, "50-69"), (70, 84, "70-84"), (85, 100, ">=85"))
SETS = ("corpus-dev", "corpus-heldout", "cidiff", "toollogs", "logs")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_folder(folder: Path) -> list[dict]:
    labels = folder / "labels.jsonl"
    if not labels.exists():
        return []
    items = _jsonl(labels)
    for item in items:
        item["path"] = folder / item["file"]
    return items


def load_corpus(split: str) -> list[dict]:
    """Corpus records of one split; the files are opened only by analyze()."""
    items = []
    for labels in sorted(CORPUS.glob("labels*.jsonl")):
        for item in _jsonl(labels):
            if item.get("split", "dev") != split or not item.get("file"):
                continue  # another split, or a log kept only by reference (its licence forbids a copy)
            path = CORPUS / item["file"]
            if not path.exists():
                path = CORPUS / split / item["file"]
            if not path.exists():
                path = CORPUS / split / Path(item["file"]).name
            if path.exists():
                item["path"] = path
                items.append(item)
    return items


def load(name: str) -> list[dict]:
    if name == "corpus-dev":
        return load_corpus("dev")
    if name == "corpus-heldout":
        return load_corpus("heldout")
    return load_folder({"cidiff": CIDIFF, "toollogs": TOOLLOGS, "logs": OWN}[name])


def error_ranges(item: dict) -> list[tuple[int, int]]:
    return [(r["start"], r["end"]) for r in item.get("groundtruth_lines", []) if r.get("kind") == "error"]


def specifics_checks(item: dict, a) -> dict[str, bool]:
    """Which labeled specifics the analysis got right (only fields the label fills; rules in accuracy_matching)."""
    want = dict(item.get("specifics") or {})
    for key in ("exit_code", "command"):
        if key not in want and item.get(key) not in (None, ""):
            want[key] = item[key]
    got = a.specifics
    out: dict[str, bool] = {}
    tests = want.get("tests") or []
    if isinstance(tests, str):
        tests = [tests]
    if tests:
        found = list(got.get("tests", []))
        out["tests"] = any(match.test_matches(t, found) for t in tests)
    if want.get("module"):
        out["module"] = match.module_matches(want["module"], list(got.get("modules", [])) + [got.get("project") or ""])
    if want.get("file"):
        out["file"] = match.file_matches(want["file"], list(got.get("locations", []))[:5])
    if want.get("exit_code") not in (None, ""):
        out["exit_code"] = got.get("exit_code") == int(want["exit_code"])
    if want.get("command"):
        out["command"] = match.command_matches(want["command"], got.get("command"))
    return out


def evaluate(items: list[dict]) -> dict:
    rows = []
    elapsed = 0.0
    for item in items:
        with open(item["path"], "rb") as fh:
            t0 = time.perf_counter()
            a = analyze(fh, workflow=item.get("workflow", ""), job=item.get("job", ""))
            elapsed += time.perf_counter() - t0
        truth = item["category"]
        alts = set(item.get("alt_categories") or [])
        err = error_ranges(item)
        lines = [k.line for k in a.key_lines]
        inside = [any(s <= n <= e for s, e in err) for n in lines]
        checks = specifics_checks(item, a)
        rows.append({
            "file": item.get("file"),
            "category": truth,
            "got": a.category,
            "confidence": a.confidence,
            "strict": a.category == truth,
            "alt": a.category == truth or a.category in alts,
            "has_ranges": bool(err),
            "top1": bool(inside[:1] and inside[0]),
            "top5": any(inside[:5]),
            "located": a.located,
            "checks": checks,
            "ci": item.get("ci_system") or ("github" if str(item.get("log_format", "")).lower().find("github") >= 0 else "other"),
            "tool": a.tool,
        })
    return {"rows": rows, "seconds": elapsed}


def _pct(num: int, den: int) -> str:
    return f"{num / den:6.1%}" if den else "     -"


def summary_line(rows: list[dict]) -> str:
    n = len(rows)
    ranged = [r for r in rows if r["has_ranges"]]
    fields = [ok for r in rows for ok in r["checks"].values()]
    with_spec = [r for r in rows if r["checks"]]
    return (
        f"{n:>4} {_pct(sum(r['strict'] for r in rows), n)} {_pct(sum(r['alt'] for r in rows), n)} "
        f"{_pct(sum(r['top1'] for r in ranged), len(ranged))} {_pct(sum(r['top5'] for r in ranged), len(ranged))} "
        f"{_pct(sum(r['located'] for r in rows), n)} "
        f"{_pct(sum(fields), len(fields))} {_pct(sum(all(r['checks'].values()) for r in with_spec), len(with_spec))}"
    )


HEADER = "   n  strict    alt  top-1  top-5 located  spec/f spec/log"


def print_report(name: str, result: dict, verbose: bool) -> None:
    rows = result["rows"]
    print(f"\n== {name}: {len(rows)} logs, analyzed in {result['seconds']:.2f} s")
    print(f"{'':<22}{HEADER}")
    print(f"{'ALL':<22}{summary_line(rows)}")
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_cat[r["category"]].append(r)
    for cat in sorted(by_cat):
        print(f"  {cat:<20}{summary_line(by_cat[cat])}")
    by_ci: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_ci[r["ci"]].append(r)
    if len(by_ci) > 1:
        print("by CI system")
        for ci in sorted(by_ci):
            print(f"  {ci:<20}{summary_line(by_ci[ci])}")
    fields: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        for key, ok in r["checks"].items():
            fields[key].append(ok)
    if fields:
        print("specifics by field: " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(fields.items())))
    print("calibration (confidence band: n, strict right, right counting alternatives)")
    for lo, hi, label in BANDS:
        band = [r for r in rows if lo <= r["confidence"] <= hi]
        print(f"  {label:>6}: {len(band):>4}  {_pct(sum(r['strict'] for r in band), len(band))}  {_pct(sum(r['alt'] for r in band), len(band))}")
    unknown = sum(r["got"] == "unknown" for r in rows)
    print(f"answered unknown: {unknown}/{len(rows)}")
    if verbose:
        for r in rows:
            flag = "ok " if r["strict"] else ("alt" if r["alt"] else "BAD")
            print(f"  {flag} {str(r['file'])[:60]:<60} {r['category']:<18} -> {r['got']:<18} {r['confidence']:>3} "
                  f"top5={'y' if r['top5'] else 'n'} loc={'y' if r['located'] else 'n'} tool={r['tool']} spec={r['checks']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=SETS, help="a set to measure (default: all)")
    ap.add_argument("--verbose", action="store_true", help="one line per log (never for corpus-heldout)")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for name in args.set or SETS:
        items = load(name)
        if not items:
            print(f"\n== {name}: no labeled logs found: skipped")
            continue
        print_report(name, evaluate(items), args.verbose and name != "corpus-heldout")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
