"""Blind calibration: how the analyzer did on corpus logs it had never seen. Prints figures; not a test.

Usage: python benchmarks/blind_calibration.py [--part d:COMMIT ...] [--current] [--lopo] [--json FILE] [--verbose]

Each corpus part was added after the analyzer existed. For a part P and a commit C of the analyzer taken
just before any of P's logs reached it (`git log` on src/autoheal/analysis and labels-P.jsonl), the code of
C (`git archive C src`) analyses P's DEV logs: its answers are blind, as on logs nobody has seen. The
(confidence, evidence notes, right/wrong) triples say which kinds of evidence stay reliable on unseen logs;
docs/analysis.md (Confidence) records the figures. `--current` runs today's code on the same logs beside
the blind code's answers, and says what today's words fallback (errorwords.py) reads in the logs the blind code
left `unknown` (an upper bound: its phrase classes were written after those logs were read). `--lopo` prints the
figures per part (as given, with today's caps by kind and contested readings, and with scores below 85 compressed)
and each candidate calibration rule fitted on the other parts and tested on each part in turn (leave one part out;
docs/analysis.md, Confidence: "Scores below 85"). Only dev records are read (never the held-out split).

A log counts as unseen by commit C when C's labels-P.jsonl does not list it (the part's logs reached the
analyzer branches in batches, each through a merge of the corpus branch). Default commits:
  a:298968b   main at the start of the session that collected parts A and B (their first labels, 7b70937 and
  b:298968b   61233e4, have it as parent): the analyzer before any tool parser, blind to both parts
  c:6338980   main at 16:11, before part C's labels (16:10-16:14) reached the analyzer
  d:c00905b   analyzer2's calibration commit (16:55), before corpus-d's first merge into it (8b17052, 16:59)
  d:0a90742   analyzer2 at 17:07 (22 part-D records merged): blind to the rest
  d:a81330a   analyzer2 at 17:10 (39 records)
  d:77b1547   analyzer2 at 17:17 (43 records)
  e:3f78600   main's line at 17:28, before corpus-e's first merge (4e5321e, 17:29)
  e:5ba835b   main at 17:47 (20 part-E records): blind to the logs added from bfd98f6 (17:43) on
  g:ccbba5c   main at 18:40, before any part-G label existed (corpus-g's first log 48c79e0, 19:07; merged 24900dc, 19:41)
  f:ccbba5c   the same commit for part F (corpus-f's first logs 9af1551, 19:20)
  f:8d2ba85   main at 19:57, the first parent of corpus-f's merge (b9af204, 19:59): the newest code blind to part F
              (it holds the part-G rules, so it is not used for G)
  h:70ae2e9   main at 21:03, the base parts H, I and J were measured blind at (their labels were written and
  i:70ae2e9   committed before the analyzer ran on them; corpus README, parts H-J)
  j:70ae2e9
  k:256ec5e   main at 22:48 (merge of rules-j), the base part K was measured blind at (corpus README, part K)
  l:2edadaa   main at 23:23, the base parts L and M were measured blind at (corpus README, parts L and M)
  m:2edadaa
  n:9b66665   main at 00:24, the newer of the two commits part N was measured blind at (both gave the same answers)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
# In order: a log's answer is taken from the LAST commit that had not seen it (its label not yet in that commit's
# labels-P.jsonl), i.e. the newest code that was still blind to it.
DEFAULT_PARTS = ("a:298968b", "b:298968b", "c:6338980", "d:c00905b", "d:0a90742", "d:a81330a", "d:77b1547", "e:3f78600", "e:5ba835b",
                 "g:ccbba5c", "f:ccbba5c", "f:8d2ba85", "h:70ae2e9", "i:70ae2e9", "j:70ae2e9", "k:256ec5e",
                 "l:2edadaa", "m:2edadaa", "n:9b66665")

RUNNER = r"""
import importlib, json, sys
from autoheal.analysis import analyze
mod = importlib.import_module("autoheal.analysis.analyze")
scoring = importlib.import_module("autoheal.analysis.scoring")
seen = {}
classify = mod.classify
def spy(*args, **kwargs):
    seen["v"] = v = classify(*args, **kwargs)
    return v
