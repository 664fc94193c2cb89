"""Record the analyzer's output on every real log, or compare it with a recording.

Usage:
  python benchmarks/results_snapshot.py record DIR    # write DIR/<set>/<log>.json
  python benchmarks/results_snapshot.py compare DIR   # exit 1 and list every log whose output differs

Speed work must not change results: record before a change (keep DIR outside the
repository), compare after. Each log is analysed three ways that must agree with the
recording: as bytes, as a stream (the CLI's path), and in 64 KiB chunks (so chunk
boundaries fall inside steps). Pairs `X.run1.log`/`X.run2.log` are also analysed with
the other run as `--baseline` and recorded under `baseline/` (novelty is compared
separately: `compare --no-baseline` skips it).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from autoheal.analysis import analyze, default_kb  # noqa: E402
from autoheal.analysis import linefinder  # noqa: E402
from autoheal.analysis.scan import scan  # noqa: E402

SETS = {
    "own": [ROOT / "tests" / "data" / "logs"],
    "shared": [ROOT.parent / "shared" / "logs" / "cidiff" / "logs", Path("/work/shared/logs/cidiff/logs")],
}


def logs() -> list[tuple[str, Path]]:
    out = []
    for name, candidates in SETS.items():
        folder = next((c for c in candidates if c.is_dir()), None)
        if folder is None:
            print(f"[{name}] not found: skipped", file=sys.stderr)
            continue
        out += [(name, p) for p in sorted(folder.glob("*.log"))]
    return out


def outputs(engine: str) -> dict[str, dict]:
    kb = default_kb()
    linefinder.HYPERSCAN_FROM = 0 if engine == "hyperscan" else 1 << 62
    result: dict[str, dict] = {}
    for set_name, path in logs():
        data = path.read_bytes()
        doc = analyze(data, kb=kb).to_dict()
        with open(path, "rb") as fh:
            streamed = analyze(fh, kb=kb).to_dict()
        if streamed != doc:
            print(f"{path.name}: streaming differs from bytes", file=sys.stderr)
        chunked = scan(io.BytesIO(data), kb.prefilter, chunk_size=64 << 10)
        whole = scan(data, kb.prefilter)
        if (chunked.total_lines, len(chunked.sections)) != (whole.total_lines, len(whole.sections)):
            print(f"{path.name}: 64 KiB chunks see other lines/steps", file=sys.stderr)
        result[f"{set_name}/{path.name}"] = doc
        if ".run" in path.name:
            other = path.with_name(path.name.replace(".run2.", ".runX.").replace(".run1.", ".run2.")
                                   .replace(".runX.", ".run1."))
            if other.exists():
                result[f"baseline/{set_name}/{path.name}"] = analyze(data, kb=kb, baseline=other.read_bytes()).to_dict()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("record", "compare"))
    ap.add_argument("dir", type=Path)
    ap.add_argument("--no-baseline", action="store_true", help="compare without the baseline/ recordings")
    ap.add_argument("--engine", choices=("re2", "hyperscan"), default="re2",
                    help="line finder to use on every log (hyperscan: from the first byte, if installed)")
    args = ap.parse_args()
    now = outputs(args.engine)
    if args.action == "record":
        for key, doc in now.items():
            target = args.dir / f"{key}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(doc, indent=1, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(now)} analyses in {args.dir}")
        return 0
    differ = 0
    compared = 0
    for key, doc in now.items():
        if args.no_baseline and key.startswith("baseline/"):
            continue
        target = args.dir / f"{key}.json"
        if not target.exists():
            print(f"{key}: no recording")
            differ += 1
            continue
        before = json.loads(target.read_text(encoding="utf-8"))
        after = json.loads(json.dumps(doc, sort_keys=True))
        compared += 1
        if before != after:
            differ += 1
            fields = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            print(f"{key}: differs in {', '.join(fields)}")
    print(f"{compared} compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
