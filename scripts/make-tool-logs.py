"""Generate tests/data/toollogs/: failure logs made by RUNNING REAL TOOLS here, labeled by construction.

Each case runs a real command (pytest, ruff, mypy, pip, pre-commit, shellcheck, gcc, javac,
cargo, node --test, npm, tsc/eslint/jest/vitest/mocha when their npm packages are installed,
terraform, ...) in a scratch directory and wraps its real output in one CI layout: GitHub's
raw job log (timestamps, `##[group]Run`, `##[error]Process completed with exit code N.`),
`gh run view --log` columns, Travis CI, GitLab CI or Jenkins console text. Earlier steps that
succeed (a checkout, an `npm install` that says "found 0 vulnerabilities", a setup warning)
come before the failing one, as in real jobs.

The category, the failing tests, the file:line of the first error and the module are known
by construction and written in labels.jsonl (same record shape as tests/data/corpus); the
"error" line ranges are the output lines matching the case's `marks` regex, chosen per case
before looking at the analyzer's output.

Tools not installed here are skipped (the script says which). Node packages are looked for
in $AUTOHEAL_NODE_TOOLS (a folder with node_modules/.bin), Python tools in $AUTOHEAL_PY_TOOLS
(a venv's bin folder; default: this interpreter's).

Usage: python scripts/make-tool-logs.py   (rewrites tests/data/toollogs/*.log and labels.jsonl)
       python scripts/make-tool-logs.py --only NAME[,NAME]   (rewrites only those cases' logs and labels)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "toollogs"
PY = sys.executable
PYBIN = Path(os.environ.get("AUTOHEAL_PY_TOOLS", Path(PY).parent))
NODEBIN = Path(os.environ.get("AUTOHEAL_NODE_TOOLS", "/nonexistent")) / "node_modules" / ".bin"
WORKDIR = "/home/runner/work/app/app"


def tool(name: str) -> str | None:
    for folder in (PYBIN, NODEBIN):
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


# ---- sources the cases run on --------------------------------------------------------------
PY_CALC = "def ratio(a, b):\n    return a / b\n\n\ndef total(items):\n    return sum(items)\n"
PY_TEST_NOISY = '''import sys

from calc import ratio, total


def test_client_retries_after_rate_limit():
    # a mocked API answer, printed by a PASSING test
    print("HTTP 429 Too Many Requests: API rate limit exceeded for installation (mocked)")
    print("ConnectionRefusedError: [Errno 111] Connection refused (mocked upstream)")
    print("ERROR [build 3/5] RUN make (a fixture string)")
    assert total([1, 2]) == 3


def test_ratio_of_halves():
    assert ratio(1, 2) == 0.5


def test_total_of_strings():
    assert total([1, 2, 3]) == 7
'''
PY_TEST_FIXTURE_ERROR = '''import pytest


@pytest.fixture
def database():
    raise RuntimeError("database fixture could not start")


def test_reads_rows(database):
    assert database


def test_counts_rows():
    assert 1 + 1 == 2
'''
PY_LINT = "import os\nimport sys\nfrom typing import List\n\n\ndef f(x):\n    if x == None:\n        return 1\n    return 2\n"
PY_TYPES = (
    "def parse(text: str) -> int:\n    return int(text)\n\n\n"
    "value: str = parse('3')\ncount: int = parse(3)\nname: int = 'x'\n"
)
PY_UNITTEST = (
    "import unittest\n\n\nclass TokenizerTest(unittest.TestCase):\n"
    "    def test_split_words(self):\n        self.assertEqual('a b'.split(), ['a', 'b', 'c'])\n\n"
    "    def test_empty(self):\n        self.assertEqual(''.split(), [])\n\n\n"
    "if __name__ == '__main__':\n    unittest.main()\n"
)
C_MANY = (
    "#include <stdio.h>\n\nint main(void) {\n    int count = \"three\";\n    undeclared_call(count);\n"
    "    return missing_value;\n}\n"
)
JAVA_MANY = (
    "public class Report {\n    public static void main(String[] args) {\n        int pages = \"ten\";\n"
    "        String title = 42;\n        System.out.println(unknownHelper(pages));\n    }\n}\n"
)
RUST_MANY = (
    'fn main() {\n    let total: u32 = "seven";\n    let name: String = 5;\n    println!("{} {}", total, name);\n}\n'
)
CARGO_TOML = '[package]\nname = "ledger"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n'
CARGO_TEST_LIB = (
    "pub fn balance(credits: i64, debits: i64) -> i64 {\n    credits + debits\n}\n\n"
    "#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn balance_subtracts_debits() {\n"
    "        assert_eq!(balance(10, 3), 7);\n    }\n\n    #[test]\n    fn balance_of_nothing() {\n"
    "        assert_eq!(balance(0, 0), 0);\n    }\n}\n"
)
NODE_TEST = (
    "const test = require('node:test');\nconst assert = require('node:assert');\n\n"
    "test('formats a price', () => {\n  assert.strictEqual((1.5).toFixed(2), '1.50');\n});\n\n"
    "test('rounds half up', () => {\n  assert.strictEqual(Math.round(2.5), 2);\n});\n"
)
JEST_TEST = (
    "const sum = (a, b) => a + b;\n\ndescribe('sum', () => {\n  test('adds small numbers', () => {\n"
    "    expect(sum(1, 2)).toBe(3);\n  });\n  test('adds negatives', () => {\n    expect(sum(-1, -2)).toBe(3);\n  });\n});\n"
)
VITEST_TEST = (
    "import { describe, it, expect } from 'vitest';\n\ndescribe('slugify', () => {\n"
    "  it('lowercases words', () => {\n    expect('Hello World'.toLowerCase()).toBe('hello-world');\n  });\n});\n"
)
MOCHA_TEST = (
    "const assert = require('assert');\n\ndescribe('Cart', function () {\n  it('sums item prices', function () {\n"
    "    assert.strictEqual(1 + 1, 3);\n  });\n  it('starts empty', function () {\n    assert.deepStrictEqual([], []);\n  });\n});\n"
)
TS_ERRORS = (
    "export function area(width: number, height: number): number {\n  return width * height;\n}\n\n"
    "const size: number = area('4', 2);\nconst label: string = area(1, 2);\n"
)
TS_RELATIVE = "import { helper } from './utils/helper';\n\nexport const value: number = helper(1);\n"
TSCONFIG = '{"compilerOptions": {"strict": true, "noEmit": true, "target": "es2020", "module": "commonjs"}, "include": ["src"]}\n'
ESLINT_CONFIG = (
    "const js = require('@eslint/js');\nmodule.exports = [js.configs.recommended, "
    "{languageOptions: {sourceType: 'commonjs', globals: {require: 'readonly', module: 'writable', console: 'readonly'}}}];\n"
)
ESLINT_SRC = "const unused = 1;\nlet total = 0\nfunction add(a) {\n  return a + undefinedThing;\n}\nmodule.exports = add;\n"
SHELL_BAD = '#!/bin/bash\nset -e\nfiles=$(ls *.txt)\nfor f in $files; do\n  cp $f /tmp/backup/\ndone\necho "done" $1\n'
PRECOMMIT_CONFIG = """repos:
  - repo: local
    hooks:
      - id: no-todo
        name: forbid TODO markers
        entry: 'TODO'
        language: pygrep
        types: [python]
      - id: no-print
        name: forbid print statements
        entry: '^\\s*print\\('
        language: pygrep
        types: [python]
