"""Produce autoheal's own labeled failure logs by running REAL toolchains here.

Each case runs a real command (pytest, python, gcc, javac, mvn -o, rustc, cargo,
node, npm-style require, ruff, mypy, coverage, coreutils timeout, ulimit -v, ...)
in a scratch directory, captures its real output, and wraps it in GitHub's raw
job-log layout (timestamps, `##[group]Run` headers, `##[error]Process completed
with exit code N.`, post-job cleanup) or in plain CI text. The category is known
by construction; the "error" line ranges are the output lines that match the
case's `marks` regex (chosen per case, before looking at the analyzer's output).

Every case runs twice (run1/run2: different timestamps, temp dirs and durations)
so tests can check that fingerprints are stable across runs, and a subset also
gets a passing run (pass) to serve as a baseline for novel lines.

Usage: python tests/data/logs/generate.py   (rewrites *.log and labels.jsonl here)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
VENV_BIN = str(Path(PY).parent)

CHECKOUT = """\
##[group]Run actions/checkout@v4
with:
  repository: octo/app
  token: ***
  ssh-strict: true
  persist-credentials: true
##[endgroup]
Syncing repository: octo/app
##[group]Getting Git version info
Working directory is '/home/runner/work/app/app'
[command]/usr/bin/git version
git version 2.43.0
##[endgroup]
Temporarily overriding HOME='/home/runner/work/_temp/{uuid}' before making global git config changes
Adding repository directory to the temporary git global config as a safe directory
[command]/usr/bin/git config --global --add safe.directory /home/runner/work/app/app
##[group]Fetching the repository
[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +{sha}:refs/remotes/origin/main
From https://github.com/octo/app
 * [new ref]         {sha} -> origin/main
##[endgroup]
##[group]Checking out the ref
[command]/usr/bin/git checkout --progress --force -B main refs/remotes/origin/main
Switched to a new branch 'main'
branch 'main' set up to track 'origin/main'.
##[endgroup]
[command]/usr/bin/git log -1 --format='%H'
'{sha}'
"""

SETUP_JOB = """\
Current runner version: '2.321.0'
##[group]Operating System
Ubuntu
22.04.5
LTS
##[endgroup]
##[group]Runner Image
Image: ubuntu-22.04
Version: 20241201.1.0
##[endgroup]
##[group]GITHUB_TOKEN Permissions
Contents: read
Metadata: read
##[endgroup]
Secret source: Actions
Prepare workflow directory
Prepare all required actions
Getting action download info
Download action repository 'actions/checkout@v4' (SHA:{sha})
Complete job name: {job}
"""

POST = """\
Post job cleanup.
[command]/usr/bin/git version
git version 2.43.0
Temporarily overriding HOME='/home/runner/work/_temp/{uuid}' before making global git config changes
[command]/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand
Cleaning up orphan processes
"""

C_MAIN_BAD = "#include <stdio.h>\nint main(void) {\n    int x = 1\n    printf(\"%d\\n\", x);\n    return undefined_symbol;\n}\n"
C_LINK_BAD = "int helper(int);\nint main(void) { return helper(2); }\n"
C_SEGV = "#include <stdio.h>\nint main(void) { int *p = 0; printf(\"start\\n\"); fflush(stdout); return *p; }\n"
JAVA_BAD = "public class App {\n    public static void main(String[] args) {\n        int n = \"text\";\n        System.out.println(missing(n));\n    }\n}\n"
POM_MISSING_DEP = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId><artifactId>app</artifactId><version>1.0</version>
  <dependencies>
    <dependency><groupId>org.example.nothere</groupId><artifactId>ghost-lib</artifactId><version>9.9.9</version></dependency>
  </dependencies>
</project>
"""
RUST_BAD = "fn main() {\n    let x: i32 = \"five\";\n    println!(\"{}\", y);\n}\n"
CARGO_TOML = '[package]\nname = "calc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n'
CARGO_LIB = (
    "pub fn add(a: i32, b: i32) -> i32 { a - b }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n"
    "    #[test]\n    fn adds_two_numbers() { assert_eq!(add(2, 2), 4); }\n"
    "    #[test]\n    fn adds_zero() { assert_eq!(add(0, 0), 0); }\n}\n"
)
PY_TEST_FAIL = (
    "from app.calc import parse_ratio\n\n\ndef test_parse_ratio_simple():\n    assert parse_ratio('1:2') == 0.5\n\n\n"
    "def test_parse_ratio_rejects_zero():\n    assert parse_ratio('1:0') is None\n"
)
PY_APP = "def parse_ratio(text):\n    a, b = text.split(':')\n    return int(a) / int(b)\n"
PY_IMPORT_MISSING = "import yaml_settings_loader\n\n\ndef load():\n    return yaml_settings_loader.load('x')\n"
PY_TEST_IMPORT = "from app.settings import load\n\n\ndef test_load():\n    assert load() == {}\n"
PY_SYNTAX = "def handler(event):\n    if event['kind'] == 'push'\n        return True\n    return False\n"
PY_TYPES = "def total(items: list[int]) -> int:\n    return sum(items)\n\n\ncount: int = total(['a', 'b'])\nname: str = total([1])\n"
PY_LINT = "import os\nimport sys\n\n\ndef f(x):\n    return x == None\n"
PY_UNITTEST = (
    "import unittest\n\n\nclass ParserTest(unittest.TestCase):\n    def test_split(self):\n"
    "        self.assertEqual('a,b'.split(','), ['a', 'b', 'c'])\n\n    def test_ok(self):\n        self.assertTrue(True)\n\n\n"
    "if __name__ == '__main__':\n    unittest.main()\n"
)
JS_TEST = (
    "const test = require('node:test');\nconst assert = require('node:assert');\n\n"
    "test('formats currency', () => {\n  assert.strictEqual((1234.5).toFixed(1), '1234.50');\n});\n"
)
YAML_BAD = "build:\n  steps:\n    - run: make\n   - run: make test\n"
WORKFLOW_BAD = "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ secrets.TOKEN\n"
COV_APP = "def used():\n    return 1\n\n\ndef unused_a():\n    x = 1\n    y = 2\n    return x + y\n\n\ndef unused_b():\n    return [i for i in range(3)]\n"
COV_TEST = "from covapp import used\n\n\ndef test_used():\n    assert used() == 1\n"


def case(name, category, cmd, *, files=None, marks, job="test", fmt="github", tail=None, env=None,
         pass_cmd=None, exit_code=None, pre_steps=True, prepare=None):
    return dict(name=name, category=category, cmd=cmd, files=files or {}, marks=marks, job=job, fmt=fmt,
                tail=tail or [], env=env or {}, pass_cmd=pass_cmd, exit_code=exit_code, pre_steps=pre_steps,
                prepare=prepare)


def _future_python_wheel(work: Path) -> None:
    """A real wheel whose metadata demands Python >= 4, for pip to refuse."""
    import zipfile

    name = "needs_future_python-1.0"
    with zipfile.ZipFile(work / f"{name}-py3-none-any.whl", "w") as zf:
        zf.writestr(f"{name}.dist-info/METADATA",
                    "Metadata-Version: 2.1\nName: needs-future-python\nVersion: 1.0\nRequires-Python: >=4.0\n")
        zf.writestr(f"{name}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{name}.dist-info/RECORD", "")


CASES = [
    case("py-pytest-assert", "test_failure", f"{PY} -m pytest -q tests -p no:cacheprovider",
         files={"app/__init__.py": "", "app/calc.py": PY_APP, "tests/test_calc.py": PY_TEST_FAIL},
         marks=r"^(E |FAILED |.*ZeroDivisionError)", pass_cmd=f"{PY} -m pytest -q tests -p no:cacheprovider -k simple"),
    case("py-module-not-found", "missing_dependency", f"{PY} -m pytest -q tests -p no:cacheprovider",
         files={"app/__init__.py": "", "app/settings.py": PY_IMPORT_MISSING, "tests/test_settings.py": PY_TEST_IMPORT},
         marks=r"ModuleNotFoundError", pass_cmd=f"{PY} -c 'print(\"ok\")'"),
    case("py-import-script", "missing_dependency", f"{PY} -c 'import requests_toolbelt_nothere'",
         marks=r"ModuleNotFoundError", job="lint", fmt="plain"),
    case("py-syntax", "syntax_error", f"{PY} -m py_compile app/handler.py",
         files={"app/handler.py": PY_SYNTAX}, marks=r"SyntaxError|^\s*\^|line 2"),
    case("py-unittest", "test_failure", f"{PY} -m unittest -v test_parser",
         files={"test_parser.py": PY_UNITTEST}, marks=r"^(FAIL:|AssertionError|FAILED)"),
    case("py-memoryerror-ulimit", "out_of_memory",
         f"bash -c 'ulimit -v 400000; {PY} -c \"x = bytearray(2 * 1024 ** 3)\"'", marks=r"MemoryError", job="build"),
    case("py-subprocess-timeout", "timeout",
         f"{PY} -c \"import subprocess; subprocess.run(['sleep', '5'], timeout=1)\"", marks=r"TimeoutExpired"),
    case("coreutils-timeout-job", "timeout", "timeout 2 sleep 10",
         marks=r"has exceeded the maximum execution time|timed out after", exit_code=None,
         tail=["##[error]The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 2 minutes.",
               "##[error]The operation was canceled."]),
    case("gcc-compile", "compile_error", "gcc -Wall -c src/main.c -o main.o",
         files={"src/main.c": C_MAIN_BAD}, marks=r"error:", job="build"),
    case("gcc-link", "compile_error", "gcc src/main.c -o app", files={"src/main.c": C_LINK_BAD},
         marks=r"undefined reference|ld returned", job="build"),
    case("c-segfault", "crash", "gcc src/crash.c -o crash && ./crash", files={"src/crash.c": C_SEGV},
         marks=r"Segmentation fault", job="build"),
    case("javac-compile", "compile_error", "javac -d out App.java", files={"App.java": JAVA_BAD},
         marks=r"error:", job="build"),
    case("mvn-offline-missing-dep", "missing_dependency", "mvn -o -q -B dependency:resolve",
         files={"pom.xml": POM_MISSING_DEP}, marks=r"\[ERROR\].*(?:ghost-lib|resolve)", job="build"),
    case("rustc-compile", "compile_error", "rustc --edition 2021 src/main.rs -o app",
         files={"src/main.rs": RUST_BAD}, marks=r"^error", job="build"),
    case("cargo-test", "test_failure", "cargo test --offline -q",
         files={"Cargo.toml": CARGO_TOML, "src/lib.rs": CARGO_LIB}, marks=r"panicked|FAILED|test result", env={"CARGO_TERM_COLOR": "always"}),
    case("node-missing-module", "missing_dependency", "node -e \"require('left-pad-extreme')\"",
         marks=r"Cannot find module", job="build"),
    case("node-test", "test_failure", "node --test", files={"test/format.test.js": JS_TEST},
         marks=r"not ok|# fail|AssertionError|failing tests"),
    case("node-heap-oom", "out_of_memory",
         "node --max-old-space-size=24 -e \"const a=[]; for(;;) a.push(new Array(1e5).fill({x:1}))\"",
         marks=r"heap out of memory|Allocation failed", job="build"),
    case("ruff-lint", "lint", f"{VENV_BIN}/ruff check --no-cache --output-format concise src",
         files={"src/mod.py": PY_LINT}, marks=r"src/mod\.py:|Found \d+ error", job="lint"),
    case("ruff-format", "lint", f"{VENV_BIN}/ruff format --no-cache --check src",
         files={"src/mod.py": "x=1\ny = [1,2 ,3]\n"}, marks=r"Would reformat|would be reformatted", job="lint"),
    case("mypy-types", "type_error", f"{VENV_BIN}/mypy --no-incremental --cache-dir=/dev/null src",
         files={"src/totals.py": PY_TYPES}, marks=r"error:|Found \d+ error", job="typecheck"),
    case("coverage-threshold", "coverage",
         f"{VENV_BIN}/coverage run -m pytest -q -p no:cacheprovider && {VENV_BIN}/coverage report --fail-under=90",
         files={"covapp.py": COV_APP, "test_cov.py": COV_TEST}, marks=r"Coverage failure"),
    case("disk-full-dev-full", "disk_full", "dd if=/dev/zero of=/dev/full bs=1M count=4",
         marks=r"No space left", job="build"),
    case("permission-script", "permission_denied", "./scripts/deploy.sh",
         files={"scripts/deploy.sh": "#!/bin/sh\necho deploying\n"}, marks=r"Permission denied", job="deploy"),
    case("command-not-found", "environment", "bash -c 'set -e; echo building; terraformx init'",
         marks=r"command not found", job="deploy"),
    case("network-refused", "network", "curl -sS --retry 0 http://127.0.0.1:9/health",
         marks=r"Failed to connect|Connection refused|Could not connect", job="smoke"),
    case("network-dns", "network", "git ls-remote https://git.invalid/octo/app.git",
         marks=r"Could not resolve host|resolve", job="build"),
    case("pip-no-dist", "missing_dependency", f"{PY} -m pip install --no-index --no-cache-dir fastjsonschema-xyz==1.0",
         marks=r"Could not find a version|No matching distribution", job="build"),
    case("pip-requires-python", "environment",
         f"{PY} -m pip install --no-index --no-cache-dir ./needs_future_python-1.0-py3-none-any.whl",
         prepare=_future_python_wheel, marks=r"requires a different Python", job="build"),
    case("yaml-invalid-config", "invalid_config",
         f"{PY} -c \"import yaml,sys; yaml.safe_load(open('ci.yml'))\"", files={"ci.yml": YAML_BAD},
         marks=r"ScannerError|ParserError|expected|while parsing", job="validate"),
    case("actionlint-invalid", "invalid_config", f"{VENV_BIN}/actionlint -no-color .github/workflows/ci.yml",
         files={".github/workflows/ci.yml": WORKFLOW_BAD}, marks=r"ci\.yml:\d+:\d+", job="validate"),
    case("bash-syntax", "syntax_error", "bash scripts/release.sh",
         files={"scripts/release.sh": "#!/bin/bash\nif [ -n \"$TAG\" ] then\n  echo tag\nfi\n"},
         marks=r"syntax error", job="release"),
    case("python-abort", "crash", f"{PY} -c 'import os; print(\"worker start\", flush=True); os.abort()'",
         marks=r"Aborted|core dumped", job="worker"),
    case("cancelled-run", "cancelled", "sleep 1; echo 'still running integration suite'",
         marks=r"The operation was canceled|canceled", exit_code=None,
         tail=["##[error]The operation was canceled."]),
]


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"


def run_case(c: dict, cmd: str, work: Path) -> tuple[list[str], int]:
    for rel, text in c["files"].items():
        p = work / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1", TERM="dumb", **c["env"])
    env.pop("FORCE_COLOR", None)
    if c.get("prepare"):
        c["prepare"](work)
    # Like the runner: the step's script in a file, run by `bash -e {0}`.
    script = work.parent / f"{work.name}-step.sh"
    script.write_text(cmd + "\n")
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], cwd=work, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    out = proc.stdout.decode("utf-8", "replace").replace(str(work), "/home/runner/work/app/app")
    out = out.replace(str(script), "/home/runner/work/_temp/step.sh")
    return out.splitlines(), proc.returncode