mod.classify = spy
def features(v):
    # What decided the winner, in terms today's scoring.evidence_kind understands (computed by the caller).
    cat, report = v.category, getattr(v, "report", None)
    voters = [ev for ev in v.evidence if ev.weight(cat) > 0 and not ev.noise]
    best = max((ev.weight(cat) for ev in voters), default=0.0)
    scope = getattr(v, "scope", None)
    scoped = scope is not None and bool(scope.lines)
    elsewhere = v.failing is not None and (
        not any(getattr(ev, "in_scope", False) and ev.categories() for ev in v.evidence) if scoped
        else not any(ev.section is v.failing and ev.categories() for ev in v.evidence))
    kb = mod.default_kb() if hasattr(mod, "default_kb") else None
    findings = list(getattr(report, "findings", None) or [])
    # The knowledge base's own reading of the failing command's output (its patterns only, no tool rule): which
    # category its strongest pattern names, to compare with the answer.
    own = {}
    for ev in v.evidence:
        if ev.noise or not (getattr(ev, "in_scope", False) if scoped else ev.section is v.failing):
            continue
        for p in ev.patterns:
            if p.category and not p.regex.startswith("tool:"):
                own[p.category] = max(own.get(p.category, 0.0), p.weight)
    return {"rank": [(c, round(s, 3)) for c, s, _ in v.ranking[:4]],
            "kb_top": max(own, key=own.get) if own else None,
            "runs_tests": bool(report and getattr(report, "runs_tests", False)),
            "tests_failed": any(getattr(f, "kind", "") in ("test", "summary") and f.category == "test_failure"
                                for f in findings),
            "readers": sorted({p.regex[5:] for ev in voters for p in ev.patterns
                               if p.category == cat and p.regex.startswith("tool:")}),
            "marked": sorted({p.regex[5:] for ev in voters for p in ev.patterns if p.regex.startswith("tool:")}),
            "tools": list(report.tools) if report else [],
            "top_texts": [ev.text for ev in voters if ev.weight(cat) >= 0.8 * best],
            "elsewhere": elsewhere}
def shape_of(v, a):
    # The log's structure as this analyzer saw it (for calibration studies; every field exists since part C's base).
    fmt = (getattr(a, "log", None) or {}).get("format", "")
    failing = v.failing if v is not None else None
    keys = list(getattr(a, "key_lines", None) or [])
    inside = None
    if failing is not None and keys:
        end = failing.end_line or 10**12
        inside = failing.start_line <= keys[0].line <= end
    ranking = list(v.ranking) if v is not None else []
    return {"format": fmt, "located": bool(getattr(a, "located", False)),
            "failing": failing is not None, "failing_kind": getattr(failing, "kind", None),
            "failed_marker": bool(getattr(failing, "failed_marker", False)),
            "scoped": bool(v is not None and getattr(v, "scope", None) is not None and v.scope.lines),
            "key_in_failing": inside, "strong": sum(1 for c, s, _ in ranking if s >= 0.75),
            "second": round(ranking[1][1], 3) if len(ranking) > 1 else 0.0,
            "strength": round(ranking[0][1], 3) if ranking else 0.0,
            "has_marker": bool(v.has_failure_marker) if v is not None else False,
            "kind": getattr(v, "kind", None) if v is not None else None,
            "lines": (getattr(a, "log", None) or {}).get("lines", 0)}
for line in sys.stdin:
    item = json.loads(line)
    seen.clear()
    with open(item["path"], "rb") as fh:
        a = analyze(fh, workflow=item.get("workflow", ""), job=item.get("job", ""))
    feats = features(seen["v"]) if "v" in seen and a.category != "unknown" else {}
    shape = shape_of(seen.get("v"), a)
    words = None
    if hasattr(scoring, "_error_words") and "v" in seen and getattr(seen["v"], "scope", None) is not None and seen["v"].scope.lines:
        found = scoring._error_words(seen["v"].scope, mod.default_kb())
        words = found[0] if found else None
    print(json.dumps({"file": item["file"], "got": a.category, "confidence": a.confidence,
                      "tool": getattr(a, "tool", None), "notes": list(getattr(a, "notes", []) or []),
                      "features": feats, "words": words, "shape": shape}), flush=True)