"""
# pytest collection errors: a package whose conftest raises, a test module that fails at import
PY_CONFTEST_RAISES = "SETTINGS = {}\nSETTINGS['vizro_ai']\n"
PY_TEST_IMPORT_FAILS = "from calc import ratio\n\nLIMIT = ratio(1, 0)\n\n\ndef test_limit():\n    assert LIMIT\n"
# CTest: a CMake project without a compiler whose tests are shell commands, one of them failing
CMAKE_TESTS = (
    "cmake_minimum_required(VERSION 3.16)\nproject(parser NONE)\nenable_testing()\n"
    "add_test(NAME ParserTest.SplitsFields COMMAND sh -c \"exit 0\")\n"
    "add_test(NAME ParserTest.Parse8Threads COMMAND sh -c \"echo 'free(): corrupted unsorted chunks' >&2; kill -ABRT $$\")\n"
    "add_test(NAME ParserTest.EmptyInput COMMAND sh -c \"echo 'expected 0 rows, got 1'; exit 1\")\n"
)
BEHAVE_FEATURE = (
    "Feature: Templates\n\n  Scenario: Deprecate an active template\n    Given a template\n    Then it is deprecated\n\n"
    "  Scenario: Search templates by keyword\n    Given a template\n    Then it is found\n"
)
BEHAVE_STEPS = (
    "from behave import given, then\n\n\n@given('a template')\ndef a_template(context):\n    context.status = 403\n\n\n"
    "@then('it is deprecated')\ndef deprecated(context):\n    assert context.status == 200, f'HTTP {context.status} Forbidden'\n\n\n"
    "@then('it is found')\ndef found(context):\n    pass\n"
)
BUN_TEST = (
    'import { test, expect, describe } from "bun:test";\n\ndescribe("CLI run command", () => {\n'
    '  test("inline bash execution", () => {\n    const stdout = "";\n    expect(stdout).toContain("2");\n  });\n'
    '  test("prints help", () => {\n    expect("usage").toContain("us");\n  });\n});\n'
)
TF_BAD = 'resource "null_resource" "x" {\n  triggers = {\n    id = var.missing\n  }\n}\n\nvariable "region" {\n  type = string\n  default = 3\n  bogus = true\n}\n'


def _git_init(work: Path) -> None:
    for args in (["init", "-q"], ["add", "."], ["-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "commit", "-qm", "init"]):
        subprocess.run(["git", *args], cwd=work, check=True, capture_output=True)


def _hash_wheel(work: Path) -> None:
    """A real wheel and a requirements file pinning a hash that does not match it."""
    name = "tinyjson-1.0"
    whl = work / "wheels" / f"{name}-py3-none-any.whl"
    whl.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(whl, "w") as zf:
        zf.writestr("tinyjson/__init__.py", "")
        zf.writestr(f"{name}.dist-info/METADATA", "Metadata-Version: 2.1\nName: tinyjson\nVersion: 1.0\n")
        zf.writestr(f"{name}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{name}.dist-info/RECORD", "")
    wrong = hashlib.sha256(b"not the wheel").hexdigest()
    (work / "requirements.txt").write_text(f"tinyjson==1.0 --hash=sha256:{wrong}\n")


def case(name, category, cmd, *, marks, files=None, layout="github", job="build", prepare=None, needs=(),
         tests=(), module=None, file=None, alt=(), tool_name="", env=None, pre_npm=False):
    return dict(name=name, category=category, cmd=cmd, marks=marks, files=files or {}, layout=layout, job=job,
                prepare=prepare, needs=needs, tests=list(tests), module=module, file=file, alt=list(alt),
                tool=tool_name, env=env or {}, pre_npm=pre_npm)


def cases() -> list[dict]:
    ruff, mypy, flake8, pyright = tool("ruff"), tool("mypy"), tool("flake8"), tool("pyright")
    precommit, shellcheck, behave, bun = tool("pre-commit"), tool("shellcheck"), tool("behave"), tool("bun")
    tsc, eslint, jest, vitest, mocha = tool("tsc"), tool("eslint"), tool("jest"), tool("vitest"), tool("mocha")
    pytest_cmd = f"{PY} -m pytest -p no:cacheprovider"
    return [
        case("pytest-noisy-passing-tests", "test_failure", f"{pytest_cmd} -s -q tests",
             files={"calc.py": PY_CALC, "tests/test_calc.py": PY_TEST_NOISY, "tests/conftest.py": "import sys, os\nsys.path.insert(0, os.getcwd())\n"},
             marks=r"^(E\s|FAILED )", tests=["tests/test_calc.py::test_total_of_strings"], file="tests/test_calc.py:22",
             tool_name="pytest", job="test", pre_npm=True),
        case("pytest-fixture-error-progress", "test_failure", f"{pytest_cmd} -v tests",
             files={"tests/test_db.py": PY_TEST_FIXTURE_ERROR}, marks=r"^(E\s|ERROR tests)",
             tests=["tests/test_db.py::test_reads_rows"], tool_name="pytest", layout="gh-cli", job="test"),
        case("unittest-gitlab", "test_failure", f"{PY} -m unittest -v test_tokenizer",
             files={"test_tokenizer.py": PY_UNITTEST}, marks=r"^(FAIL:|AssertionError|FAILED)",
             tests=["TokenizerTest.test_split_words"], tool_name="unittest", layout="gitlab", job="test"),
        case("ruff-full-output", "lint", f"{ruff} check --no-cache src", needs=[ruff],
             files={"src/app.py": PY_LINT}, marks=r"^(?:[A-Z]+\d+ |\s*--> )", file="src/app.py:1", tool_name="ruff", job="lint"),
        case("ruff-format-travis", "lint", f"{ruff} format --no-cache --check src", needs=[ruff],
             files={"src/app.py": "x=1\ny = [1,2 ,3]\n"}, marks=r"[Ww]ould (?:be )?reformat|-->", file="src/app.py", tool_name="ruff",
             layout="travis", job="lint"),
        case("flake8-jenkins", "lint", f"{flake8} src", needs=[flake8], files={"src/app.py": PY_LINT},
             marks=r"^src/app\.py:\d+", file="src/app.py:1", tool_name="flake8", layout="jenkins", job="lint"),
        case("mypy-first-error", "type_error", f"{mypy} --no-incremental --cache-dir=/dev/null src", needs=[mypy],
             files={"src/parse.py": PY_TYPES}, marks=r"error:", file="src/parse.py:5", tool_name="mypy", job="typecheck"),
        case("pyright-errors", "type_error", f"{pyright} src", needs=[pyright],
             files={"src/parse.py": PY_TYPES}, marks=r" - error", file="src/parse.py:5", tool_name="pyright", job="typecheck"),
        case("pip-hash-mismatch", "dependency_conflict",
             f"{PY} -m pip install --no-cache-dir --no-index --find-links wheels --require-hashes -r requirements.txt",
             prepare=_hash_wheel, marks=r"HASHES|Expected sha256|Got ", module="tinyjson", tool_name="pip", job="install"),
        case("pip-connection-refused", "network",
             f"{PY} -m pip install --no-cache-dir --index-url http://127.0.0.1:9/simple --retries 1 --timeout 2 tinyjson",
             marks=r"Connection refused|NewConnectionError|Max retries", alt=["missing_dependency"], module="tinyjson",
             tool_name="pip", job="install", layout="gh-cli"),
        case("pre-commit-hooks-failed", "lint", f"{precommit} run --all-files", needs=[precommit],
             files={".pre-commit-config.yaml": PRECOMMIT_CONFIG, "app.py": "# TODO remove\nprint('hi')\n"},
             prepare=_git_init, marks=r"Failed$|^app\.py:\d+", file="app.py:1", tool_name="pre-commit", job="lint",
             env={"PRE_COMMIT_HOME": "/tmp/ah-precommit-home"}),
        case("shellcheck-gcc-format", "lint", f"{shellcheck} -f gcc scripts/backup.sh", needs=[shellcheck],
             files={"scripts/backup.sh": SHELL_BAD}, marks=r"backup\.sh:\d+", file="scripts/backup.sh:3",
             tool_name="shellcheck", job="lint"),
        case("shellcheck-tty-gitlab", "lint", f"{shellcheck} scripts/backup.sh", needs=[shellcheck],
             files={"scripts/backup.sh": SHELL_BAD}, marks=r"^In scripts|SC\d{4}", file="scripts/backup.sh:3",
             tool_name="shellcheck", job="lint", layout="gitlab"),
        case("gcc-first-of-many", "compile_error", "gcc -Wall -c src/main.c -o main.o", files={"src/main.c": C_MANY},
             marks=r"error:", file="src/main.c:6", tool_name="gcc", job="build"),
        case("javac-first-of-many-travis", "compile_error", "javac -d out Report.java", files={"Report.java": JAVA_MANY},
             marks=r"error:", file="Report.java:3", tool_name="javac", job="build", layout="travis"),
        case("rustc-first-of-many", "compile_error", "cargo build --offline -q",
             files={"Cargo.toml": CARGO_TOML, "src/main.rs": RUST_MANY}, marks=r"^error|-->", file="src/main.rs:2",
             tool_name="cargo", job="build"),
        case("cargo-test-jenkins", "test_failure", "cargo test --offline -q",
             files={"Cargo.toml": CARGO_TOML, "src/lib.rs": CARGO_TEST_LIB}, marks=r"panicked|FAILED|test result",
             tests=["tests::balance_subtracts_debits"], file="src/lib.rs:11", tool_name="cargo test", job="test", layout="jenkins"),
        case("node-test-spec-reporter", "test_failure", "node --test --test-reporter=spec",
             files={"test/price.test.js": NODE_TEST}, marks=r"✖|AssertionError|fail \d",
             tests=["rounds half up"], tool_name="node --test", job="test", pre_npm=True),
        case("npm-e404", "missing_dependency", "npm install --no-audit --no-fund left-pad-autoheal-missing-pkg",
             marks=r"npm error", module="left-pad-autoheal-missing-pkg", tool_name="npm", job="build"),
        case("npm-missing-script", "invalid_config", "npm run lint", files={"package.json": '{"name": "app", "version": "1.0.0", "scripts": {"test": "node --test"}}\n'},
             marks=r"npm error", tool_name="npm", job="lint", layout="travis"),
        case("tsc-first-error", "type_error", f"{tsc} -p . --pretty false", needs=[tsc],
             files={"tsconfig.json": TSCONFIG, "src/area.ts": TS_ERRORS}, marks=r"error TS", file="src/area.ts:5",
             tool_name="tsc", job="typecheck"),
        case("tsc-relative-import", "compile_error", f"{tsc} -p . --pretty false", needs=[tsc],
             files={"tsconfig.json": TSCONFIG, "src/index.ts": TS_RELATIVE}, marks=r"error TS", file="src/index.ts:1",
             alt=["type_error"], tool_name="tsc", job="build"),
        case("eslint-stylish", "lint", f"{eslint} src", needs=[eslint], env={"NODE_PATH": str(NODEBIN.parent)},
             files={"eslint.config.js": ESLINT_CONFIG, "src/add.js": ESLINT_SRC}, marks=r"\d+:\d+\s+error|problem",
             file="src/add.js", tool_name="eslint", job="lint"),
        case("jest-failing", "test_failure", f"{jest} --ci --rootDir . --config '{{}}'", needs=[jest], files={"sum.test.js": JEST_TEST},
             marks=r"●|Tests:", tests=["sum › adds negatives"], tool_name="jest", job="test", pre_npm=True),
        case("vitest-failing", "test_failure", f"{vitest} run", needs=[vitest],
             files={"slug.test.mjs": VITEST_TEST, "package.json": '{"type": "module"}\n'}, marks=r"FAIL|×|AssertionError|Tests\s+\d+ failed",
             tests=["slugify > lowercases words"], tool_name="vitest", job="test"),
        case("mocha-failing", "test_failure", f"{mocha} test", needs=[mocha], files={"test/cart.test.js": MOCHA_TEST},
             marks=r"failing|AssertionError|\d+\) ", tests=["sums item prices"], tool_name="mocha", job="test", layout="gitlab"),
        case("pytest-collection-errors", "test_failure", f"{pytest_cmd} -q tests",
             files={"calc.py": PY_CALC, "tests/test_limits.py": PY_TEST_IMPORT_FAILS,
                    "tests/conftest.py": "import sys, os\nsys.path.insert(0, os.getcwd())\n",
                    "tests/settings/conftest.py": PY_CONFTEST_RAISES, "tests/settings/test_defaults.py": "def test_ok():\n    pass\n"},
             marks=r"^(E\s|ERROR tests)", tests=["tests/settings", "tests/test_limits.py"], tool_name="pytest",
             layout="gitlab", job="test"),
        case("ctest-travis", "test_failure", "cmake -S . -B build && ctest --test-dir build --output-on-failure",
             files={"CMakeLists.txt": CMAKE_TESTS}, marks=r"\*\*\*(?:Failed|Exception)|^\s*\d+ - |tests failed out of",
             tests=["ParserTest.Parse8Threads", "ParserTest.EmptyInput"], tool_name="ctest", layout="travis", job="test"),
        case("npm-eresolve-gh-cli", "dependency_conflict", "npm install --no-audit --no-fund --package-lock-only",
             files={"package.json": '{"name": "app", "version": "1.0.0", "dependencies": {"react": "17.0.2", "react-dom": "18.2.0"}}\n'},
             marks=r"npm error (?:code ERESOLVE|ERESOLVE|Found:|Could not resolve|peer )", module="react", tool_name="npm",
             job="build", layout="gh-cli"),
        case("behave-jenkins", "test_failure", f"{behave} --no-color features", needs=[behave],
             files={"features/templates.feature": BEHAVE_FEATURE, "features/steps/steps.py": BEHAVE_STEPS},
             marks=r"ASSERT FAILED|Assertion Failed|^Failing scenarios|\.feature:\d+  ", tests=["features/templates.feature:3 Deprecate an active template"],
             tool_name="behave", layout="jenkins", job="test"),
        case("bun-test-failing", "test_failure", f"{bun} test tests/", needs=[bun], files={"tests/cli.test.ts": BUN_TEST},
             marks=r"^error: expect|^\(fail\)|^ \d+ fail$|^\s+\d+ \|\s+expect", tests=["CLI run command > inline bash execution"],
             file="tests/cli.test.ts:6", tool_name="bun test", job="test"),
        case("terraform-validate", "invalid_config", "terraform init -backend=false -input=false -no-color && terraform validate -no-color",
             needs=[shutil.which("terraform")], files={"main.tf": TF_BAD}, marks=r"Error:|on main\.tf", file="main.tf",
             tool_name="terraform", job="plan"),
    ]


# ---- layouts -----------------------------------------------------------------------------
SETUP = """Current runner version: '2.321.0'
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
Complete job name: {job}"""
CHECKOUT = """##[group]Run actions/checkout@v4
with:
  repository: octo/app
  token: ***
