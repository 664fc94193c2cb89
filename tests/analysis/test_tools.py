"""Tool-aware parsers: each reads real output of its tool.

Real output: the logs in tests/data/toollogs were made by running the tools here
(scripts/make-tool-logs.py). Tools not installable here are tested on their documented
output format, quoted with its source.
"""

from __future__ import annotations

import pytest

from autoheal.analysis.tools import detect, read_step

from .tool_reading import numbered
from .tool_reading import report_of_toollog as _report


@pytest.mark.parametrize(
    "log, tool, tests",
    [
        ("pytest-noisy-passing-tests", "pytest", ["tests/test_calc.py::test_total_of_strings"]),
        ("pytest-fixture-error-progress", "pytest", ["tests/test_db.py::test_reads_rows"]),
        ("unittest-gitlab", "unittest", ["test_tokenizer.TokenizerTest.test_split_words"]),
        ("node-test-spec-reporter", "node-test", ["rounds half up"]),
        ("jest-failing", "jest", ["sum › adds negatives"]),
        ("vitest-failing", "vitest", ["slug.test.mjs > slugify > lowercases words"]),
        ("mocha-failing", "mocha", ["Cart"]),
        ("cargo-test-jenkins", "cargo-test", ["tests::balance_subtracts_debits"]),
    ],
)
def test_test_runners_name_the_failing_tests(log, tool, tests):
    _, report = _report(log)
    assert report.tool == tool
    for want in tests:
        assert any(want in got for got in report.tests), report.tests
    assert report.categories().get("test_failure", 0) >= 0.85


def test_passing_tests_are_not_reported_as_failing():
    _, report = _report("node-test-spec-reporter")
    assert not any("formats a price" in t for t in report.tests)
    _, report = _report("pytest-noisy-passing-tests")
    assert not any("rate_limit" in t or "halves" in t for t in report.tests)


@pytest.mark.parametrize(
    "log, tool, category, file, line",
    [
        ("gcc-first-of-many", "cc", "compile_error", "src/main.c", 6),
        ("javac-first-of-many-travis", "cc", "compile_error", "Report.java", 3),
        ("rustc-first-of-many", "rustc", "compile_error", "src/main.rs", 2),
        ("mypy-first-error", "mypy", "type_error", "src/parse.py", 5),
        ("pyright-errors", "pyright", "type_error", "src/parse.py", 5),
        ("tsc-first-error", "tsc", "type_error", "src/area.ts", 5),
        ("ruff-full-output", "ruff", "lint", "src/app.py", 1),
        ("flake8-jenkins", "flake8", "lint", "src/app.py", 1),
        ("shellcheck-gcc-format", "shellcheck", "lint", "scripts/backup.sh", 3),
        ("shellcheck-tty-gitlab", "shellcheck", "lint", "scripts/backup.sh", 3),
    ],
)
def test_compilers_and_linters_give_their_first_error_with_its_place(log, tool, category, file, line):
    _, report = _report(log)
    assert report.tool == tool
    first = report.first_error
    assert first is not None and first.category == category
    assert first.groups["file"].endswith(file)
    assert int(first.groups["line"]) == line


def test_ruff_full_output_joins_the_code_line_and_its_arrow():
    _, report = _report("ruff-full-output")
    first = report.first_error
    assert first.text.startswith("F401")
    assert first.groups["code"] == "F401" and first.groups["col"]


@pytest.mark.parametrize(
    "log, tool, category, module",
    [
        ("pip-hash-mismatch", "pip", "dependency_conflict", None),
        ("pip-connection-refused", "pip", "network", "tinyjson"),
        ("npm-e404", "npm", "missing_dependency", "left-pad-autoheal-missing-pkg"),
        ("npm-missing-script", "npm", "invalid_config", None),
        ("pre-commit-hooks-failed", "pre-commit", "lint", None),
        ("terraform-validate", "terraform", "invalid_config", None),
        ("eslint-stylish", "eslint", "lint", None),
        ("tsc-relative-import", "tsc", "compile_error", None),
    ],
)
def test_package_managers_hooks_and_iac_say_why(log, tool, category, module):
    _, report = _report(log)
    assert tool in report.tools
    assert report.first_error is not None and report.first_error.category == category
    if module:
        assert module in report.modules


