"""Blind localisation: key lines and specifics of the analyzer on corpus logs it had never seen. Prints figures.

Usage: python benchmarks/blind_localisation.py [--part P:COMMIT ...] [--overlay-keylines] [--verbose]

For each part P and commit C (default: blind_calibration.py's commits for parts C-E, and ccbba5c — main before
labels-f.jsonl and labels-g.jsonl existed — for parts F and G), the code of C (`git archive C src`) analyses P's
DEV logs that C's labels did not list, scored with benchmarks/accuracy.py's rules: a true error line first (top-1)
or among the first five key lines (top-5), and the labeled specifics found. A log's answer comes from the newest
commit still blind to it. `--overlay-keylines` runs the same old code with today's key-line ranking
(src/autoheal/analysis/keylines.py) in place of its own, which measures what the ranking alone transfers to logs
no rule was tuned on (docs/analysis.md, "Localisation on unseen logs"). Only dev records are read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from blind_calibration import DEFAULT_PARTS, archive, dev_items, seen_at

ROOT = Path(__file__).resolve().parent.parent
PARTS = DEFAULT_PARTS + ("f:ccbba5c", "g:ccbba5c")

RUNNER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import autoheal.analysis  # the old code first: accuracy.py's own sys.path entry must not replace it
from autoheal.analysis import analyze
sys.path.insert(0, sys.argv[2])
import accuracy as acc
for line in sys.stdin:
    item = json.loads(line)
    with open(item["path"], "rb") as fh:
        a = analyze(fh, workflow=item.get("workflow", ""), job=item.get("job", ""))
    err = acc.error_ranges(item)
    inside = [any(s <= k.line <= e for s, e in err) for k in a.key_lines]
    print(json.dumps({"file": item["file"], "has_ranges": bool(err), "top1": bool(inside[:1] and inside[0]),
                      "top5": any(inside[:5]), "checks": acc.specifics_checks(item, a),
                      "keys": [[k.line, k.text[:150]] for k in a.key_lines[:5]], "err": err}), flush=True)
"""


def overlay_keylines(src: Path) -> None:
    """Today's keylines.py in an old tree, its imports adapted to what the old tree has."""
    text = (ROOT / "src" / "autoheal" / "analysis" / "keylines.py").read_text(encoding="utf-8")
    text = text.replace("from ..lazyre import lazy_re", "lazy_re = re.compile")
    text = text.replace(
        "from .scoring import _LOGGER_BELOW_ERROR, WARNING_WEIGHT, Evidence, Verdict, display_text",
        "from .scoring import Evidence, Verdict, display_text\nWARNING_WEIGHT = 0.5\n"
        "_LOGGER_BELOW_ERROR = re.compile(r'^.{0,60}?(?:\\b|_)(?:WARNING|WARN|INFO|DEBUG)(?:\\^\\[\\[[\\d;]*m)?(?:[\\]:|)]|\\s+\\|)')")
    for attr, default in (("ev.first_cause", "False"), ("ev.tool_kind", '""')):
        text = text.replace(attr, f'getattr(ev, "{attr[3:]}", {default})')
    text = text.replace("ev.record.marker", 'getattr(ev.record, "marker", "")')
    analysis = src / "autoheal" / "analysis"
    (analysis / "keylines.py").write_text(text, encoding="utf-8")
    analyze = (analysis / "analyze.py").read_text(encoding="utf-8")
    analyze = analyze.replace("from .scoring import Verdict, classify, display_text, key_lines, pick_failing_section",
                              "from .keylines import key_lines\n"
                              "from .scoring import Verdict, classify, display_text, pick_failing_section")
    (analysis / "analyze.py").write_text(analyze, encoding="utf-8")


def run(src: Path, items: list[dict]) -> dict[str, dict]:
    feed = "".join(json.dumps({**i, "path": str(i["path"])}) + "\n" for i in items)
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run([sys.executable, "-c", RUNNER, str(src), str(ROOT / "benchmarks")], input=feed,
                         capture_output=True, text=True, env=env, check=True)
    return {r["file"]: r for r in map(json.loads, filter(None, out.stdout.splitlines()))}


def full_items(part: str) -> list[dict]:
    """dev_items with the label fields accuracy.py scores (error ranges, specifics)."""
    by_file = {}
    for line in (ROOT / "tests" / "data" / "corpus" / f"labels-{part}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            by_file[rec.get("file")] = rec
    return [{**by_file[i["file"]], "path": i["path"], "part": part} for i in dev_items(part)]


def summary(rows: list[dict]) -> str:
    ranged = [r for r in rows if r["has_ranges"]]
    fields = [ok for r in rows for ok in r["checks"].values()]
    return (f"{len(rows):>3} logs  top-1 {sum(r['top1'] for r in ranged):>3}/{len(ranged):<3} "
            f"top-5 {sum(r['top5'] for r in ranged):>3}/{len(ranged):<3} specifics {sum(fields):>3}/{len(fields)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", action="append", help="PART:COMMIT (default: " + ", ".join(PARTS) + ")")
    ap.add_argument("--overlay-keylines", action="store_true", help="also run each old tree with today's keylines.py")
    ap.add_argument("--verbose", action="store_true", help="the first five key lines of every top-1 miss")
    args = ap.parse_args()
    variants = ("blind", "blind + keylines") if args.overlay_keylines else ("blind",)
    rows: dict[str, dict[str, dict]] = {v: {} for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.part or PARTS:
            part, commit = spec.split(":", 1)
            seen = seen_at(commit, part)
            items = [i for i in full_items(part) if i["file"] not in seen]
            if not items:
                continue
            for variant in variants:
                src = archive(commit, Path(tmp) / f"{commit}-{variant.replace(' ', '')}")
                if variant != "blind":
                    overlay_keylines(src)
                for file, row in run(src, items).items():
                    rows[variant][file] = {**row, "part": part}  # a newer, still blind commit replaces an older
    for variant in variants:
        all_rows = list(rows[variant].values())
        print(f"{variant:<18} all     {summary(all_rows)}")
        for part in sorted({r["part"] for r in all_rows}):
            print(f"{'':<18} part {part}  {summary([r for r in all_rows if r['part'] == part])}")
    if args.verbose:
        last = rows[variants[-1]]
        for file, r in sorted(last.items()):
            if r["has_ranges"] and not r["top1"]:
                print(f"{'T5' if not r['top5'] else 't1'} {file} error ranges {r['err']}")
                for line, text in r["keys"]:
                    print(f"    {line:>6} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
