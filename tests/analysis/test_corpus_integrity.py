"""The hand-labeled corpus of real CI logs (tests/data/corpus) stays consistent.

The accuracy benchmark trusts these labels, so a broken record (a line range past
the end of its log, a split that does not follow the hash rule, a log from a
held-out repository) would silently skew every figure measured on it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"
# ../shared beside the repository; from a git worktree under wt/ it is one level further up.
SHARED_CANDIDATES = (ROOT.parent / "shared", ROOT.parent.parent / "shared")

FIELDS = {
    "id", "file", "split", "source", "licence", "ci_system", "log_format", "ecosystem", "tool",
    "category", "alt_categories", "groundtruth_lines", "specifics", "note",
}
SOURCE_FIELDS = {"repo", "path", "commit", "url"}
SPECIFIC_FIELDS = {"tests", "module", "file", "exit_code", "command"}
CATEGORIES = {
    "missing_dependency", "dependency_conflict", "syntax_error", "compile_error", "type_error", "lint",
    "test_failure", "timeout", "cancelled", "out_of_memory", "disk_full", "network", "rate_limited",
    "docker_build", "permission_denied", "missing_secret", "environment", "invalid_config", "runner_lost",
    "crash", "coverage", "security_scan", "unknown",
}
# Part L added the non-GitHub systems its logs come from: Azure Pipelines, CircleCI and Mozilla Taskcluster;
# part P added Buildkite.
CI_SYSTEMS = {"github", "travis", "jenkins", "gitlab", "azure", "circleci", "taskcluster", "buildkite"}
LOG_FORMATS = {"github-raw", "github-cli", "plain"}


def _records() -> list[tuple[str, dict]]:
    out = []
    for labels in sorted(CORPUS.glob("labels-*.jsonl")):
        for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((f"{labels.name}:{n}", json.loads(line)))
    return out


RECORDS = _records()


def _count_lines(path: Path) -> int:
    """Lines as Python's universal newlines count them (\\r\\n, \\r and \\n all end a line)."""
    with path.open(encoding="utf-8", errors="replace", newline=None) as f:
        text = f.read()
    return len(text.split("\n")) - (1 if text.endswith("\n") or text == "" else 0)


def _split_of(record_id: str) -> str:
    return "heldout" if int(hashlib.sha256(record_id.encode()).hexdigest()[:8], 16) % 5 == 0 else "dev"


def test_the_corpus_has_records():
    if not CORPUS.is_dir():
        pytest.skip("no corpus in this checkout")
    assert RECORDS, f"no labels-*.jsonl records under {CORPUS}"


@pytest.mark.parametrize(("where", "rec"), RECORDS, ids=[w for w, _ in RECORDS])
def test_record_is_complete_and_consistent(where, rec):
    assert FIELDS <= rec.keys(), f"{where}: missing {sorted(FIELDS - rec.keys())}"
    assert SOURCE_FIELDS <= rec["source"].keys(), f"{where}: source lacks {sorted(SOURCE_FIELDS - rec['source'].keys())}"
    assert rec["source"]["repo"] and rec["source"]["url"], f"{where}: source repo and url are required"
    assert SPECIFIC_FIELDS <= rec["specifics"].keys(), f"{where}: specifics lack {sorted(SPECIFIC_FIELDS - rec['specifics'].keys())}"
    assert isinstance(rec["licence"], str) and rec["licence"].strip(), f"{where}: licence not recorded"
    assert rec["category"] in CATEGORIES, f"{where}: unknown category {rec['category']!r}"
    assert set(rec["alt_categories"]) <= CATEGORIES - {rec["category"]}, f"{where}: bad alt_categories"
    assert rec["ci_system"] in CI_SYSTEMS and rec["log_format"] in LOG_FORMATS, where
    assert rec["split"] == _split_of(rec["id"]), f"{where}: split must follow the sha256 rule for id {rec['id']!r}"
    if rec["file"] is None:
        return
    path = CORPUS / rec["file"]
    assert path.is_file(), f"{where}: {rec['file']} does not exist"
    assert path.parent.name == rec["split"], f"{where}: {rec['file']} is not in the {rec['split']}/ folder"
    assert path.stem == rec["id"], f"{where}: file name must be <id>.log"
    n = _count_lines(path)
    assert rec["groundtruth_lines"], f"{where}: a committed log needs at least one labeled line range"
    for g in rec["groundtruth_lines"]:
        assert g["kind"] in {"error", "context"}, where
        assert 1 <= g["start"] <= g["end"] <= n, f"{where}: lines {g['start']}-{g['end']} outside 1-{n}"


def test_ids_are_unique_across_all_label_files():
    seen: dict[str, str] = {}
    for where, rec in RECORDS:
        assert rec["id"] not in seen, f"{rec['id']} appears at {seen[rec['id']]} and {where}"
        seen[rec["id"]] = where


def test_every_committed_log_is_labeled():
    labeled = {rec["file"] for _, rec in RECORDS if rec["file"]}
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*.log")}
    assert on_disk <= labeled, f"logs without a label: {sorted(on_disk - labeled)}"