def build_log(c: dict, lines: list[str], code: int, seed: int, failing: bool) -> tuple[str, list[dict]]:
    rnd = random.Random(seed)
    t = dt.datetime(2026, 1, 5, 9, 0, 0) + dt.timedelta(days=seed % 7, seconds=rnd.randint(0, 5000))
    uuid = "%08x-%04x-4%03x-8%03x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12),
                                            rnd.getrandbits(12), rnd.getrandbits(48))
    sha = "%040x" % rnd.getrandbits(160)
    out: list[str] = []
    error_lines: list[int] = []

    def emit(text: str, mark: bool = False) -> None:
        nonlocal t
        t += dt.timedelta(microseconds=rnd.randint(100, 400000))
        out.append(text)
        if mark:
            error_lines.append(len(out))

    if c["fmt"] != "plain":
        for ln in SETUP_JOB.format(sha=sha, job=c["job"]).splitlines():
            emit(ln)
        if c["pre_steps"]:
            for ln in CHECKOUT.format(uuid=uuid, sha=sha).splitlines():
                emit(ln)
        emit(f"##[group]Run {c['cmd'].splitlines()[0]}")
        emit(f"\x1b[36;1m{c['cmd']}\x1b[0m")
        emit("shell: /usr/bin/bash -e {0}")
        emit("##[endgroup]")
    else:
        emit(f"Started by GitHub push by octocat")
        emit(f"Building in workspace /var/lib/jenkins/workspace/app")
        emit(f"[app] $ /bin/sh -xe /tmp/jenkins{rnd.randint(10**17, 10**18)}.sh")
        emit(f"+ {c['cmd']}")
    marks = re.compile(c["marks"]) if failing else None
    for ln in lines:
        emit(ln, bool(marks and marks.search(ln)))
    if failing:
        for ln in c["tail"]:
            emit(ln, bool(marks.search(ln)))
    if c["fmt"] != "plain":
        if failing and not c["tail"]:
            emit(f"##[error]Process completed with exit code {code}.")
        for ln in POST.format(uuid=uuid).splitlines():
            emit(ln)
    else:
        emit("Build step 'Execute shell' marked build as failure" if failing else "Finished: SUCCESS")
        if failing:
            emit("Finished: FAILURE")
    if c["fmt"] == "plain":
        text = "\n".join(out) + "\n"
    else:
        stamped = []
        for ln in out:
            t += dt.timedelta(microseconds=rnd.randint(100, 200000))
            stamped.append(f"{stamp(t)} {ln}")
        text = "\n".join(stamped) + "\n"
    return text, _ranges(error_lines)