def test_pre_commit_names_each_failed_hook():
    _, report = _report("pre-commit-hooks-failed")
    failed = [f.text for f in report.findings if f.tool == "pre-commit" and f.kind == "cause"]
    assert any(t.startswith("forbid TODO markers") for t in failed)
    assert any(t.startswith("forbid print statements") for t in failed)


# ---- documented formats of tools not installed here ------------------------------------------------


def test_go_test_format():
    # https://pkg.go.dev/cmd/go#hdr-Test_packages (go test's verbose output)
    out = numbered(
        "=== RUN   TestParse\n    parse_test.go:14: got 3, want 4\n--- FAIL: TestParse (0.00s)\n"
        "FAIL\nFAIL\texample.com/calc\t0.012s\nFAIL\n"
    )
    report = read_step("go test ./...", out)
    assert report.tool == "go-test"
    assert report.tests == ["TestParse"]
    # the package whose tests failed is the build module (not a missing module)
    assert report.project == "example.com/calc"
    assert {"file": "parse_test.go", "line": 14} in report.locations


def test_go_mod_resolution_format():
    # go's module errors (https://go.dev/ref/mod#go-mod-file-updates): "missing go.sum entry", "updates to go.mod needed"
    report = read_step("go build ./...", numbered(
        "main.go:4:2: missing go.sum entry for module providing package github.com/acme/widgets (imported by app); to add:\n"
        "\tgo get app\n"))
    assert report.first_error.category == "missing_dependency"
    assert "github.com/acme/widgets" in report.modules
    # go.mod out of sync with the imports under -mod=readonly: the lock-file family (catalog.LOCK_OUT_OF_SYNC), as
    # `go mod tidy -diff` is; the fix is to run `go mod tidy` and commit, not to change version constraints
    report = read_step("go build ./...", numbered("go: updates to go.mod needed; to update it:\n\tgo mod tidy\n"))
    assert report.first_error.category == "invalid_config"


def test_gradle_formats():
    # https://docs.gradle.org/current/userguide/java_testing.html and Gradle's failure report
    tests = read_step("./gradlew test", numbered(
        "> Task :app:test FAILED\n\nCalculatorTest > addsNumbers() FAILED\n    org.opentest4j.AssertionFailedError at CalculatorTest.java:12\n\n"
        "2 tests completed, 1 failed\n\nFAILURE: Build failed with an exception.\n\n* What went wrong:\n"
        "Execution failed for task ':app:test'.\n> There were failing tests. See the report at: file:///x/index.html\n"))
    assert tests.tool == "gradle-test"
    assert tests.tests == ["CalculatorTest > addsNumbers()"]
    # JUnit 4 prints no parentheses; a nested JUnit 5 class adds a level; a package-qualified class stays whole
    junit = read_step("./gradlew test", numbered(
        "io.grpc.testing.integration.NettyFlowControlTest > largeBdp FAILED\n    java.lang.AssertionError at NettyFlowControlTest.java:152\n"
        "UserEndpointTest > GetUserDetail > shouldResponseErrorIfUserNotFound() FAILED\n"
        "    org.opentest4j.AssertionFailedError at UserEndpointTest.java:82\n\n2 tests completed, 2 failed\n"))
    assert junit.tests == ["io.grpc.testing.integration.NettyFlowControlTest > largeBdp",
                           "UserEndpointTest > GetUserDetail > shouldResponseErrorIfUserNotFound()"]
    script = read_step("./gradlew build", numbered(
        "FAILURE: Build failed with an exception.\n\n* Where:\nBuild file '/home/runner/work/app/app/build.gradle' line: 12\n\n"
        "* What went wrong:\nA problem occurred evaluating root project 'app'.\n> Could not find method implementatio() for arguments\n"))
    assert script.first_error.category == "invalid_config"
    assert script.locations[0] == {"file": "/home/runner/work/app/app/build.gradle", "line": 12}