def test_no_record_comes_from_a_held_out_repository():
    listing = next((d / "eval" / "heldout-sources.txt" for d in SHARED_CANDIDATES if (d / "eval").is_dir()), None)
    if listing is None or not listing.is_file():
        pytest.skip("../shared/eval/heldout-sources.txt not found beside the repository")
    held = {
        line.strip().lower()
        for line in listing.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    }
    bad = [(where, rec["source"]["repo"]) for where, rec in RECORDS if rec["source"]["repo"].lower() in held]
    assert not bad, f"records from held-out repositories: {bad}"


def test_no_log_is_committed_twice():
    """Two parts can find the same committed file (another record of the same repository): a copy counts
    twice, and a copy across the split puts a held-out log in the dev set. Compares content only."""
    seen: dict[str, str] = {}
    copies = []
    for path in sorted(CORPUS.glob("*/*.log")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            copies.append((seen[digest], path.relative_to(CORPUS).as_posix()))
        seen.setdefault(digest, path.relative_to(CORPUS).as_posix())
    assert not copies, f"byte-identical corpus logs (keep one record): {copies}"


# ---- the labeling guide's machine-checkable rules (tests/data/corpus/LABELING.md) --------------------------------

_spec = importlib.util.spec_from_file_location("normalise_labels", ROOT / "scripts" / "normalise_labels.py")
_rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_rules)


def _form_problems(rec: dict) -> list[str]:
    """Names of the guide's rules a record breaks: field types, then the mechanical forms normalise_labels applies."""
    spec = rec.get("specifics") or {}
    out = []
    tests = spec.get("tests")
    if not isinstance(tests, list) or not all(isinstance(t, str) and t.strip() for t in tests):
        out.append("tests-list-of-ids")
    for key in ("module", "file", "command"):
        value = spec.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            out.append(f"{key}-string-or-null")
    code = spec.get("exit_code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        out.append("exit-code-int-or-null")
    if isinstance(spec.get("command"), str) and "\n" in spec["command"].strip():
        out.append("command-one-line")
    if not isinstance(rec.get("alt_categories"), list) or len(rec["alt_categories"]) > 2:
        out.append("alt-categories-at-most-two")
    try:
        out += _rules.problems(rec)
    except Exception:  # a record of the wrong shape: named by its rule, never by its value
        out.append("unreadable-specifics")
    return sorted(set(out))


DEV_RECORDS = [(w, r) for w, r in RECORDS if r.get("split") == "dev"]


@pytest.mark.parametrize(("where", "rec"), DEV_RECORDS, ids=[w for w, _ in DEV_RECORDS])
def test_dev_label_follows_the_labeling_guide(where, rec):
    bad = _form_problems(rec)
    assert not bad, f"{where} ({rec['id']}): breaks {bad}; `python scripts/normalise_labels.py --write` fixes the mechanical ones"


def test_held_out_labels_follow_the_labeling_guide():
    """Held-out records are checked in aggregate: a failure names rules and counts only, never an id or a value."""
    counts: dict[str, int] = {}
    for _, rec in RECORDS:
        if rec.get("split") == "heldout":
            for rule in _form_problems(rec):
                counts[rule] = counts.get(rule, 0) + 1
    if counts:
        summary = ", ".join(f"{rule}: {n}" for rule, n in sorted(counts.items()))
        pytest.fail(f"held-out records breaking the labeling guide (counts per rule): {summary}; "
                    "`python scripts/normalise_labels.py --write` fixes the mechanical ones", pytrace=False)


@pytest.mark.parametrize(("rec", "rule"), [
    ({"specifics": {"module": "phantomjs@1.9.20"}}, "module-version"),
    ({"specifics": {"module": "org.a:b:jar:1.0"}}, "module-version"),
    ({"specifics": {"file": "src/a.ts:12:7"}}, "file-column"),
    ({"specifics": {"file": "src\\a.ts"}}, "file-separator"),
    ({"specifics": {"file": "/home/runner/work/r/r/src/a.ts:3"}}, "file-runner-prefix"),
    ({"specifics": {"file": "./src/a.ts"}}, "file-dot-slash"),
    ({"specifics": {"command": "Run npm test"}}, "command-prompt"),
    ({"specifics": {"command": "$ make"}}, "command-prompt"),
    ({"specifics": {"tests": ["|api| a.test.ts > A > b"]}}, "tests-project-tag"),
    ({"specifics": {"tests": ["[chromium] › a.spec.ts:3:5 › t"]}}, "tests-project-tag"),
    ({"specifics": {"tests": ["FAILED tests/a.py::t"]}}, "tests-status-mark"),
    ({"specifics": {"exit_code": "1"}}, "exit-code-int"),
    ({"category": "lint", "alt_categories": ["lint", "unknown", "unknown"], "specifics": {}}, "alt-categories"),
])
def test_guide_rules_catch_each_form(rec, rule):
    assert rule in _rules.problems(rec)


@pytest.mark.parametrize("rec", [
    {"specifics": {"module": "gio-2.0", "file": "src/a.ts:12", "command": "npm run test:ci",
                   "tests": ["tests/a.py::T::t[1]"], "exit_code": 1}},
    {"specifics": {"module": ":exporters:otlp:common", "file": "D:/src/x.cs", "command": "actions/setup-java@v4"}},
    {"specifics": {"module": "@scope/pkg", "file": "Dockerfile", "tests": ["Suite › [slow] case"]}},
])
def test_guide_rules_accept_the_guides_forms(rec):
    assert _rules.problems(rec) == []
