"""Failing-step scoping, cause before symptom, and 'located' apart from 'confident' (issue #17)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from autoheal.analysis import analyze, default_kb, load_schema
from autoheal.analysis.logformat import strip_ansi
from autoheal.analysis.scan import STEP_HEAD_BYTES, STEP_TAIL_BYTES, scan

TOOLLOGS = Path(__file__).resolve().parent.parent / "data" / "toollogs"


def _gh(*steps: tuple[str, list[str], int]) -> str:
    """A GitHub raw job log: (command, output lines, exit code) per step; the last non-zero one fails."""
    out = ["2026-01-01T00:00:00.0000000Z Current runner version: '2.321.0'"]
    for cmd, lines, code in steps:
        out.append(f"2026-01-01T00:00:01.0000000Z ##[group]Run {cmd}")
        out.append(f"2026-01-01T00:00:01.0000000Z {cmd}")
        out.append("2026-01-01T00:00:01.0000000Z ##[endgroup]")
        out += [f"2026-01-01T00:00:02.0000000Z {ln}" for ln in lines]
        if code:
            out.append(f"2026-01-01T00:00:03.0000000Z ##[error]Process completed with exit code {code}.")
    out.append("2026-01-01T00:00:04.0000000Z Cleaning up orphan processes")
    return "\n".join(out) + "\n"


def _toollog(name: str) -> tuple[bytes, dict]:
    labels = {json.loads(x)["file"]: json.loads(x) for x in (TOOLLOGS / "labels.jsonl").read_text().splitlines()}
    return (TOOLLOGS / f"{name}.log").read_bytes(), labels[f"{name}.log"]


def _line_of(log: str, text: str) -> int:
    return next(i for i, ln in enumerate(log.splitlines(), 1) if text in ln)


def test_an_earlier_successful_step_does_not_vote_when_the_failing_step_speaks():
    log = _gh(
        ("npm install", ["npm ERR! code ERESOLVE", "found 2 vulnerabilities (1 moderate, 1 high)"], 0),
        ("pytest", ["FAILED tests/test_cart.py::test_total - assert 3 == 4", "=== 1 failed, 3 passed in 0.12s ==="], 1),
    )
    a = analyze(log)
    assert a.category == "test_failure"
    assert a.specifics["tests"] == ["tests/test_cart.py::test_total"]
    assert a.key_lines[0].line == _line_of(log, "FAILED tests/test_cart.py")


def test_found_0_vulnerabilities_is_not_a_security_finding():
    log = _gh(("npm install", ["up to date, audited 1 package in 200ms", "", "found 0 vulnerabilities"], 0),
              ("./run.sh", ["the widget frobnicator gave up"], 3))
    a = analyze(log)
    assert a.category != "security_scan"
    assert all(s["category"] != "security_scan" for s in a.scores)


def test_an_unexplained_failure_is_still_located_at_its_error_line():
    log = _gh(("make setup", ["ok"], 0), ("./run.sh", ["starting", "Error: the widget frobnicator gave up", "cleaning"], 3))
    a = analyze(log)
    assert a.category == "unknown"
    assert a.located is True
    assert a.key_lines[0].line == _line_of(log, "frobnicator gave up")
    assert a.specifics["exit_code"] == 3


def test_a_failing_step_without_any_error_line_points_at_its_last_words_but_is_not_located():
    log = _gh(("make setup", ["ok"], 0), ("./run.sh", ["starting", "the widget frobnicator gave up"], 3))
    a = analyze(log)
    assert a.category == "unknown"
    assert _line_of(log, "frobnicator gave up") in [k.line for k in a.key_lines[:5]]
    assert a.located is False


def test_located_is_false_for_a_log_without_a_failure():
    a = analyze(_gh(("make", ["all good"], 0)))
    assert a.located is False


def test_passing_tests_printing_infrastructure_errors_do_not_make_an_infrastructure_failure():
    data, label = _toollog("pytest-noisy-passing-tests")
    a = analyze(data)
    assert a.category == "test_failure"
    assert {s["category"] for s in a.scores}.isdisjoint({"rate_limited", "network", "docker_build"})


def test_pytest_error_progress_lines_are_not_docker_build_errors():
    data, _ = _toollog("pytest-fixture-error-progress")
    assert b"test_reads_rows ERROR " in data  # pytest -v prints "... ERROR   [ 50%]"
    narrow = data.replace(b"ERROR                                  [ 50%]", b"ERROR [ 50%]")  # a long test id leaves one space
    assert b"ERROR [ 50%]" in narrow
    for log in (data, narrow):
        a = analyze(log)
        assert a.category == "test_failure"
        assert "docker_build" not in {s["category"] for s in a.scores}


def test_docker_patterns_count_when_docker_ran():
    log = _gh(("docker build .", ["#7 [build 3/5] RUN make", "#7 ERROR: process \"/bin/sh -c make\" did not complete successfully: exit code: 2",
                                  "ERROR: failed to solve: process \"/bin/sh -c make\" did not complete successfully: exit code: 2"], 1))
    assert analyze(log).category == "docker_build"


def test_a_relative_import_is_the_codes_mistake_not_a_missing_package():
    data, _ = _toollog("tsc-relative-import")
    assert analyze(data).category == "compile_error"
    log = _gh(("npx tsc -p .", ["src/index.ts(1,24): error TS2307: Cannot find module 'left-pad' or its corresponding type declarations."], 2))
    a = analyze(log)
    assert a.category == "missing_dependency"
    assert "left-pad" in a.specifics["modules"]


def test_a_network_error_before_the_resolution_failure_is_the_cause():
    data, _ = _toollog("pip-connection-refused")
    a = analyze(data)
    assert a.category == "network"
    assert a.specifics["modules"] == ["tinyjson"]


def test_the_first_compiler_error_leads_the_key_lines_and_the_locations():
    for name, place in (("gcc-first-of-many", ("src/main.c", 6)), ("mypy-first-error", ("src/parse.py", 5)),
                        ("rustc-first-of-many", ("src/main.rs", 2)), ("javac-first-of-many-travis", ("Report.java", 3))):
        data, label = _toollog(name)
        a = analyze(data)
        first = a.specifics["locations"][0]
        assert (first["file"], first["line"]) == place, name
        ranges = [(r["start"], r["end"]) for r in label["groundtruth_lines"]]
        assert any(s <= a.key_lines[0].line <= e for s, e in ranges), name


def test_failed_step_may_be_the_apis_step_number():
    log = _gh(("make lint", ["src/a.py:3:1: F401 'os' imported but unused"], 0), ("make test", ["all passed"], 0))
    by_number = analyze(log, failed_step=3)  # "Set up job" is step 1 in the jobs API
    assert by_number.failed_step == "Run make test"
    by_name = analyze(log, failed_step="Run make lint")
    assert by_name.failed_step == "Run make lint"
    assert by_name.category == "lint"


def test_travis_scope_is_the_failing_command():
    log = "\n".join([
        "travis_fold:start:install", "$ bundle install", "Fetching gem metadata", "An error occurred while installing json (2.0), retrying",
        "travis_fold:end:install", "travis_time:start:abc\x1b[0K$ bundle exec rake test",
        "  1) Failure:", "CartTest#test_total [test/cart_test.rb:9]:", "Expected: 3", "  Actual: 4",
        "2 runs, 2 assertions, 1 failures, 0 errors, 0 skips", "travis_time:end:abc", "",
        "\x1b[31;1mThe command \"bundle exec rake test\" exited with 1.\x1b[0m", "", "Done. Your build exited with 1.",
    ]) + "\n"
    a = analyze(log)
    assert a.category == "test_failure"
    assert a.specifics["command"] == "bundle exec rake test"
    assert a.specifics["exit_code"] == 1
    assert a.specifics["tests"] == ["CartTest#test_total"]
    assert a.located


def test_gitlab_and_jenkins_logs_are_located():
    for name in ("unittest-gitlab", "shellcheck-tty-gitlab", "cargo-test-jenkins", "flake8-jenkins"):
        data, label = _toollog(name)
        a = analyze(data)
        assert a.located, name
        ranges = [(r["start"], r["end"]) for r in label["groundtruth_lines"]]
        assert any(s <= k.line <= e for k in a.key_lines[:5] for s, e in ranges), name


def test_gitlab_section_ends_keep_their_two_line_ends():
    raw = b"section_end:1:x\r\x1b[0K\nnext\n"
    assert len(strip_ansi(raw).splitlines()) == len(raw.splitlines())


def test_a_long_step_keeps_its_head_and_tail_with_true_line_numbers():
    filler = [f"compiling unit {i} of the big build" for i in range(12000)]
    lines = ["first error: src/a.c:1:1: error: expected ';'"] + filler + ["last words before the exit"]
    log = _gh(("make", lines, 2))
    result = scan(log, default_kb().prefilter, chunk_size=64 << 10)
    step = next(s for s in result.sections if s.name == "Run make")
    assert step.text_bytes > STEP_HEAD_BYTES + STEP_TAIL_BYTES
    physical = log.splitlines()
    kept = step.text_lines()
    for n, raw in kept[:3] + kept[-3:]:
        assert physical[n - 1].encode() == raw
    numbers = [n for n, _ in kept]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    a = analyze(log)
    assert a.specifics["locations"][0]["file"] == "src/a.c"


def test_the_document_carries_located_and_tool_and_matches_the_schema():
    data, _ = _toollog("ruff-full-output")
    doc = analyze(data).to_dict()
    assert doc["located"] is True and doc["tool"] == "ruff"
    jsonschema.validate(doc, load_schema())
    schema = load_schema()["properties"]
    assert schema["located"]["default"] is False


def test_zero_violations_are_not_a_lint_failure():
    log = _gh(("mvn -B verify", [
        "[INFO] You have 0 Checkstyle violations.",
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.9.0:compile (default-compile) "
        "on project app: Fatal error compiling: error: invalid target release: 17 -> [Help 1]"], 1))
    a = analyze(log)
    assert a.category == "environment"
    assert a.specifics["project"] == "app"


def test_a_network_error_inside_the_resolution_failure_is_the_cause():
    log = _gh(("mvn -B install", [
        "[ERROR] Plugin org.apache.maven.plugins:maven-enforcer-plugin:1.0 or one of its dependencies could not be resolved: "
        "Failed to read artifact descriptor for org.apache.maven.plugins:maven-enforcer-plugin:jar:1.0: Could not transfer "
        "artifact org.apache.maven.plugins:maven-enforcer-plugin:pom:1.0 from/to central (https://repo.maven.apache.org/maven2): "
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed -> [Help 1]"], 1))
    assert analyze(log).category == "network"


def test_a_step_position_the_log_does_not_confirm_is_ignored():
    from autoheal.analysis import analyze
    log = "".join(f"2026-01-05T10:00:{i:02d}.0000000Z {t}\n" for i, t in enumerate([
        "##[group]Run actions/checkout@v4", "##[endgroup]", "Syncing repository",
        "##[group]Run pytest -q", "pytest -q", "##[endgroup]",
        "FAILED tests/test_a.py::test_x - assert 1 == 2", "1 failed in 0.10s",
        "##[error]Process completed with exit code 1.",
        "##[group]Run ./upload.sh", "./upload.sh", "##[endgroup]",
        "curl: (6) Could not resolve host: uploads.example.org",
        "##[error]Process completed with exit code 6.",
    ]))
    # The API's step list matches the log ("Set up job" is step 1): position 3 is the pytest step.
    assert analyze(log, failed_step="Unit tests", failed_step_position=3).category == "test_failure"
    # A position pointing at a step that shows no failure (the checkout) is not trusted.
    assert analyze(log, failed_step="Unit tests", failed_step_position=2).category == "network"


def _gh_script(script: list[str], output: list[str], code: int = 1) -> str:
    """A GitHub raw job log of one multi-line `run:` step (the header echoes every script line)."""
    ts = "2026-01-01T00:00:01.0000000Z "
    out = [ts + "##[group]Run " + script[0]] + [ts + "\x1b[36;1m" + s + "\x1b[0m" for s in script]
    out += [ts + "shell: /usr/bin/bash -e {0}", ts + "##[endgroup]"] + [ts + ln for ln in output]
    out += [ts + f"##[error]Process completed with exit code {code}.", ts + "Cleaning up orphan processes"]
    return "\n".join(out) + "\n"


# BuildKit's progress output and `docker push`'s first line ("The push refers to repository [...]") as the docker
# CLI prints them (https://docs.docker.com/reference/cli/docker/image/push/, https://docs.docker.com/build/).
_BUILD_FAILS = [
    "#0 building with \"default\" instance using docker driver",
    "#7 [build 4/6] RUN dotnet publish -c Release -o /app",
    "#7 12.31 /src/Catalog.API/Program.cs(14,5): error CS0023: Operator '.' cannot be applied to operand of type 'void' [/src/Catalog.API/Catalog.API.csproj]",
    "#7 ERROR: process \"/bin/sh -c dotnet publish -c Release -o /app\" did not complete successfully: exit code: 1",
    "ERROR: failed to solve: process \"/bin/sh -c dotnet publish -c Release -o /app\" did not complete successfully: exit code: 1",
]


def test_a_push_after_a_failed_build_is_not_the_failing_command():
    a = analyze(_gh_script(
        ["docker build -t ghcr.io/acme/catalog:latest -f src/Catalog.API/Dockerfile .",
         "docker push ghcr.io/acme/catalog:latest"], _BUILD_FAILS))
    # bash -e stopped at the build: the push never announced itself
    assert a.specifics["command"] == "docker build -t ghcr.io/acme/catalog:latest -f src/Catalog.API/Dockerfile ."


def test_the_push_that_announced_itself_last_is_the_failing_command():
    a = analyze(_gh_script(
        ["# Build, then push both tags", "docker build -t acme/app:tmp .", "docker tag acme/app:tmp acme/app:latest",
         "docker push acme/app:latest", "docker push acme/app:1.2.3"],
        ["#0 building with \"default\" instance using docker driver", "#9 DONE 0.1s",
         "The push refers to repository [docker.io/acme/app]",
         "denied: requested access to the resource is denied"]))
    assert a.specifics["command"] == "docker push acme/app:latest"


def test_a_script_whose_header_line_is_a_comment_is_named_by_its_command():
    a = analyze(_gh_script(
        ["# build and push in one go", "docker buildx build \\", "  --push -t acme/app:latest \\", "  ."],
        ["#0 building with \"builder\" instance using docker-container driver",
         "ERROR: failed to push acme/app:latest: unexpected status from HEAD request: 401 Unauthorized"]))
    assert a.specifics["command"] == "docker buildx build --push -t acme/app:latest ."


def test_a_command_continued_with_backslashes_is_named_whole():
    a = analyze(_gh_script(
        ["docker run --rm \\", "  -v \"$PWD\":/src -w /src \\", "  golang:1.23 go test ./..."],
        ["# example.com/sdk", "./client.go:41:9: undefined: NewTransport"]))
    assert a.specifics["command"] == "docker run --rm -v \"$PWD\":/src -w /src golang:1.23 go test ./..."


def test_a_gate_that_fails_because_another_job_failed_is_not_the_cause():
    # `gh run view --log-failed` of two failed jobs: the lint job, and a summary job checking `needs.*.result`
    # that only writes its own `::error::` verdict (https://docs.github.com/actions/using-jobs/using-jobs-in-a-workflow)
    def row(job: str, step: str, text: str) -> str:
        return f"{job}\t{step}\t2026-02-07T18:18:30.0000000Z {text}"
    log = "\n".join([
        row("Lint", "Run ESLint", "##[group]Run pnpm lint:all"), row("Lint", "Run ESLint", "pnpm lint:all"),
        row("Lint", "Run ESLint", "##[endgroup]"),
        row("Lint", "Run ESLint", "packages/mcp lint: /home/runner/work/t/t/packages/mcp/src/login.ts"),
        row("Lint", "Run ESLint", "packages/mcp lint:   102:9  error  'timeout' is never reassigned. Use 'const' instead  prefer-const"),
        row("Lint", "Run ESLint", "packages/mcp lint: ✖ 1 problem (1 error, 0 warnings)"),
        row("Lint", "Run ESLint", "##[error]Process completed with exit code 1."),
        row("Quality Summary", "Check all jobs status", '##[group]Run if [ "failure" != "success" ]; then'),
        row("Quality Summary", "Check all jobs status", '##[endgroup]'),
        row("Quality Summary", "Check all jobs status", "##[error]One or more quality gates failed"),
        row("Quality Summary", "Check all jobs status", "##[error]Process completed with exit code 1."),
    ]) + "\n"
    a = analyze(log)
    assert a.failed_step == "Run ESLint"
    assert a.specifics["command"] == "pnpm lint:all"
    assert a.category == "lint"
    # the gate alone is still the failing step when nothing else failed
    alone = analyze("\n".join(log.splitlines()[7:]) + "\n")
    assert alone.failed_step == "Check all jobs status"


def test_a_later_step_whose_annotations_name_places_is_still_a_cause():
    # setup-go's problem matcher turns the compiler's lines into `##[error]file:line:col: msg` annotations:
    # that is tool output, not a gate's verdict, so the last failed step of the job stays the failing one
    def row(job: str, step: str, text: str) -> str:
        return f"{job}\t{step}\t2026-03-18T00:55:10.0000000Z {text}"
    log = "\n".join([
        row("Build", "Verify docs", "##[group]Run bash ./tools/check-generated.sh"), row("Build", "Verify docs", "##[endgroup]"),
        row("Build", "Verify docs", "docs are out of date"), row("Build", "Verify docs", "##[error]Process completed with exit code 1."),
        row("Build", "Build Provider", "##[group]Run go build -v ./..."), row("Build", "Build Provider", "##[endgroup]"),
        row("Build", "Build Provider", "##[error]internal/provider/profile.go:123:3: not enough arguments in call to client.Get"),
        row("Build", "Build Provider", "##[error]Process completed with exit code 1."),
    ]) + "\n"
    a = analyze(log)
    assert a.failed_step == "Build Provider"
    assert a.specifics["command"] == "go build -v ./..."


def test_a_later_step_that_failed_silently_is_not_taken_for_a_gate():
    # an earlier `continue-on-error` step printed errors; the step that failed the job printed nothing
    log = _gh(("npm run lint", ["src/a.js", "  1:7  error  'x' is assigned a value but never used  no-unused-vars",
                                "✖ 1 problem (1 error, 0 warnings)"], 1),
              ("./scripts/check-size.sh", ["checking bundle size"], 1))
    assert analyze(log).failed_step == "Run ./scripts/check-size.sh"
