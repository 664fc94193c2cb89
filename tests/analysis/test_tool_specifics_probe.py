"""Tool parsers on real output of current tool versions (session 8's probe, scripts/make-tool-logs.py probe_cases):
resolvers' explanations (pip 25, uv 0.13, poetry 2.5), check-mode formatters that only list files (terraform fmt),
tox's own failures, yarn berry's immutable-lockfile diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoheal.analysis import analyze
from autoheal.analysis.tools import read_step

from .tool_reading import numbered
from .tool_reading import report_of_toollog as _report

TOOLLOGS = Path(__file__).resolve().parent.parent / "data" / "toollogs"


def _analysis(name: str):
    return analyze((TOOLLOGS / f"{name}.log").read_bytes())


@pytest.mark.parametrize(
    "log, tool, module",
    [
        # pip: "The conflict is caused by:" / "    liba 1.0 depends on libb<2"
        ("pip-resolution-impossible", "pip", "libb"),
        # uv: "cause: Because your project depends on packaging==23.2 and packaging>=24.0, we can conclude that ..."
        ("uv-no-solution", "uv-poetry", "packaging"),
        # poetry: "So, because app depends on pluggy (1.0.0), version solving failed." (pytest 8.0 wants pluggy>=1.3)
        ("poetry-solver-failure", "uv-poetry", "pluggy"),
    ],
)
def test_resolvers_name_the_package_their_explanation_ends_on(log, tool, module):
    _, report = _report(log)
    assert tool in report.tools
    assert report.modules[:1] == [module], report.modules
    assert report.first_error.category == "dependency_conflict"
    assert _analysis(log).category == "dependency_conflict"


def test_uv_transitive_explanation_names_the_shared_requirement():
    # uv 0.13's output for dependencies = ["pytest==8.0.0", "pluggy==1.0.0"] (run here, NO_COLOR)
    report = read_step("uv sync", numbered(
        "error: No solution found when resolving dependencies\n"
        "  cause: Because pytest==8.0.0 depends on pluggy>=1.3.0 and your project depends on pluggy==1.0.0, we can "
        "conclude that your project and pytest==8.0.0 are incompatible.\n"
        "         And because your project depends on pytest==8.0.0, we can conclude that your project's requirements "
        "are unsatisfiable.\n"))
    assert report.modules[0] == "pluggy"
    assert report.first_error.category == "dependency_conflict"


@pytest.mark.parametrize(
    "log",
    [
        # uv: "cause: Because there is no version of packaging==99.0 and your project depends on packaging==99.0, ..."
        "uv-version-not-found",
        # poetry: "Because app depends on packaging (99.0) which doesn't match any versions, version solving failed."
        "poetry-version-not-found-gitlab",
    ],
)
def test_a_required_version_that_does_not_exist_is_a_missing_package(log):
    _, report = _report(log)
    assert report.first_error.category == "missing_dependency"
    assert report.modules == ["packaging"]
    # uv's heading ("No solution found when resolving dependencies") says nothing of the reason: it only localises
    assert not any(f.category == "dependency_conflict" for f in report.findings)
    analysis = _analysis(log)
    assert analysis.category == "missing_dependency"
    assert "packaging" in analysis.specifics["modules"]


def test_terraform_fmt_check_lists_the_unformatted_files():
    # `terraform fmt -check` prints each file that differs, bare, and exits 3 (internal/command/fmt.go)
    _, report = _report("terraform-fmt-check")
    assert report.tool == "formatter"
    assert report.first_error.category == "lint" and report.first_error.groups["file"] == "main.tf"
    analysis = _analysis("terraform-fmt-check")
    assert analysis.category == "lint"
    # beside setup-terraform's wrapper statement (which votes) the listed files stay places, the statement leads
    wrapped = read_step("terraform fmt -check -recursive", numbered("main.tf\nvariables.tf\nError: Terraform exited with code 3.\n"))
    assert [f.text for f in wrapped.findings if f.category == "lint"] == ["Error: Terraform exited with code 3."]
    assert not any(f.category for f in wrapped.findings if f.groups.get("file"))
    assert {"file": "main.tf"} in wrapped.locations
    # the same bare name from `terraform validate` (a tool that is not a formatter) is no lint finding
    validate = read_step("terraform validate", numbered("main.tf\n"))
    assert not any(f.category == "lint" for f in validate.findings)


def test_tox_that_cannot_find_an_interpreter_fails_for_the_environment():
    # tox 4: "py38: failed with could not find python interpreter matching any of the specs py38"
    _, report = _report("tox-missing-interpreter")
    assert "tox-nox" in report.tools
    assert report.first_error.category == "environment"
    assert "could not find python interpreter" in report.first_error.text
    assert _analysis("tox-missing-interpreter").category == "environment"


def test_tox_running_failing_tests_stays_a_test_failure():
    # tox's own "py: FAIL code 1" and "evaluation failed :(" only localise: the tests say why
    _, report = _report("tox-session-failed")
    assert not any(f.tool == "tox-nox" and f.category for f in report.findings)
    analysis = _analysis("tox-session-failed")
    assert analysis.category == "test_failure"
    assert any("test_split_words" in t for t in analysis.specifics["tests"])


def test_yarn_berry_immutable_lockfile_leads_with_the_statement_not_the_diff():
    # yarn 4 prints the lock file's would-be diff under YN0028 before saying what failed
    _, report = _report("yarn-berry-immutable")
    assert "would have been modified" in report.first_cause.text
    diff = [f for f in report.findings if "YN0028: │ +" in f.text]
    assert diff and not any(f.category for f in diff)
    analysis = _analysis("yarn-berry-immutable")
    assert analysis.category == "invalid_config"
    assert "would have been modified" in analysis.key_lines[0].text


def test_go_test_v_output_of_passing_tests_is_not_the_failure():
    # go 1.27's `go test -v` (run here): the passing tests' t.Log lines sound like network and permission failures
    _, report = _report("go-test-v-alarming-logs")
    assert report.tests == ["TestBalanceSubtractsDebits"]
    assert report.first_cause.text.strip().startswith("ledger_test.go:15:")
    assert report.locations[0] == {"file": "ledger_test.go", "line": 15}
    passing = [f for f in report.findings if "(simulated)" in f.text or "(expected)" in f.text]
    assert passing and not any(f.category for f in passing)
    analysis = _analysis("go-test-v-alarming-logs")
    assert analysis.category == "test_failure"
    assert analysis.key_lines[0].text.strip().startswith("ledger_test.go:15:")


def test_go_test_parallel_output_goes_to_the_test_named_last():
    # go >= 1.20 names the test again before its output when parallel tests interleave ("=== NAME")
    report = read_step("go test -v ./...", numbered(
        "=== RUN   TestA\n=== PAUSE TestA\n=== RUN   TestB\n=== PAUSE TestB\n=== CONT  TestA\n=== CONT  TestB\n"
        "=== NAME  TestA\n    a_test.go:9: lookup db: i/o timeout (simulated)\n"
        "=== NAME  TestB\n    b_test.go:12: got 3, want 4\n"
        "--- PASS: TestA (0.01s)\n--- FAIL: TestB (0.01s)\nFAIL\nFAIL\texample.com/x\t0.02s\n"))
    assert report.tests == ["TestB"]
    assert report.locations[0] == {"file": "b_test.go", "line": 12}
    timeout = next(f for f in report.findings if "i/o timeout" in f.text)
    assert timeout.category == "" and timeout.cap
    # without -v, go test prints only the failing tests' output: every such line stays evidence
    plain = read_step("go test ./...", numbered(
        "--- FAIL: TestB (0.01s)\n    b_test.go:12: got 3, want 4\nFAIL\nFAIL\texample.com/x\t0.02s\n"))
    assert any(f.category == "test_failure" and "b_test.go:12" in f.text for f in plain.findings)


@pytest.mark.parametrize(
    "log, command",
    [
        # mocha's diff legend "      + expected - actual" is indented output, not `sh -x`'s trace
        ("mocha-failing-jenkins", "mocha test"),
        # isort --diff's "+++ /x/src/app.py:after  <date>" sits under "--- ...:before": a diff header
        ("isort-diff-jenkins", "isort --check-only --diff src"),
    ],
)
def test_jenkins_trace_is_a_line_that_starts_with_plus(log, command):
    scope, _ = _report(log)
    assert scope.command == command
    analysis = _analysis(log)
    assert analysis.specifics["command"] == command
    if log.startswith("mocha"):
        assert "sums item prices" in analysis.specifics["tests"]
    else:
        assert analysis.specifics["locations"][0]["file"] == "src/app.py"


@pytest.mark.parametrize(
    "log, tool, module",
    [
        # cargo 1.95: "error: cannot update the lock file /x/Cargo.lock because --locked was passed to prevent this"
        ("cargo-locked-stale-gitlab", "cargo", None),
        # composer 2.5: "- Required package "psr/log" is not present in the lock file."
        ("composer-lock-missing-package", "composer", "psr/log"),
        # bundler 2.3 (BUNDLE_DEPLOYMENT): "You are trying to install in deployment mode after changing your Gemfile."
        ("bundler-deployment-gemfile-changed", "bundler", None),
    ],
)
def test_a_lock_file_out_of_sync_with_its_manifest_is_invalid_config(log, tool, module):
    _, report = _report(log)
    assert tool in report.tools
    assert report.first_error.category == "invalid_config"
    if module:
        assert module in report.modules
    assert _analysis(log).category == "invalid_config"


def test_cargo_locked_in_both_wordings_is_not_a_compile_error():
    for line in ("error: cannot update the lock file /w/Cargo.lock because --locked was passed to prevent this",
                 # cargo before 1.84 (documented in cargo's own tests of --locked)
                 "error: the lock file /w/Cargo.lock needs to be updated but --locked was passed to prevent this",
                 "error: cannot update the lock file /w/Cargo.lock because --frozen was passed to prevent this"):
        report = read_step("cargo build --locked", numbered(line + "\n"))
        assert report.first_error.category == "invalid_config", line
    # a compiler error in the same shape stays one
    report = read_step("cargo build --locked", numbered("error[E0308]: mismatched types\n --> src/main.rs:2:22\n"))
    assert report.first_error.category == "compile_error"


def test_composer_warning_alone_does_not_outvote_the_solver():
    report = read_step("composer install", numbered(
        "Warning: The lock file is not up to date with the latest changes in composer.json. You may be getting outdated "
        "dependencies. It is recommended that you run `composer update` or `composer update <package name>`.\n"
        "Your lock file does not contain a compatible set of packages. Please run composer update.\n"))
    assert report.first_error.category == "dependency_conflict"


def test_go_mod_tidy_diff_says_go_mod_is_out_of_sync():
    # go 1.27's `go mod tidy -diff` (run here): "diff current/go.mod tidy/go.mod", a unified diff, exit 1
    _, report = _report("go-mod-tidy-diff")
    assert "go-mod" in report.tools
    assert report.first_error.category == "invalid_config"
    assert report.locations[0] == {"file": "go.mod"}
    analysis = _analysis("go-mod-tidy-diff")
    assert analysis.category == "invalid_config"
    assert analysis.key_lines[0].text == "diff current/go.mod tidy/go.mod"


def test_pnpm_12_names_the_package_below_its_error_code():
    # pnpm 12 (run here): "Error: ERR_PNPM_FETCH_404", then "╰─▶ Failed to resolve dependency tree: GET <url>: Not
    # Found - 404" and "help: <pkg> is not in the npm registry, ..."
    _, report = _report("pnpm-install-404")
    assert report.first_error.category == "missing_dependency"
    assert report.modules == ["left-pad-autoheal-missing-pkg"]
    scoped = read_step("pnpm install", numbered(
        "Error: ERR_PNPM_FETCH_404\n\n  × installing dependencies\n"
        "  ╰─▶ Failed to resolve dependency tree: GET https://registry.npmjs.org/@acme%2Fwidgets: Not Found - 404\n"))
    assert scoped.modules == ["@acme%2Fwidgets"] or scoped.modules == ["@acme/widgets"]


def test_a_package_scripts_missing_program_is_named():
    # npm 11 (run here): `npm test` runs "jest --ci"; dash answers "sh: 1: jest: not found" and npm exits 127
    _, report = _report("npm-test-program-not-found")
    assert report.modules == ["jest"]
    assert "jest" in _analysis("npm-test-program-not-found").specifics["modules"]
    bash = read_step("npm run build", numbered("> app@1.0.0 build\n> vite build\n\nsh: vite: command not found\n"))
    assert bash.modules == ["vite"]


def test_pip_names_the_requirements_file_it_could_not_open():
    # pip 25 (run here): "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'x.txt'"
    _, report = _report("pip-requirements-file-missing")
    assert report.first_error.category == "invalid_config"
    assert report.locations == [{"file": "requirements-dev.txt"}]


def test_istanbul_coverage_thresholds_are_a_coverage_gate():
    # vitest 3 with @vitest/coverage-v8 (run here): all tests pass, then "ERROR: Coverage for lines (33.33%) does not
    # meet global threshold (90%)" (Istanbul's wording, shared by nyc check-coverage and c8)
    analysis = _analysis("vitest3-coverage-threshold")
    assert analysis.category == "coverage"
    assert analysis.key_lines[0].text.startswith("ERROR: Coverage for lines (33.33%)")
    nyc = analyze("> nyc check-coverage --lines 95\nERROR: Coverage for branches (71.42%) does not meet global threshold (80%)\n")
    assert nyc.category == "coverage"


def test_rspec_file_that_fails_to_load_is_the_failing_test():
    # rspec 3.12 (run here): "An error occurred while loading ./spec/cart_spec.rb." ... "0 examples, 0 failures,
    # 1 error occurred outside of examples"
    _, report = _report("rspec-load-error")
    assert report.tests == ["spec/cart_spec.rb"]
    analysis = _analysis("rspec-load-error")
    assert analysis.category == "test_failure"
    assert analysis.specifics["tests"] == ["spec/cart_spec.rb"]


@pytest.mark.parametrize(
    "log, test",
    [
        # mocha 11: "Error: Timeout of 100ms exceeded. For async tests and hooks, ensure \"done()\" is called; ..."
        ("mocha-test-timeout", "drains within the limit"),
        # jest 29: "thrown: "Exceeded timeout of 100 ms for a test."
        ("jest29-test-timeout", "fetches the report"),
        # pytest-timeout 2.4: "E   Failed: Timeout (>1.0s) from pytest-timeout."
        ("pytest-timeout-plugin", "tests/test_queue.py::test_waits_for_queue"),
        # node 20's test runner: "error: 'test timed out after 100ms'"
        ("node-test-timeout", "drains the queue"),
    ],
)
def test_a_test_past_its_own_time_limit_is_a_test_failure(log, test):
    analysis = _analysis(log)
    assert analysis.category == "test_failure"
    assert any(test in t for t in analysis.specifics["tests"]), analysis.specifics["tests"]


def test_a_ci_time_limit_stays_a_timeout():
    # GitHub's own words when a step's timeout-minutes runs out, and go test's -timeout killing the test binary
    step = analyze("##[group]Run npm test\nnpm test\n##[endgroup]\n  ● a › b\n"
                   "##[error]The action 'Run npm test' has timed out after 10 minutes.\n")
    assert step.category == "timeout"
    assert _analysis("go-test-timeout").category == "timeout"


def test_jest_suite_badge_localises_and_the_failing_test_leads():
    # jest 29 (run here): "FAIL ./sum.test.js" then "  ● sum › adds negatives": the test line says what failed
    analysis = _analysis("jest29-failing-travis")
    assert analysis.key_lines[0].text.strip() == "● sum › adds negatives"
    assert "./sum.test.js" in analysis.specifics["tests"] or "sum.test.js" in " ".join(analysis.specifics["tests"])


@pytest.mark.parametrize(
    "log, tool, file",
    [
        # ruff 0.17: "invalid-syntax: Expected a parameter or the end of the parameter list" then " --> src/app.py:4:10"
        ("ruff-invalid-syntax", "ruff", "src/app.py"),
        # black 26: "error: cannot parse: /x/src/app.py:5:4"
        ("black-cannot-parse", "formatter", "src/app.py"),
        # flake8 7: "src/app.py:4:15: E999 SyntaxError: ..."
        ("flake8-e999", "flake8", "src/app.py"),
        # mypy 1.x: "src/app.py:4: error: ...  [syntax]"
        ("mypy-syntax-error", "mypy", "src/app.py"),
        # pyright 1.1: "  /x/src/app.py:4:9 - error: "(" was not closed" (its parser's words)
        ("pyright-syntax-error", "pyright", "src/app.py"),
        # eslint 9: "  2:7  error  Parsing error: Unexpected token ." (at 0:0 it is typescript-eslint refusing the file)
        ("eslint9-parsing-error", "eslint", None),
        # prettier 3: "[error] src/total.js: SyntaxError: Unexpected token, expected "," (2:7)"
        ("prettier-syntax-error", "formatter", "src/total.js"),
    ],
)
def test_a_file_that_does_not_parse_is_a_syntax_error_whoever_reports_it(log, tool, file):
    _, report = _report(log)
    assert tool in report.tools
    assert report.first_error.category == "syntax_error"
    if file:
        assert report.first_error.groups.get("file", "").endswith(file) or report.locations[0]["file"].endswith(file)
    assert _analysis(log).category == "syntax_error"


def test_a_rust_doc_test_is_named_as_rustdoc_names_it():
    # cargo 1.95 -q (run here): "src/lib.rs - add (line 3) --- FAILED", "---- src/lib.rs - add (line 3) stdout ----",
    # then the doc test's own binary panics in its thread 'main' (no test is called main)
    _, report = _report("cargo-doctest-failing")
    assert report.tests == ["src/lib.rs - add (line 3)"]
    verbose = read_step("cargo test", numbered(
        "test src/lib.rs - Ledger::add (line 12) ... FAILED\n\nfailures:\n\n"
        "---- src/lib.rs - Ledger::add (line 12) stdout ----\nthread 'main' panicked at src/lib.rs:15:5:\n"))
    assert verbose.tests == ["src/lib.rs - Ledger::add (line 12)"]


def test_eslint_parsing_error_at_0_0_is_the_parser_refusing_the_file_not_syntax():
    # typescript-eslint's project check (its documented message): the file is not in the tsconfig's project
    report = read_step("npx eslint src", numbered(
        "/w/src/a.ts\n  0:0  error  Parsing error: \"parserOptions.project\" has been provided for @typescript-eslint/parser. "
        "The file was not found in any of the provided project(s): src/a.ts\n\n✖ 1 problem (1 error, 0 warnings)\n"))
    assert not any(f.category == "syntax_error" for f in report.findings)


def test_commitlint_reports_the_broken_message_rules():
    # commitlint 19 (run here) on a last commit "Fixed the bug"
    _, report = _report("commitlint-last-commit")
    assert report.tool == "commitlint"
    assert report.first_error.category == "lint" and report.first_error.groups["code"] == "subject-empty"
    assert _analysis("commitlint-last-commit").category == "lint"
    # its summary is no rule
    assert not any(f.groups.get("code") for f in report.findings if "found 2 problems" in f.text)


@pytest.mark.parametrize("log", ["typos-misspelled", "cspell-unknown-word"])
def test_spell_checkers_are_linters_that_place_the_word(log):
    # typos 1.x ("error: `recieve` should be `receive`", "  ╭▸ src/app.py:1:5") and cspell 9 ("src/app.py:1:5 -
    # Unknown word (recieve) fix: (receive)"), both run here
    _, report = _report(log)
    assert "spelling" in report.tools
    assert report.first_error.category == "lint"
    assert {"file": "src/app.py", "line": 1, "col": 5} in report.locations
    assert _analysis(log).category == "lint"


def test_documentation_builds_that_fail_on_warnings_lead_with_the_first_warning():
    # sphinx 9 -W (run here): "docs/index.rst:4: WARNING: undefined label: 'missing-label' [ref.ref]" then
    # "build finished with problems, 1 warning (with warnings treated as errors)."
    sphinx = _analysis("sphinx-warnings-as-errors")
    assert sphinx.category == "lint"
    assert "WARNING: undefined label" in sphinx.key_lines[0].text
    assert sphinx.specifics["locations"][0]["file"] == "docs/index.rst"
    # mkdocs 1.6 --strict (run here): "WARNING -  Doc file 'index.md' contains a link ..." then "Aborted with 1 ..."
    mkdocs = _analysis("mkdocs-strict")
    assert mkdocs.category == "lint"
    assert mkdocs.key_lines[0].text.startswith("WARNING -  Doc file")
    # mkdocs refusing its own configuration (its documented "Config value" error) is invalid_config
    config = read_step("mkdocs build --strict", numbered(
        "ERROR    -  Config value 'nav': Expected nav to be a list, got a str: 'index.md'\n\nAborted with a configuration error!\n"))
    assert config.first_error.category == "invalid_config"


def test_bandit_findings_are_security_findings_with_their_place():
    # bandit 1.9 (run here): ">> Issue: [B404:blacklist] ..." then "   Location: src/app.py:1:0"
    _, report = _report("bandit-findings")
    assert report.first_error.category == "security_scan" and report.first_error.groups["code"] == "B404"
    assert report.locations[0] == {"file": "src/app.py", "line": 1, "col": 0}
    assert _analysis("bandit-findings").category == "security_scan"


@pytest.mark.parametrize("log", ["vite-unresolved-import", "esbuild-could-not-resolve"])
def test_a_bundler_that_cannot_resolve_a_package_names_it(log):
    # vite 7 ('[vite]: Rollup failed to resolve import "x" from "/w/src/main.js".') and esbuild 0.2x ('✘ [ERROR]
    # Could not resolve "x"'), both run here on an import of a package that is not installed
    _, report = _report(log)
    assert report.first_error.category == "missing_dependency"
    assert report.modules[0] == "canvas-confetti-autoheal-missing"
    assert _analysis(log).category == "missing_dependency"


def test_a_bundler_that_cannot_resolve_a_relative_path_is_the_codes_mistake():
    report = read_step("npx esbuild src/main.js --bundle", numbered(
        '✘ [ERROR] Could not resolve "./utils/helper"\n\n    src/main.js:2:23:\n      2 │ import { helper } from '
        "'./utils/helper';\n\n1 error\n"))
    assert report.first_error.category == "compile_error"
    assert not report.modules


def test_pyright_type_errors_that_start_like_parser_messages_stay_type_errors():
    report = read_step("pyright src", numbered(
        '  /w/src/a.py:3:1 - error: Expected 1 positional argument (reportCallIssue)\n1 error, 0 warnings, 0 informations\n'))
    assert report.first_error.category == "type_error"


def test_perl_test_more_places_the_failed_test():
    # prove with Test::More (perl 5.36, run here): "#   Failed test 'lowercases'" / "#   at t/basic.t line 6."
    _, report = _report("prove-test-more")
    assert report.tests == ["lowercases"]
    assert {"file": "t/basic.t", "line": 6} in report.locations
    assert _analysis("prove-test-more").category == "test_failure"


def test_workflow_checkers_place_their_findings():
    # actionlint 1.14 and zizmor 1.33 (the project's own dev tools, run here) on a workflow with a bad shell name and
    # an event field expanded into a run: script
    _, lint = _report("actionlint-workflow")
    # (the workflow is invalid: invalid_config, as tests/data/logs' actionlint logs are labeled)
    assert lint.first_error.category == "invalid_config" and lint.first_error.groups["code"] == "shell-name"
    assert lint.locations[0] == {"file": ".github/workflows/ci.yml", "line": 10, "col": 16}
    assert _analysis("actionlint-workflow").category == "invalid_config"
    _, audit = _report("zizmor-template-injection")
    assert audit.first_error.category == "security_scan"
    assert audit.first_error.groups["code"] == "template-injection"
    assert _analysis("zizmor-template-injection").category == "security_scan"
    # zizmor's warnings alone are no failure of their own
    warned = read_step("zizmor .github/workflows", numbered(
        "warning[artipacked]: credential persistence through GitHub Actions artifacts\n --> .github/workflows/ci.yml:7:9\n"))
    assert warned.first_error is None or warned.first_error.category != "security_scan" or warned.first_error.weight < 0.85