"""

def dev_items(part: str) -> list[dict]:
    """The part's dev records with a committed log (held-out records are skipped unread)."""
    items = []
    for line in (CORPUS / f"labels-{part}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("split", "dev") != "dev" or not rec.get("file"):
            continue
        path = CORPUS / rec["file"]
        if not path.exists():
            path = CORPUS / "dev" / Path(rec["file"]).name
        if path.exists():
            items.append({"file": rec["file"], "path": str(path), "category": rec["category"],
                          "alts": rec.get("alt_categories") or [], "workflow": rec.get("workflow", ""),
                          "job": rec.get("job", "")})
    return items


def seen_at(commit: str, part: str) -> set[str]:
    """The files of part P that commit C's labels list (the analyzer at C could have been tuned on them)."""
    out = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:tests/data/corpus/labels-{part}.jsonl"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return set()
    return {json.loads(line).get("file") for line in out.stdout.splitlines() if line.strip()}


def run(src: Path, items: list[dict]) -> dict[str, dict]:
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    feed = "".join(json.dumps(i) + "\n" for i in items)
    out = subprocess.run([sys.executable, "-c", RUNNER], input=feed, capture_output=True, text=True, env=env,
                         check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    return {r["file"]: r for r in rows}


def archive(commit: str, dest: Path) -> Path:
    data = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def kind_of(row: dict) -> str:
    """Today's evidence kind (scoring.evidence_kind) of a blind answer, from the features the old code showed."""
    sys.path.insert(0, str(ROOT / "src"))
    from autoheal.analysis.rules import load_kb
    from autoheal.analysis.scoring import SYMPTOMS

    f = row.get("features") or {}
    cat = row["got"]
    if cat == "unknown" or not f:
        return "unknown"
    if f["elsewhere"]:
        return "elsewhere"
    symptom = SYMPTOMS.get(cat)
    if symptom is not None and f["top_texts"] and all(symptom.search(t) for t in f["top_texts"]):
        return "symptom"
    if (set(f["readers"]) | set(f["marked"])) & set(f["tools"]):
        return "parser"
    if f["readers"]:
        return "runner"
    if load_kb().categories[cat].dominant:
        return "dominant"
    return "pattern-in-known-tool" if f["tools"] else "pattern"


def contested(row: dict) -> bool:
    """Today's contested-reading rule (scoring._contested_by) on the blind code's ranking. The blind ranking is
    already in the blind code's order; which symptom its cause rules explained is not known (taken as none)."""
    sys.path.insert(0, str(ROOT / "src"))
    from types import SimpleNamespace

    from autoheal.analysis.rules import load_kb
    from autoheal.analysis.scoring import _contested_by

    f = row.get("features") or {}
    kb = load_kb()
    if row["got"] not in kb.categories or not f.get("rank"):
        return False
    ranking = [(c, s, 1) for c, s in f["rank"] if c in kb.categories]
    report = SimpleNamespace(runs_tests=f.get("runs_tests", False),
                             findings=[SimpleNamespace(kind="test", category="test_failure")] if f.get("tests_failed") else [])
    return _contested_by(row["got"], ranking, set(), [], kb, report) is not None


def reader_of(row: dict) -> str:
    """Which tool rule read the blind answer's category (`marked:` when a tool only marked a line that a knowledge-base
    pattern read), else the answer's kind."""
    f = row.get("features") or {}
    if f.get("readers"):
        return ",".join(f["readers"])
    if f.get("marked"):
        return "marked:" + ",".join(f["marked"])
    return row.get("kind", "unknown")


def fit_low_precision(key, below: float, min_n: int):
    """A rule family fitted on some parts: cap the answers whose `key` was right (strictly) less than `below` of the
    time over those parts' answers other than `unknown` (at least `min_n` of them)."""
    def fit(train: list[dict]):
        counts: dict = defaultdict(lambda: [0, 0])
        for r in train:
            if r["got"] != "unknown":
                counts[key(r)][0] += 1
                counts[key(r)][1] += r["strict"]
        low = {k for k, (n, right) in counts.items() if n >= min_n and right < below * n}
        return lambda r: key(r) in low
    return fit


def fit_without_record(key, at_least: float):
    """A rule family fitted on some parts: cap the answers whose `key` has no record there of being right at least
    `at_least` of the time (a reader nobody measured on unseen logs, or one measured poorly)."""
    def fit(train: list[dict]):
        counts: dict = defaultdict(lambda: [0, 0])
        for r in train:
            if r["got"] != "unknown":
                counts[key(r)][0] += 1
                counts[key(r)][1] += r["strict"]
        good = {k for k, (n, right) in counts.items() if right >= at_least * n}
        return lambda r: key(r) not in good
    return fit


def fixed(pred):
    """A rule that is not fitted: the same predicate whatever the other parts hold."""
    return lambda train: pred


def leave_one_part_out(rows: list[dict], fit, conf: str = "today", gate: int = 70,
                       exempt=lambda r: False) -> dict[str, dict]:
    """For each part P: fit the rule on the other parts' rows only, then cap P's answers at >= `gate` (by the
    `conf` field) that the fitted rule selects (except `exempt` ones). Per part: the answers left at >= gate, how
    many of them are right (strict, with alternatives), and the wrong and right answers the rule took below."""
    out: dict[str, dict] = {}
    for part in sorted({r["part"] for r in rows}):
        rule = fit([r for r in rows if r["part"] != part])
        high = [r for r in rows if r["part"] == part and r[conf] >= gate]
        capped = [r for r in high if rule(r) and not exempt(r)]
        kept = [r for r in high if not (rule(r) and not exempt(r))]
        out[part] = {"kept": len(kept), "strict": sum(r["strict"] for r in kept), "alt": sum(r["alt"] for r in kept),
                     "wrong_off": sum(not r["strict"] for r in capped), "right_off": sum(r["strict"] for r in capped)}
    return out


def today_confidence(row: dict, band: bool = True) -> int:
    """The blind answer's confidence under today's calibration rules (the caps by kind of evidence and of contested
    readings; with `band`, also the compression of scores below CONFIDENT_SCORE), applied to what the blind code
    read."""
    from autoheal.analysis.rules import load_kb
    from autoheal.analysis.scoring import (CONTESTED_CAP, SELF_STATED_KINDS, UNCERTAIN_CAP, UNCERTAIN_KINDS,
                                           calibrated_score)

    conf = row["confidence"]
    if row["kind"] in UNCERTAIN_KINDS:
        conf = min(conf, UNCERTAIN_CAP)
    if row["got"] != "unknown" and contested(row):
        conf = min(conf, CONTESTED_CAP)
    kb = load_kb()
    if band and row["got"] in kb.categories and not kb.categories[row["got"]].dominant \
            and row["kind"] not in SELF_STATED_KINDS:
        conf = int(round(calibrated_score(conf)))
    return conf


def candidate_rules(kb, conf: str = "today") -> dict:
    """The rule families the leave-one-part-out study tries (docs/analysis.md, Confidence: leave one part out)."""
    shape = lambda r: r.get("shape") or {}  # noqa: E731
    return {
        "score below 85 (not runner/dominant)": fixed(lambda r: r[conf] < 85 and r["kind"] != "runner"),
        "answered category right < 75 % (n >= 4)": fit_low_precision(lambda r: r["got"], 0.75, 4),
        "answered category right < 60 % (n >= 4)": fit_low_precision(lambda r: r["got"], 0.6, 4),
        "reader right < 80 % (n >= 3)": fit_low_precision(reader_of, 0.8, 3),
        "kind right < 80 % (n >= 5)": fit_low_precision(lambda r: r["kind"], 0.8, 5),
        "reader without a record >= 75 %": fit_without_record(reader_of, 0.75),
        "C-family diagnostic shape (cc)": fixed(lambda r: "cc" in ((r.get("features") or {}).get("readers") or [])),
        "plain log (no step structure)": fixed(lambda r: shape(r).get("format") == "plain"),
        "failing step without failure marker": fixed(lambda r: not shape(r).get("failed_marker", True)),
        "not located": fixed(lambda r: not shape(r).get("located", True)),
        ">= 2 categories with S >= 0.75": fixed(lambda r: shape(r).get("strong", 0) >= 2),
        "top key line outside the failing step": fixed(lambda r: shape(r).get("key_in_failing") is False),
    }


def print_lopo(rows: list[dict]) -> None:
    """Per part: the blind answers, at >= 70 as given and under today's rules; then each candidate rule, fitted on
    the other parts and applied to each part's answers at >= 70 under today's rules (dominant causes exempt)."""
    sys.path.insert(0, str(ROOT / "src"))
    from autoheal.analysis.rules import load_kb

    kb = load_kb()
    for r in rows:
        r["today"] = today_confidence(r)
        r["before"] = today_confidence(r, band=False)
    print("per part (dev logs; n, strict, with alternatives, unknown | at >= 70: as given | with the caps by kind "
          "and contested readings | and scores below 85 compressed (today's rules))")
    for part in sorted({r["part"] for r in rows}) + ["all"]:
        x = [r for r in rows if part in ("all", r["part"])]
        hi = [r for r in x if r["confidence"] >= 70]
        bf = [r for r in x if r["before"] >= 70]
        td = [r for r in x if r["today"] >= 70]
        commits = ",".join(sorted({r["commit"] for r in x})) if part != "all" else ""
        print(f"  {part:>3} {len(x):>4} {sum(r['strict'] for r in x):>4} {sum(r['alt'] for r in x):>4} "
              f"{sum(r['got'] == 'unknown' for r in x):>4} | {len(hi):>3} {sum(r['strict'] for r in hi):>3} "
              f"{sum(r['alt'] for r in hi):>3} | {len(bf):>3} {sum(r['strict'] for r in bf):>3} "
              f"{sum(r['alt'] for r in bf):>3} | {len(td):>3} {sum(r['strict'] for r in td):>3} "
              f"{sum(r['alt'] for r in td):>3}  {commits}")

    def dominant(r: dict) -> bool:
        return r["got"] in kb.categories and kb.categories[r["got"]].dominant

    for conf, title in (("confidence", "as given"), ("before", "with the caps by kind and contested readings")):
        print(f"leave one part out, on the answers at >= 70 {title}: kept, strict right, wrong / right taken below 70")
        for name, fit in candidate_rules(kb, conf).items():
            res = leave_one_part_out(rows, fit, conf, exempt=dominant)
            kept = sum(v["kept"] for v in res.values())
            right = sum(v["strict"] for v in res.values())
            per = " ".join(f"{p}:-{v['wrong_off']}/-{v['right_off']}" for p, v in res.items()
                           if v["wrong_off"] or v["right_off"])
            print(f"  {name:<42} {kept:>3} {right:>3} ({100 * right / max(1, kept):5.1f} %) "
                  f"-{sum(v['wrong_off'] for v in res.values())} wrong -{sum(v['right_off'] for v in res.values())} right"
                  f"  {per}")


def band(conf: int) -> str:
    return "<50" if conf < 50 else "50-69" if conf < 70 else "70-84" if conf < 85 else ">=85"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", action="append", help="PART:COMMIT (default: " + ", ".join(DEFAULT_PARTS) + ")")
    ap.add_argument("--current", action="store_true", help="also run today's code (src/) on the same logs")
    ap.add_argument("--json", help="write the rows to this file")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--lopo", action="store_true", help="per-part figures and candidate rules, leave one part out")
    args = ap.parse_args()
    by_file: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.part or DEFAULT_PARTS:
            part, commit = spec.split(":", 1)
            seen = seen_at(commit, part)
            items = [i for i in dev_items(part) if i["file"] not in seen]
            if not items:
                continue
            blind = run(archive(commit, Path(tmp) / commit), items)
            now = run(ROOT / "src", items) if args.current else {}
            for item in items:
                b = blind[item["file"]]
                row = {"part": part, "commit": commit, "file": item["file"], "label": item["category"],
                       "alts": item["alts"], **{k: b[k] for k in ("got", "confidence", "tool", "notes", "features", "shape")}}
                row["kind"] = kind_of(row)
                row["strict"] = row["got"] == row["label"]
                row["alt"] = row["strict"] or row["got"] in row["alts"]
                if now:
                    c = now[item["file"]]
                    row["now"] = {k: c.get(k) for k in ("got", "confidence", "tool", "notes", "words", "shape")}
                by_file[item["file"]] = row  # a later (newer, still blind) commit's answer replaces an earlier one
    all_rows = list(by_file.values())
    if args.json:
        Path(args.json).write_text(json.dumps(all_rows, indent=1), encoding="utf-8")
    by_band: dict[str, list[dict]] = defaultdict(list)
    for r in all_rows:
        by_band[band(r["confidence"])].append(r)
    n = len(all_rows)
    print(f"blind answers: {n}, strict {sum(r['strict'] for r in all_rows)}/{n}, "
          f"with alternatives {sum(r['alt'] for r in all_rows)}/{n}")
    for name in ("<50", "50-69", "70-84", ">=85"):
        rows = by_band[name]
        print(f"  {name:>6}: {len(rows):>3}  strict {sum(r['strict'] for r in rows):>3}  alt {sum(r['alt'] for r in rows):>3}")
    print("by kind of evidence (answers other than unknown: n, strict right, with alternatives; at >= 70)")
    kinds: dict[str, list[dict]] = defaultdict(list)
    for r in all_rows:
        kinds[r["kind"]].append(r)
    for k in sorted(kinds):
        rows = kinds[k]
        hi = [r for r in rows if r["confidence"] >= 70]
        print(f"  {k:<22} {len(rows):>3}  strict {sum(r['strict'] for r in rows):>3}  alt {sum(r['alt'] for r in rows):>3}"
              f"   | >= 70: {len(hi):>3}  strict {sum(r['strict'] for r in hi):>3}")
    high = [r for r in all_rows if r["confidence"] >= 70]
    print(f"answers at >= 70, blind: {len(high)}, strict {sum(r['strict'] for r in high)}, "
          f"with alternatives {sum(r['alt'] for r in high)}")
    from autoheal.analysis.scoring import CONTESTED_CAP, OUTRANK_MIN, UNCERTAIN_CAP, UNCERTAIN_KINDS

    kept = [r for r in high if not (r["kind"] in UNCERTAIN_KINDS and UNCERTAIN_CAP < 70)]
    print(f"  with today's calibration by kind ({', '.join(sorted(set(UNCERTAIN_KINDS) - {'words'}))} capped at "
          f"{UNCERTAIN_CAP}): "
          f"{len(kept)}, strict {sum(r['strict'] for r in kept)}, with alternatives {sum(r['alt'] for r in kept)}")
    settled = [r for r in kept if not contested(r)]
    print(f"  and contested readings capped at {CONTESTED_CAP} (another category as strong, S >= {OUTRANK_MIN}; "
          f"{len(kept) - len(settled)} answers): {len(settled)}, strict {sum(r['strict'] for r in settled)}, "
          f"with alternatives {sum(r['alt'] for r in settled)}")
    lost = [r for r in all_rows if r["got"] == "unknown" and r.get("now")]
    if lost:
        # What today's words fallback (errorwords.py) reads in today's scope of the logs the blind code left unknown.
        # An upper bound of what it would have done blind: its phrase classes were written after these logs were seen.
        said = [r for r in lost if r["now"].get("words")]
        print(f"blind unknown answers: {len(lost)}; today's words fallback names a category on {len(said)}: "
              f"strict {sum(r['now']['words'] == r['label'] for r in said)}, "
              f"with alternatives {sum(r['now']['words'] == r['label'] or r['now']['words'] in r['alts'] for r in said)}"
              f" (upper bound: written after these logs were read)")
    if args.lopo:
        print_lopo(all_rows)
    if args.verbose:
        for r in all_rows:
            flag = "ok " if r["strict"] else ("alt" if r["alt"] else "BAD")
            now = r.get("now")
            extra = f" | now {now['got']} {now['confidence']}" if now else ""
            print(f"{flag} {r['part']} {r['commit']} {r['file'][:55]:<55} {r['label']:<18} -> {r['got']:<18} {r['confidence']:>3} "
                  f"tool={r['tool']} kind={r['kind']}{extra}")
            for note in r["notes"]:
                print(f"      note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