def _ranges(lines: list[int]) -> list[dict]:
    out: list[dict] = []
    for n in lines:
        if out and out[-1]["end"] == n - 1:
            out[-1]["end"] = n
        else:
            out.append({"kind": "error", "start": n, "end": n})
    return out


def main() -> int:
    for old in HERE.glob("*.log"):
        old.unlink()
    labels = []
    for i, c in enumerate(CASES):
        for run in (1, 2):
            with tempfile.TemporaryDirectory(prefix=f"ah-{c['name']}-") as tmp:
                lines, code = run_case(c, c["cmd"], Path(tmp))
            if c["exit_code"] is None and c["tail"]:
                code = None
            text, ranges = build_log(c, lines, code, seed=i * 10 + run, failing=True)
            if not ranges:
                print(f"!! {c['name']} run{run}: no output line matched {c['marks']!r}; output was:\n" + "\n".join(lines[-15:]))
            fname = f"{c['name']}.run{run}.log"
            (HERE / fname).write_text(text, encoding="utf-8", newline="")
            labels.append({"file": fname, "case": c["name"], "run": run, "category": c["category"],
                           "log_format": c["fmt"], "job": c["job"], "workflow": "CI",
                           "exit_code": code, "groundtruth_lines": ranges, "command": c["cmd"]})
            print(f"{fname:<40} {c['category']:<20} exit={code} error ranges={len(ranges)}")
        if c["pass_cmd"]:
            with tempfile.TemporaryDirectory(prefix=f"ah-{c['name']}-pass-") as tmp:
                lines, code = run_case(c, c["pass_cmd"], Path(tmp))
            text, _ = build_log(c, lines, code, seed=i * 10 + 5, failing=False)
            (HERE / f"{c['name']}.pass.log").write_text(text, encoding="utf-8", newline="")
    (HERE / "labels.jsonl").write_text("".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8")
    shutil.rmtree(HERE / "__pycache__", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