def test_surefire_format():
    # https://maven.apache.org/surefire/maven-surefire-plugin/ (console report)
    report = read_step("mvn -B verify", numbered(
        "[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! - in com.acme.CalcTest\n"
        "[ERROR] com.acme.CalcTest.adds  Time elapsed: 0.01 s  <<< FAILURE!\n"
        "[ERROR] Failures: \n[ERROR]   CalcTest.adds:14 expected: <3> but was: <4>\n"))
    assert report.tool == "surefire"
    assert "com.acme.CalcTest.adds" in report.tests


def test_rspec_phpunit_dotnet_formats():
    # https://rspec.info (failure summary), https://docs.phpunit.de (text result printer),
    # https://learn.microsoft.com/dotnet/core/tools/dotnet-test (console logger)
    rspec = read_step("bundle exec rspec", numbered(
        "Failures:\n\n  1) Cart totals\n     Failure/Error: expect(total).to eq(3)\n\n"
        "3 examples, 1 failure\n\nFailed examples:\n\nrspec ./spec/cart_spec.rb:12 # Cart totals\n"))
    assert rspec.tests == ["Cart totals"] and {"file": "./spec/cart_spec.rb", "line": 12} in rspec.locations
    php = read_step("vendor/bin/phpunit", numbered(
        "PHPUnit 10.5.0 by Sebastian Bergmann and contributors.\n\nThere was 1 failure:\n\n"
        "1) Tests\\CartTest::testTotal\nFailed asserting that 4 is identical to 3.\n\nFAILURES!\nTests: 2, Assertions: 2, Failures: 1.\n"))
    assert php.tests == ["Tests\\CartTest::testTotal"]
    dotnet = read_step("dotnet test", numbered(
        "  Failed Acme.Tests.CartTests.Total [12 ms]\n  Error Message:\n   Assert.Equal() Failure\n\n"
        "Failed!  - Failed:     1, Passed:     4, Skipped:     0, Total:     5, Duration: 50 ms\n"))
    assert dotnet.tests == ["Acme.Tests.CartTests.Total"]


def test_package_manager_error_codes():
    # https://pnpm.io/errors, https://yarnpkg.com/advanced/error-codes, npm's logging (npm ERR! / npm error)
    assert read_step("pnpm install --frozen-lockfile", numbered(
        " ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with \"frozen-lockfile\" because pnpm-lock.yaml is not up to date\n"
    )).first_error.category == "invalid_config"  # a lock file out of sync with its manifest (catalog.LOCK_OUT_OF_SYNC)
    assert read_step("yarn install --immutable", numbered(
        "➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.\n"
    )).first_error.category == "invalid_config"
    assert read_step("pnpm install", numbered(
        " ERR_PNPM_PEER_DEP_ISSUES  Unmet peer dependencies\n"
    )).first_error.category == "dependency_conflict"  # a real conflict between packages stays one
    assert read_step("npm ci", numbered(
        "npm ERR! code ENOTFOUND\nnpm ERR! errno ENOTFOUND\nnpm ERR! network request to https://registry.npmjs.org/x failed\n"
    )).first_error.category == "network"
    assert read_step("npm ci", numbered("npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\n"
                                         )).first_error.category == "dependency_conflict"


def test_composer_and_bundler_formats():
    # getcomposer.org (dependency resolution), bundler.io (Bundler::GemNotFound)
    composer = read_step("composer install", numbered(
        "Your requirements could not be resolved to an installable set of packages.\n\n  Problem 1\n"
        "    - Root composer.json requires acme/ghost ^1.0, it could not be found in any version\n"))
    assert composer.first_error.category == "dependency_conflict"
    bundler = read_step("bundle install", numbered("Could not find gem 'rails-ghost (~> 1.0)' in rubygems repository https://rubygems.org/.\n"))
    assert bundler.first_error.category == "missing_dependency" and "rails-ghost" in bundler.modules


def test_docker_buildkit_format():
    # https://docs.docker.com/build/ (BuildKit plain progress)
    report = read_step("docker build .", numbered(
        "#7 [build 3/5] RUN npm ci\n#7 ERROR: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1\n"
        "------\n > [build 3/5] RUN npm ci:\n------\n"
        "ERROR: failed to solve: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1\n"))
    assert report.tool == "docker"
    assert report.first_error.category == "docker_build"