##[endgroup]
Syncing repository: octo/app
[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --depth=1 origin +{sha}:refs/remotes/origin/main
 * [new ref]         {sha} -> origin/main
[command]/usr/bin/git log -1 --format='%H'
'{sha}'"""
SETUP_NODE = """##[group]Run actions/setup-node@v4
with:
  node-version: 20
##[endgroup]
Found in cache @ /opt/hostedtoolcache/node/20.18.1/x64
##[warning]The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files."""
POST = """Post job cleanup.
[command]/usr/bin/git version
git version 2.43.0
Cleaning up orphan processes"""


def _npm_install_output() -> list[str]:
    """The real output of a successful `npm install` in an empty project (says 'found 0 vulnerabilities')."""
    with tempfile.TemporaryDirectory(prefix="ah-npm-ok-") as tmp:
        Path(tmp, "package.json").write_text('{"name": "app", "version": "1.0.0"}\n')
        proc = subprocess.run(["npm", "install"], cwd=tmp, capture_output=True, text=True, timeout=120)
        return (proc.stdout + proc.stderr).splitlines()


def run(c: dict, work: Path) -> tuple[list[str], int]:
    for rel, text in c["files"].items():
        p = work / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    if c["prepare"]:
        c["prepare"](work)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1", TERM="dumb", CI="true", **c["env"])
    env.pop("FORCE_COLOR", None)
    script = work.parent / f"{work.name}-step.sh"
    script.write_text(c["cmd"] + "\n")
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], cwd=work, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    out = proc.stdout.decode("utf-8", "replace").replace(str(work), WORKDIR).replace(str(script), "/home/runner/work/_temp/step.sh")
    for folder in {str(PYBIN), str(NODEBIN), str(Path(PY).parent)}:
        out = out.replace(folder + "/", "")
    return out.splitlines(), proc.returncode


