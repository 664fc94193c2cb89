"""Heal rate: do autoheal's deterministic fixes make real projects' CI pass again? Prints figures; not a test.

Usage: python benchmarks/heal_rate.py [--cases benchmarks/heal_cases.json] [--sources /work/.mirror]
                                       [--work /work/healcases] [--only NAME ...] [--json OUT]

For each case of the case list (a real small open-source project at a pinned commit, its licence, and one
mutation of the kind a deterministic fix targets — a dependency removed from the manifest):

1. the project is exported from its git mirror (`<sources>/<owner>+<name>/repo`, a bare git directory, e.g.
   from the `fetch` tool or `git clone --mirror`) into `--work`, OUTSIDE this repository (licences: only the
   case list lives here), and the mutation is applied;
2. the case's CI command (install from the manifest into a fresh venv / node_modules, then its tests) runs
   for real and must fail — a case whose command still passes is reported as a bad case, not counted;
3. that real output, wrapped as a GitHub job log, is a failed run on the embedded simulator: analyze-failure,
   open-issue and draft-pr run on it exactly as the heal job does (with that job's GITHUB_TOKEN permissions);
4. the files the PR branch changed are written over a fresh copy of the mutated project, and the same CI
   command runs again from scratch.

Per case and in total it prints: analyzed right (category and missing module), fix proposed (a dependency
fix PR), fix made the command pass; and the reason for every miss.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

CASES = ROOT / "benchmarks" / "heal_cases.json"
HELD_OUT = ROOT.parent / "shared" / "eval" / "heldout-sources.txt"
MAX_FILE_BYTES = 512 * 1024
COMMAND_TIMEOUT = 900


@dataclass
class Outcome:
    name: str
    ecosystem: str
    broke: bool = False  # the mutation made the CI command fail
    analyzed_right: bool = False
    fix_proposed: bool = False
    fix_passed: bool = False
    category: str = ""
    modules: list[str] = field(default_factory=list)
    fix_kind: str = ""
    changed_files: list[str] = field(default_factory=list)
    miss: str = ""  # why the case fell short (empty: healed)
    seconds: float = 0.0


# -- the project on disk --------------------------------------------------------------------------------
def export(git_dir: Path, commit: str, dest: Path) -> None:
    """`git archive` of `commit` into `dest` (a plain tree, no .git)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "--git-dir", str(git_dir), "archive", commit], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)


def mutate(root: Path, mutation: dict[str, Any]) -> None:
    """Apply one mutation: `remove_line` (the first line containing `match`) or `remove_json_key`
    (`key` out of the `section` object of a JSON manifest, keeping two-space indentation)."""
    path = root / mutation["file"]
    text = path.read_text(encoding="utf-8")
    if mutation["kind"] == "remove_line":
        lines = text.splitlines(keepends=True)
        hit = next((i for i, line in enumerate(lines) if mutation["match"] in line), None)
        if hit is None:
            raise ValueError(f"{mutation['file']}: no line contains {mutation['match']!r}")
        del lines[hit]
        path.write_text("".join(lines), encoding="utf-8")
    elif mutation["kind"] == "replace":
        if mutation["old"] not in text:
            raise ValueError(f"{mutation['file']}: {mutation['old']!r} not found")
        path.write_text(text.replace(mutation["old"], mutation["new"], 1), encoding="utf-8")
    elif mutation["kind"] == "remove_json_key":
        data = json.loads(text)
        del data[mutation["section"]][mutation["key"]]
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown mutation kind {mutation['kind']!r}")


def run_ci(project: Path, case: dict[str, Any], env_dir: Path) -> tuple[int, str]:
    """The case's CI command from scratch: a fresh venv (Python) or node_modules (Node), install, test."""
    if env_dir.exists():
        shutil.rmtree(env_dir)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", CI="true", NO_COLOR="1", FORCE_COLOR="0", PIP_NO_COLOR="1")
    env.pop("VIRTUAL_ENV", None)
    env.update(case.get("env") or {})
    if case["ecosystem"] == "python" and case["install"]:  # nothing to install: nothing to isolate
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
        env["PIP_CONSTRAINT"] = ""  # the project's own pins, not this machine's
    elif case["ecosystem"] == "node":
        shutil.rmtree(project / "node_modules", ignore_errors=True)
        env["npm_config_cache"] = str(Path.home() / ".npm")
    script = " && ".join(case["install"] + case["test"])
    proc = subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                          timeout=COMMAND_TIMEOUT)
    return proc.returncode, proc.stdout + proc.stderr