def test_docker_buildkit_names_the_dockerfile_line_of_the_failing_instruction():
    # BuildKit's error report as buildx prints it (a real log of corpus part A, shortened)
    report = read_step("docker buildx build -f Dockerfile.simple .", numbered(
        "#12 42.80 > Build failed because of webpack errors\n#12 ERROR: process \"/bin/sh -c npm run build\" did not "
        "complete successfully: exit code: 1\n------\n > [builder 6/6] RUN npm run build:\n------\nDockerfile.simple:16\n"
        "--------------------\n  15 |     ENV NODE_ENV=production\n  16 | >>> RUN npm run build\n  17 |\n--------------------\n"
        "ERROR: failed to build: failed to solve: process \"/bin/sh -c npm run build\" did not complete successfully: exit code: 1\n"))
    assert {"file": "Dockerfile.simple", "line": 16} in report.locations
    assert report.first_error.category == "docker_build"  # the place votes for nothing


def test_powershell_and_cmd_command_not_found():
    # PowerShell's CommandNotFoundException and cmd.exe's message, verbatim
    ps = read_step("pwsh -File build.ps1", numbered(
        "conda: The term 'conda' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"))
    assert ps.first_error.category == "environment"
    old = read_step("build.ps1", numbered(
        "The term 'conda.exe' is not recognized as the name of a cmdlet, function, script file, or operable program.\n"))
    assert old.first_error.category == "environment"
    cmd = read_step("build.cmd", numbered("'node' is not recognized as an internal or external command,\n"))
    assert cmd.first_error.category == "environment"


def test_golangci_lint_format():
    # https://golangci-lint.run (default text output: file:line:col: message (linter))
    report = read_step("golangci-lint run", numbered("main.go:12:2: ineffectual assignment to err (ineffassign)\n"))
    assert report.tool == "golangci-lint" and report.first_error.category == "lint"


def test_detect_prefers_the_tool_the_command_names():
    out = numbered("src/app.py:1:1: F401 'os' imported but unused\n")
    assert detect("flake8 src", out)[0].name == "flake8"
    assert detect("ruff check --output-format concise src", out)[0].name == "ruff"


def test_system_package_managers_name_the_missing_package():
    # apt (apt-get(8) messages) and Homebrew, verbatim
    apt = read_step("sudo apt-get install -y libwebkit2gtk-4.0-dev", numbered(
        "Reading package lists...\nE: Unable to locate package libwebkit2gtk-4.0-dev\n"))
    assert apt.first_error.category == "missing_dependency" and apt.modules == ["libwebkit2gtk-4.0-dev"]
    brew = read_step("brew install gio-2.0", numbered("Error: No formulae or casks found for gio-2.0.\n"))
    assert brew.first_error.category == "missing_dependency" and brew.modules == ["gio-2.0"]


def test_cmake_configure_errors():
    # CMake's message(FATAL_ERROR) / find_package report format
    report = read_step("cmake -S . -B build", numbered(
        "-- The C compiler identification is GNU 13.2.0\nCMake Error at CMakeLists.txt:14 (find_package):\n"
        "  Could NOT find ZLIB (missing: ZLIB_LIBRARY ZLIB_INCLUDE_DIR)\n-- Configuring incomplete, errors occurred!\n"))
    assert report.tool == "cmake"
    assert report.first_error.category == "environment"
    assert {"file": "CMakeLists.txt", "line": 14} in report.locations


def test_tsd_type_tests_format():
    # tsd's reporter (https://github.com/tsdjs/tsd): the file, then "✖  line:col  message"
    report = read_step("npm run test-typings", numbered(
        "  typings/index.test-d.ts:19:0\n  ✖   19:0   Parameter type any is not identical to argument type Option.\n"
        "  ✖   19:11  Generic type Option<Flags> requires between 1 and 4 type arguments.\n\n  2 errors\n"))
    assert report.tool == "tsd"
    assert report.first_error.category == "type_error" and report.first_error.groups["line"] == "19"


