"""The mechanical rules of tests/data/corpus/LABELING.md: check and apply them to the corpus labels.

Only FORM rules live here, rules a script can apply without reading the log or judging the failure (a version
dropped from `module`, a column dropped from `file`, a prompt dropped from `command` ...). Judgement relabels are
made by reading dev logs and recorded in the corpus README, never here.

Held-out discipline: this script reads held-out label records but never prints an id, a value or log text; it
prints only how many records each rule changed, per split. It never opens a log.

    python scripts/normalise_labels.py            # dry run: counts only
    python scripts/normalise_labels.py --write    # rewrite the changed lines (other lines stay byte-identical)

Parts being written by others can be left alone with --skip (e.g. --skip o --skip p).
`tests/analysis/test_corpus_integrity.py` imports `problems()` to refuse records that break a rule.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"

_spec = importlib.util.spec_from_file_location("accuracy_matching", ROOT / "benchmarks" / "accuracy_matching.py")
_match = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_match)

# Checkout prefixes of hosted and self-hosted runners (GitHub Linux/macOS/Windows, container jobs, GitLab).
RUNNER_PREFIX = re.compile(
    r"^(?:/home/runner/work/[^/]+/[^/]+/|/Users/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/|/github/workspace/|"
    r"[A-Za-z]:/a/[^/]+/[^/]+/|/builds/[^/]+/[^/]+/)"
)
FILE_COLUMN = re.compile(r"^(.+?:\d+):\d+$")
COMMAND_PROMPT = re.compile(r"^(?:Run |\$ |\+ )")
TEST_PROJECT_TAG = re.compile(r"^(?:\|[^|\s][^|]*\|\s+|\[[^\]\s][^\]]*\]\s*›\s*)")
TEST_STATUS_MARK = re.compile(r"^(?:[✗✕×✖✘]\s+|(?:FAIL|FAILED|ERROR)\s+)")

RULES = ("module-version", "file-separator", "file-runner-prefix", "file-dot-slash", "file-column",
         "command-prompt", "command-multiline", "tests-project-tag", "tests-status-mark", "tests-string",
         "exit-code-int", "alt-categories")


def _file_rules(value: str) -> tuple[str, list[str]]:
    out, applied = value, []
    if "\\" in out:
        out, applied = out.replace("\\", "/"), applied + ["file-separator"]
    stripped = RUNNER_PREFIX.sub("", out)
    if stripped != out:
        out, applied = stripped, applied + ["file-runner-prefix"]
    if out.startswith("./"):
        out, applied = re.sub(r"^(?:\./)+", "", out), applied + ["file-dot-slash"]
    m = FILE_COLUMN.match(out)
    if m and not re.match(r"^[A-Za-z]$", m.group(1).split(":")[0]):
        out, applied = m.group(1), applied + ["file-column"]
    return out, applied


def normalise(rec: dict) -> list[str]:
    """Apply every mechanical rule to one record in place; return the names of the rules that changed it."""
    applied: list[str] = []
    spec = rec.get("specifics") or {}
    module = spec.get("module")
    if isinstance(module, str) and module.strip():
        bare = _match.strip_version(module)
        if bare != module:
            spec["module"], applied = bare, applied + ["module-version"]
    file = spec.get("file")
    if isinstance(file, str) and file:
        spec["file"], more = _file_rules(file)
        applied += more
    command = spec.get("command")
    if isinstance(command, str) and command:
        if "\n" in command.strip():
            spec["command"], applied = command.strip().splitlines()[0].strip(), applied + ["command-multiline"]
            command = spec["command"]
        if COMMAND_PROMPT.match(command):
            spec["command"], applied = COMMAND_PROMPT.sub("", command, count=1).strip(), applied + ["command-prompt"]
    tests = spec.get("tests")
    if isinstance(tests, str):
        spec["tests"], applied = ([tests] if tests.strip() else []), applied + ["tests-string"]
        tests = spec["tests"]
    if isinstance(tests, list):
        new = []
        for t in tests:
            t2 = TEST_PROJECT_TAG.sub("", str(t).strip())
            if t2 != str(t).strip():
                applied.append("tests-project-tag")
            t3 = TEST_STATUS_MARK.sub("", t2)
            if t3 != t2:
                applied.append("tests-status-mark")
            new.append(t3 if (t3 != t2 or t2 != str(t).strip()) else t)
        spec["tests"] = new
    code = spec.get("exit_code")
    if isinstance(code, str) and re.fullmatch(r"-?\d+", code.strip()):
        spec["exit_code"], applied = int(code), applied + ["exit-code-int"]
    alts = rec.get("alt_categories")
    if isinstance(alts, list):
        clean = [a for i, a in enumerate(alts) if a != rec.get("category") and a not in alts[:i]]
        if clean != alts:
            rec["alt_categories"], applied = clean, applied + ["alt-categories"]
    return sorted(set(applied), key=RULES.index)


def problems(rec: dict) -> list[str]:
    """The mechanical rules a record breaks (the record is not changed)."""
    return normalise(json.loads(json.dumps(rec)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="rewrite changed records (default: dry run)")
    ap.add_argument("--skip", action="append", default=[], help="a part letter to leave alone (repeatable)")
    args = ap.parse_args(argv)
    counts: dict[str, Counter] = {"dev": Counter(), "heldout": Counter()}
    records: Counter = Counter()
    for labels in sorted(CORPUS.glob("labels-*.jsonl")):
        part = labels.stem.split("-", 1)[1]
        if part in args.skip:
            continue
        lines = labels.read_text(encoding="utf-8").split("\n")
        changed = False
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            rec = json.loads(line)
            ascii_only = json.dumps(rec) == line
            applied = normalise(rec)
            split = "heldout" if rec.get("split") == "heldout" else "dev"
            if applied:
                records[split] += 1
                counts[split].update(applied)
                lines[i] = json.dumps(rec) if ascii_only else json.dumps(rec, ensure_ascii=False)
                changed = True
        if changed and args.write:
            labels.write_text("\n".join(lines), encoding="utf-8")
    for split in ("dev", "heldout"):
        per_rule = ", ".join(f"{r} {counts[split][r]}" for r in RULES if counts[split][r]) or "none"
        print(f"{split}: {records[split]} records changed ({'written' if args.write else 'dry run'}); by rule: {per_rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