def display_cmd(c: dict) -> str:
    cmd = c["cmd"]
    for folder in {str(PYBIN), str(NODEBIN), str(Path(PY).parent)}:
        cmd = cmd.replace(folder + "/", "")
    cmd = cmd.replace(PY, "python")
    # a tool found on PATH elsewhere (behave, bun): its name, as a CI job would run it
    return re.sub(r"(^|&& )/[^\s]*/(?=[\w.-]+(?:\s|$))", r"\1", cmd)


def build(c: dict, lines: list[str], code: int, seed: int, npm_ok: list[str]) -> tuple[str, list[dict]]:
    rnd = random.Random(seed)
    sha = "%040x" % rnd.getrandbits(160)
    cmd = display_cmd(c)
    marks = re.compile(c["marks"])
    rows: list[tuple[str, str, bool]] = []  # (step name, text, is_error)
    layout = c["layout"]

    def add(step: str, text: str, err: bool = False) -> None:
        rows.append((step, text, err))

    if layout in ("github", "gh-cli"):
        for ln in SETUP.format(sha=sha, job=c["job"]).splitlines():
            add("Set up job", ln)
        for ln in CHECKOUT.format(sha=sha).splitlines():
            add("Run actions/checkout@v4", ln)
        if c["pre_npm"]:
            for ln in SETUP_NODE.splitlines():
                add("Run actions/setup-node@v4", ln)
            add("Run npm install", "##[group]Run npm install")
            add("Run npm install", "npm install")
            add("Run npm install", "shell: /usr/bin/bash -e {0}")
            add("Run npm install", "##[endgroup]")
            for ln in npm_ok:
                add("Run npm install", ln)
        step = f"Run {cmd.splitlines()[0]}"
        add(step, f"##[group]Run {cmd.splitlines()[0]}")
        add(step, f"\x1b[36;1m{cmd}\x1b[0m")
        add(step, "shell: /usr/bin/bash -e {0}")
        add(step, "##[endgroup]")
        for ln in lines:
            add(step, ln, bool(marks.search(ln)))
        add(step, f"##[error]Process completed with exit code {code}.")
        for ln in POST.splitlines():
            add("Complete job" if ln.startswith("Cleaning") else "Post Run actions/checkout@v4", ln)
    elif layout == "travis":
        add("", "travis_fold:start:system_info")
        add("", "Build system information")
        add("", "Build language: generic")
        add("", "travis_fold:end:system_info")
        add("", f"$ git clone --depth=50 https://github.com/octo/app.git octo/app")
        add("", "Cloning into 'octo/app'...")
        add("", "travis_time:start:0f1e2d3c")
        add("", f"\x1b[0K$ {cmd}")
        for ln in lines:
            add("", ln, bool(marks.search(ln)))
        add("", "travis_time:end:0f1e2d3c:start=1,finish=2,duration=1")
        add("", f'\x1b[31;1mThe command "{cmd}" exited with {code}.\x1b[0m')
        add("", "")
        add("", f"Done. Your build exited with {code}.")
    elif layout == "gitlab":
        add("", "Running with gitlab-runner 16.11.0 (91a27b2a)")
        add("", "Preparing the \"docker\" executor")
        add("", "section_start:1700000000:get_sources\r\x1b[0KGetting source from Git repository")
        add("", "Fetching changes with git depth set to 20...")
        add("", "section_end:1700000001:get_sources\r\x1b[0K")
        add("", "section_start:1700000002:step_script\r\x1b[0KExecuting \"step_script\" stage of the job script")
        add("", f"\x1b[32;1m$ {cmd}\x1b[0;m")
        for ln in lines:
            add("", ln, bool(marks.search(ln)))
        add("", "section_end:1700000009:step_script\r\x1b[0K")
        add("", "Cleaning up project directory and file based variables")
        add("", f"ERROR: Job failed: exit code {code}")
    else:  # jenkins
        add("", "Started by an SCM change")
        add("", "Running as SYSTEM")
        add("", "Building in workspace /var/lib/jenkins/workspace/app")
        add("", "[app] $ /bin/sh -xe /tmp/jenkins1234567890.sh")
        add("", f"+ {cmd}")
        for ln in lines:
            add("", ln, bool(marks.search(ln)))
        add("", "Build step 'Execute shell' marked build as failure")
        add("", "Finished: FAILURE")

    t = dt.datetime(2026, 2, 3, 10, 0, 0) + dt.timedelta(seconds=rnd.randint(0, 50000))
    out, errors = [], []
    line = 0  # lines as universal newlines count them (\r\n, \r, \n), like the corpus and the analyzer
    for step, text, err in rows:
        t += dt.timedelta(microseconds=rnd.randint(100, 300000))
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"
        if layout == "github":
            out.append(f"{stamp} {text}")
        elif layout == "gh-cli":
            out.append(f"{c['job']}\t{step}\t{stamp} {text}")
        else:
            out.append(text)
        first = line + 1
        line += len(re.split(r"\r\n|\r|\n", out[-1]))
        if err:
            errors.extend(range(first, line + 1))
    ranges: list[dict] = []
    for n in errors:
        if ranges and ranges[-1]["end"] == n - 1:
            ranges[-1]["end"] = n
        else:
            ranges.append({"kind": "error", "start": n, "end": n})
    return "\n".join(out) + "\n", ranges


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--only", default="", help="comma-separated case names: rewrite only these (others kept)")
    only = {n for n in ap.parse_args(argv).only.split(",") if n}
    OUT.mkdir(parents=True, exist_ok=True)
    kept: dict[str, dict] = {}
    if only:
        for line in (OUT / "labels.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                kept[json.loads(line)["id"]] = json.loads(line)
    else:
        for old in OUT.glob("*.log"):
            old.unlink()
    npm_ok = _npm_install_output()
    labels = []
    for i, c in enumerate(cases()):
        if only and c["name"] not in only:
            if c["name"] in kept:
                labels.append(kept[c["name"]])
            continue
        if any(not n for n in c["needs"]):
            print(f"-- {c['name']}: tool not installed here: skipped")
            continue
        with tempfile.TemporaryDirectory(prefix=f"ah-{c['name']}-") as tmp:
            work = Path(tmp) / "app"
            work.mkdir()
            lines, code = run(c, work)
        if code == 0:
            print(f"!! {c['name']}: the command passed; output:\n" + "\n".join(lines[-10:]))
            continue
        text, ranges = build(c, lines, code, i, npm_ok)
        if not ranges:
            print(f"!! {c['name']}: no output line matched {c['marks']!r}; output was:\n" + "\n".join(lines[-15:]))
            continue
        fname = f"{c['name']}.log"
        (OUT / fname).write_text(text, encoding="utf-8", newline="")
        ci = {"github": "github_actions", "gh-cli": "github_actions"}.get(c["layout"], c["layout"])
        labels.append({
            "id": c["name"], "file": fname, "source": {"generator": "scripts/make-tool-logs.py"}, "licence": "generated",
            "ci_system": ci, "log_format": c["layout"], "tool": c["tool"], "category": c["category"],
            "alt_categories": c["alt"], "groundtruth_lines": ranges, "job": c["job"], "workflow": "CI",
            # Jenkins' console does not print the exit code: the label says only what the log shows.
            "specifics": {"tests": c["tests"], "module": c["module"], "file": c["file"],
                          "exit_code": None if c["layout"] == "jenkins" else code,
                          "command": display_cmd(c)},
            "split": "dev",
        })
        print(f"{fname:<40} {c['category']:<20} exit={code} error ranges={len(ranges)}")
    (OUT / "labels.jsonl").write_text("".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