def test_terraform_first_boxed_error_leads():
    # Terraform's diagnostic box (terraform validate/plan)
    out = numbered(
        "╷\n│ Error: Operation failed\n│\n│   on variables.tf line 82, in variable \"size\":\n"
        "│ Error during operation: argument must not be null.\n╵\n╷\n│ Error: Operation failed\n╵\n")
    report = read_step("terraform validate", out)
    assert report.first_cause.line == 2
    assert report.first_error.category == "invalid_config"


def test_build_tools_name_the_failing_module():
    # Maven's "Failed to execute goal ... on project X" and Gradle's "Execution failed for task ':app:x'"
    maven = read_step("mvn -B verify", numbered(
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) "
        "on project billing-core: Compilation failure\n"))
    assert maven.project == "billing-core"
    gradle = read_step("./gradlew build", numbered(
        "FAILURE: Build failed with an exception.\n\n* What went wrong:\nExecution failed for task ':exporters:otlp:test'.\n"))
    assert gradle.project == ":exporters:otlp"


def test_a_go_module_download_failing_mid_build_is_network():
    # go build's report of a module fetch that failed (cmd/go: "file.go:l:c: module@version: Get \"url\": err")
    report = read_step("go build ./...", numbered(
        'internal/oss/backend.go:19:2: github.com/acme/sdk-go@v1.61.1: Get "https://proxy.golang.org/github.com/acme/sdk-go/@v/v1.61.1.zip": '
        "read tcp 10.1.0.4:443: read: connection reset by peer\n"))
    assert report.first_error.category == "network"
    assert report.modules == ["github.com/acme/sdk-go"]


def test_the_failing_line_of_a_multi_line_script_is_the_last_that_runs_a_tool():
    from autoheal.analysis.tools import command_in_script

    assert command_in_script(["set -euo pipefail", "cd backend", "npm test", "echo done"], "set -euo pipefail") == "npm test"
    assert command_in_script(["echo a", "echo b"], "echo a") == "echo a"


def test_xcodebuild_and_sbt_formats():
    # xcpretty's GitHub Actions formatter (::error file=...,line=...,col=...::) and sbt's compiler report
    xcode = read_step("fastlane mac build_release", numbered(
        "[08:38:44]: ▸ ::error file=/Users/runner/work/app/app/Sources/Chat.swift,line=344,col=68::missing argument for parameter 'id'\n"
        "** ARCHIVE FAILED **\n"))
    assert xcode.tool == "xcodebuild"
    assert xcode.first_error.category == "compile_error" and xcode.first_error.groups["line"] == "344"
    sbt = read_step("sbt test", numbered(
        "[error] /home/runner/work/app/app/src/main/scala/App.scala:12:5: not found: value prinln\n"
        "[error] (Compile / compileIncremental) Compilation failed\n"))
    assert sbt.tool == "sbt" and sbt.first_error.category == "compile_error"


def test_jest_test_outside_a_describe_block_is_a_failing_test():
    # jest's default reporter (https://jestjs.io/docs/cli): "● <describe> › <test>", or "● <test>" for a
    # top-level test; "● Console" heads console output and is not a test.
    lines = list(enumerate([
        "  ● Console", "    console.log", "      hello",
        "FAIL test/cli/cli.test.js",
        '  ● output as stream when "-" is specified',
        "    expect(received).toBe(expected)",
        "Tests:       1 failed, 3 skipped, 431 passed, 435 total",
    ], start=1))
    report = read_step("yarn test", lines)
    # the failing suite's file (what `jest <file>` reruns), then the test; not "Console"
    assert report.tests == ["test/cli/cli.test.js", 'output as stream when "-" is specified']


def test_failing_tests_are_named_whatever_the_category():
    from autoheal.analysis import analyze
    log = "".join(f"2026-01-05T10:00:0{i}.0000000Z {t}\n" for i, t in enumerate([
        "##[group]Run pytest -q", "pytest -q", "##[endgroup]",
        "+++++++++++++++++++++++++++++++++++ Timeout ++++++++++++++++++++++++++++++++++++",
        "E   Failed: Timeout >30.0s",
        "FAILED tests/test_viewer.py::test_render - Failed: Timeout >30.0s",
        "1 failed, 8 passed in 31.02s",
        "##[error]Process completed with exit code 1.",
    ]))
    a = analyze(log)
    # a test past its own time limit (pytest-timeout) failed as a test; the job did not run out of time
    assert a.category == "test_failure"
    assert "tests/test_viewer.py::test_render" in a.specifics["tests"]