def as_job_log(command: str, output: str, code: int) -> str:
    """Real tool output in GitHub's job-log layout (timestamped lines, a step group, the exit line)."""
    stamp = "2026-01-05T11:50:{:02d}.{:07d}Z "
    lines = [f"##[group]Run {command}", command, "shell: /usr/bin/bash -e {0}", "##[endgroup]"]
    lines += output.replace("\r", "").splitlines()
    lines.append(f"##[error]Process completed with exit code {code}.")
    return "".join(stamp.format(min(59, i // 1000), i % 10_000_000) + line + "\n" for i, line in enumerate(lines))


def tracked_files(root: Path) -> dict[str, str]:
    """The project's text files (what the simulator's repository holds), skipping binaries and huge files."""
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "node_modules" in path.parts or path.stat().st_size > MAX_FILE_BYTES:
            continue
        try:
            files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
    return files


def workflow_for(case: dict[str, Any]) -> str:
    """The CI workflow the simulated repository carries: the case's own commands as steps."""
    steps = "\n".join(f"      - run: {cmd}" for cmd in case["install"] + case["test"])
    return (f"name: CI\non:\n  push:\n  pull_request:\n  workflow_dispatch:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
            f"    steps:\n      - uses: actions/checkout@v4\n{steps}\n")


# -- autoheal on the simulator ----------------------------------------------------------------------------
def heal_on_simulator(sim: Any, case: dict[str, Any], files: dict[str, str], log: str, workspace: Path) -> dict:
    """analyze-failure -> open-issue -> draft-pr with the heal job's own token; returns what they produced."""
    from autoheal.invoke import invoke
    from tests.support.template_tokens import template_token

    sim.reset()
    repo = f"bench/{case['name']}"
    sim.create_repo(repo, files=files | {".github/workflows/ci.yml": workflow_for(case)})
    token = template_token(sim, "autoheal.yml", "heal")
    step = f"Run {' && '.join(case['test'])}"
    run_id = sim.add_run(repo, workflow="CI", conclusion="failure",
                         jobs=[{"name": "test", "conclusion": "failure",
                                "steps": [{"name": step, "conclusion": "failure"}], "log": log}])

    def stage(command: str, args: dict[str, Any]) -> Any:
        return invoke(command, args, api_url=sim.base_url, token=token, repo=repo, workspace=workspace,
                      event={}, event_name="workflow_run", gateway_options={"sleep": lambda _s: None})

    out: dict[str, Any] = {"repo": repo}
    analyzed = stage("analyze-failure", {"run-id": run_id})
    out["analyze"] = analyzed.outputs
    if analyzed.exit_code != 0 or not analyzed.outputs.get("analysis-file"):
        out["error"] = f"analyze-failure: {analyzed.stdout[-400:]}"
        return out
    analysis = json.loads((workspace / analyzed.outputs["analysis-file"]).read_text(encoding="utf-8"))
    out["analysis"] = analysis
    if analyzed.outputs.get("healed") != "true":
        out["error"] = f"analyze-failure did not hand over (healed={analyzed.outputs.get('healed')})"
        return out
    issue = stage("open-issue", {"analysis-file": analyzed.outputs["analysis-file"]})
    if issue.exit_code != 0 or not issue.outputs.get("issue-number"):
        out["error"] = f"open-issue: {issue.outputs.get('reason') or issue.stdout[-400:]}"
        return out
    draft = stage("draft-pr", {"issue-number": issue.outputs["issue-number"],
                               "analysis-file": analyzed.outputs["analysis-file"]})
    out["draft"] = draft.outputs
    out["draft_log"] = draft.stdout[-1500:]
    if draft.exit_code != 0:
        out["error"] = f"draft-pr: {draft.stdout[-400:]}"
        return out
    branch = draft.outputs.get("branch") or ""
    if branch:
        gh = sim.github()
        compare = gh.get_repo(repo).compare("main", branch)
        out["changed"] = {f.filename: sim.file(repo, f.filename, ref=branch) for f in compare.files}
    return out


# -- one case ---------------------------------------------------------------------------------------------
def expected_module(case: dict[str, Any]) -> str:
    return case["expect"]["module"]


def evaluate(case: dict[str, Any], sources: Path, work: Path, sim: Any) -> Outcome:
    began = time.monotonic()
    result = Outcome(case["name"], case["ecosystem"])
    git_dir = sources / case["repo"].replace("/", "+") / "repo"
    if not git_dir.is_dir():
        result.miss = f"source not found: {git_dir} (fetch {case['repo']} first)"
        return result
    here = work / case["name"]
    base, broken, fixed = here / "base", here / "broken", here / "fixed"
    export(git_dir, case["commit"], base)
    code, output = run_ci(base, case, here / "env-base")
    (here / "base.log").write_text(output, encoding="utf-8")
    if code != 0:
        result.miss = f"bad case: the unmutated project's CI command fails here (exit {code}): {last_lines(output)}"
        return result
    export(git_dir, case["commit"], broken)
    mutate(broken, case["mutation"])
    code, output = run_ci(broken, case, here / "env-broken")
    (here / "broken.log").write_text(output, encoding="utf-8")
    if code == 0:
        result.miss = "bad case: the mutation did not make the CI command fail"
        return result
    result.broke = True
    log = as_job_log(" && ".join(case["test"]), output, code)
    workspace = Path(tempfile.mkdtemp(prefix="heal-ws-"))
    files = tracked_files(broken)
    healed = heal_on_simulator(sim, case, files, log, workspace)
    analysis = healed.get("analysis") or {}
    result.category = str(analysis.get("category") or "")
    result.modules = [str(m) for m in ((analysis.get("specifics") or {}).get("modules") or [])]
    want = expected_module(case)
    result.analyzed_right = result.category == case["expect"]["category"] and want in result.modules
    draft = healed.get("draft") or {}
    result.fix_kind = draft.get("fix-kind", "")
    result.fix_proposed = draft.get("action") == "created" and result.fix_kind == case["expect"]["fix_kind"]
    changed = healed.get("changed") or {}
    result.changed_files = sorted(changed)
    if not result.analyzed_right:
        result.miss = (f"analyzed as {result.category or '?'} with modules {result.modules or '[]'}; expected "
                       f"{case['expect']['category']} naming {want!r}" + (f" ({healed['error']})" if "error" in healed else ""))
    if not result.fix_proposed:
        reason = draft.get("reason") or healed.get("error") or "no PR"
        result.miss = result.miss or f"no {case['expect']['fix_kind']} fix: {draft.get('action', '?')} " \
                                     f"({result.fix_kind or '-'}): {reason}"
        result.seconds = round(time.monotonic() - began, 1)
        return result
    export(git_dir, case["commit"], fixed)
    mutate(fixed, case["mutation"])
    for path, text in changed.items():
        target = fixed / path
        if text is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    code, output = run_ci(fixed, case, here / "env-fixed")
    (here / "fixed.log").write_text(output, encoding="utf-8")
    result.fix_passed = code == 0
    if not result.fix_passed:
        result.miss = f"the fixed branch still fails (exit {code}): {last_lines(output)}"
    result.seconds = round(time.monotonic() - began, 1)
    return result


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def last_lines(output: str, n: int = 3) -> str:
    """The last lines of a command's output that say something (no colour codes, no pip index warnings)."""
    lines = [ANSI.sub("", line).strip() for line in output.splitlines()]
    lines = [line for line in lines if line and not line.startswith("WARNING: Location")]
    return " | ".join(lines[-n:])[-300:]


# -- the report -------------------------------------------------------------------------------------------
def report(results: list[Outcome]) -> str:
    yes = lambda b: "yes" if b else "no"  # noqa: E731
    rows = ["| case | ecosystem | CI broke | analyzed right | fix proposed | fix made CI pass | files changed | s |",
            "|---|---|---|---|---|---|---|---:|"]
    for r in results:
        rows.append(f"| {r.name} | {r.ecosystem} | {yes(r.broke)} | {yes(r.analyzed_right)} | {yes(r.fix_proposed)} | "
                    f"{yes(r.fix_passed)} | {', '.join(r.changed_files) or '—'} | {r.seconds:g} |")
    valid = [r for r in results if r.broke]
    n = len(valid)

    def share(k: int) -> str:
        return f"{k}/{n} ({100.0 * k / n:.0f} %)" if n else "—"

    rows += ["", f"Cases whose CI the mutation really broke: {n} of {len(results)}",
             f"- analyzed right: {share(sum(r.analyzed_right for r in valid))}",
             f"- fix proposed: {share(sum(r.fix_proposed for r in valid))}",
             f"- fix made the command pass (heal rate): {share(sum(r.fix_passed for r in valid))}"]
    misses = [r for r in results if r.miss]
    if misses:
        rows += ["", "Misses:"] + [f"- {r.name}: {r.miss}" for r in misses]
    return "\n".join(rows)


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    held_out = set()
    if HELD_OUT.is_file():
        held_out = {line.strip().lower() for line in HELD_OUT.read_text().splitlines()
                    if line.strip() and not line.startswith("#")}
    for case in cases:
        if case["repo"].lower() in held_out:
            raise SystemExit(f"case {case['name']}: {case['repo']} is held out for the analyzer's evaluation")
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--sources", type=Path, default=Path("/work/.mirror"),
                        help="folder of git mirrors, <owner>+<name>/repo (default: /work/.mirror)")
    parser.add_argument("--work", type=Path, default=Path("/work/healcases"),
                        help="where projects are exported and run, outside this repository")
    parser.add_argument("--only", nargs="*", default=None, help="case names to run")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    from autoheal.sim import start

    cases = [c for c in load_cases(args.cases) if not args.only or c["name"] in args.only]
    results = []
    with start() as sim:
        for case in cases:
            print(f"... {case['name']} ({case['repo']}@{case['commit'][:7]})", file=sys.stderr, flush=True)
            try:
                results.append(evaluate(case, args.sources, args.work, sim))
            except (subprocess.SubprocessError, OSError, ValueError) as exc:
                results.append(Outcome(case["name"], case["ecosystem"], miss=f"harness error: {exc}"))
            print(f"    {results[-1]}", file=sys.stderr, flush=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