def test_go_vet_findings_are_lint_not_compile_errors():
    # go vet's report (https://pkg.go.dev/cmd/vet): the package header, then analyzer findings file:line:col: msg
    vet = read_step("go vet ./...", numbered(
        "# example.com/app/internal/store\n"
        "internal/store/db.go:42:14: fmt.Sprintf format %d has arg name of wrong type string\n"
        "internal/store/db.go:57:2: unreachable code\n"))
    assert vet.tool == "go-vet"
    assert vet.first_error.category == "lint"
    assert vet.locations[0] == {"file": "internal/store/db.go", "line": 42, "col": 14}
    # the tool's own prefix (golang/go#34142), also when make runs it
    prefixed = read_step("make check", numbered("vet: ./main.go:5:2: self-assignment of x to x\n"))
    assert prefixed.tool == "go-vet" and prefixed.first_error.category == "lint"
    # a package vet cannot type-check is the code's compile error (golang/go#26236)
    broken = read_step("go vet ./...", numbered(
        "# golang.org/x/vgo2/modfetch\n./coderepo.go:294:30: undeclared name: gomod\nvet: typecheck failures\n"))
    assert broken.first_error.category == "compile_error"
    # go build's own errors stay compile errors
    build = read_step("go build ./...", numbered("# example.com/app\n./main.go:5:2: undefined: x\n"))
    assert build.tool == "go-build" and build.first_error.category == "compile_error"


def test_xcodebuild_names_the_target_of_the_failed_build_command():
    # xcodebuild's closing summary (Xcode 15+): each failed build command with "(in target 'T' from project 'P')"
    report = read_step("xcodebuild archive -scheme WireGuardKit", numbered(
        "Sources/WireGuardKit/Config.swift:183:33: error: value of type 'String' has no member 'splitToArray'\n"
        "** ARCHIVE FAILED **\n\nThe following build commands failed:\n"
        "\tCompileSwift normal arm64 (in target 'WireGuardKit' from project 'WireGuardKit')\n"
        "\tArchiving workspace wireguard-apple with scheme WireGuardKit\n(2 failures)\n"))
    assert report.tool == "xcodebuild"
    assert report.project == "WireGuardKit"
    assert report.first_error.category == "compile_error"
    assert report.locations[0] == {"file": "Sources/WireGuardKit/Config.swift", "line": 183, "col": 33}


def test_a_standard_utilitys_diagnostic_localises_without_voting():
    # GNU coreutils 9 output, produced here (cat/mv/cp/rm on missing or busy paths)
    shown = ("cat: SHA256SUMS.txt: No such file or directory\n"
             "mv: cannot move 'y/d.tar.gz' to './d.tar.gz': Directory not empty\n"
             "cp: cannot stat 'nothere': No such file or directory\n"
             "rm: cannot remove 'nothere': No such file or directory\n")
    report = read_step("./release.sh", numbered(shown))
    found = [f for f in report.findings if f.tool == "shell"]
    assert [f.groups["command"] for f in found] == ["cat", "mv", "cp", "rm"]
    assert all(f.category == "" for f in found)  # the place of the failure, not a category
    assert report.first_error is None
    # a program's own message that merely starts with a word is not a utility's diagnostic
    assert not read_step("./release.sh", numbered("Install: 3 packages not found in cache, downloading\n")).findings


def test_command_detection_keeps_python_only_regexes_and_case():
    """run_by matches every tool's command regex in one RE2 set; a regex RE2 cannot parse (the C-family
    tools' lookahead that keeps clang-format out) still decides through Python's re, and case is ignored."""
    from autoheal.analysis.tools import run_by

    compilers = [t.name for t in run_by("clang -c x.c")]
    assert compilers, "clang is a C-family compiler command"
    assert not set(compilers) & {t.name for t in run_by("clang-format -i x.c")}
    assert [t.name for t in run_by("PYTEST -q")] == [t.name for t in run_by("pytest -q")] != []
    assert run_by("") == run_by(None) == []
