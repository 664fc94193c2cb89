"""General rules of the category decision (issue #17): each on small logs in the real tools' formats."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.scoring import UNCERTAIN_CAP

from .conftest import make_gh_log

PYTEST_HEAD = [
    "============================= test session starts ==============================",
    "platform linux -- Python 3.12.1, pytest-8.0.0, pluggy-1.4.0",
    "rootdir: /home/runner/work/app/app",
    "collected 10 items / 2 errors",
    "",
    "==================================== ERRORS ====================================",
]


def _collect_error(module: str, *lines: str) -> list[str]:
    return [
        f"_____________________ ERROR collecting tests/{module} ______________________",
        f"ImportError while importing test module '/home/runner/work/app/app/tests/{module}'.",
        "Hint: make sure your test modules/packages have valid Python names.",
        "Traceback:",
        "/opt/hostedtoolcache/Python/3.12.1/x64/lib/python3.12/importlib/__init__.py:90: in import_module",
        "    return _bootstrap._gcd_import(name[level:], package, level)",
        *lines,
    ]


PYTEST_TAIL = [
    "=========================== short test summary info ============================",
    "ERROR tests/test_models.py",
    "ERROR tests/test_views.py",
    "!!!!!!!!!!!!!!!!!!! Interrupted: 2 errors during collection !!!!!!!!!!!!!!!!!!!!",
    "============================== 2 errors in 0.31s ===============================",
]


# --- tests failed: an import reading leads only when it explains every failure -----------------------

def test_collection_errors_of_several_kinds_are_failing_tests():
    log = make_gh_log(
        *PYTEST_HEAD,
        *_collect_error("test_models.py", "tests/test_models.py:3: in <module>", "    import yaml",
                        "E   ModuleNotFoundError: No module named 'yaml'"),
        "______________________ ERROR collecting tests/test_views.py ______________________",
        "tests/test_views.py:5: in <module>",
        "    from app.views import render_page",
        "app/views.py:8: in load_templates",
        "    return settings.TEMPLATE_DIRS",
        "E   AttributeError: module 'app.settings' has no attribute 'TEMPLATE_DIRS'",
        *PYTEST_TAIL,
        step="Run python -m pytest",
    )
    a = analyze(log)
    assert a.category == "test_failure"
    # Both readings are plausible: not confident enough for an automatic fix.
    assert a.confidence < 70


def test_collection_errors_all_of_one_missing_module_are_a_missing_dependency():
    log = make_gh_log(
        *PYTEST_HEAD,
        *_collect_error("test_models.py", "tests/test_models.py:3: in <module>", "    import yaml",
                        "E   ModuleNotFoundError: No module named 'yaml'"),
        *_collect_error("test_views.py", "tests/test_views.py:2: in <module>", "    import yaml",
                        "E   ModuleNotFoundError: No module named 'yaml'"),
        *PYTEST_TAIL,
        step="Run python -m pytest",
    )
    a = analyze(log)
    assert a.category == "missing_dependency"
    assert "yaml" in a.specifics["modules"]


JEST_FAILURE = [
    "FAIL packages/core/src/exports.test.ts",
    "  ● core › should export everything",
    "",
    "    expect(received).toMatchInlineSnapshot(snapshot)",
    "",
    "    Snapshot name: `core should export everything 1`",
    "",
    "Test Suites: 1 failed, 66 passed, 67 total",
    "Tests:       1 failed, 7 skipped, 834 passed, 842 total",
    "Snapshots:   1 failed, 17 passed, 18 total",
    "Time:        41.3 s",
    "Ran all test suites.",
]


def test_missing_module_printed_before_the_tests_ran_is_not_their_cause():
    # A type-declaration build prints TS2307 without failing the script; jest then runs and one
    # snapshot fails: the tests failed, the earlier message did not stop them.
    log = make_gh_log(
        "core: [types] src/stories.tsx(4,26): error TS2307: Cannot find module 'charts/lib/chart' or its "
        "corresponding type declarations.",
        "core: [types] src/legend.tsx(2,10): error TS2307: Cannot find module 'charts/lib/legend' or its "
        "corresponding type declarations.",
        "$ jest --ci",
        *JEST_FAILURE,
        "error Command failed with exit code 1.",
        step="Run yarn build:types; yarn jest --ci",
    )
    assert analyze(log).category == "test_failure"


def test_missing_module_before_a_runner_that_never_ran_tests_still_leads():
    # Node cannot even load the test file's import: no test ran, the missing package is the cause.
    log = make_gh_log(
        "> app@1.0.0 test",
        "> mocha test/",
        "",
        "Error: Cannot find module 'chai'",
        "Require stack:",
        "- /home/runner/work/app/app/test/app.test.js",
        "    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)",
        "npm error Lifecycle script `test` failed with error:",
        "npm error code 1",
        step="Run npm test",
    )
    assert analyze(log).category == "missing_dependency"


# --- warnings are weak evidence -------------------------------------------------------------------------

def test_engine_warnings_do_not_decide_a_failed_check():
    log = make_gh_log(
        "apps/web                                 | [WARN] Unsupported engine: wanted: {\"node\":\"24\"} "
        "(current: {\"node\":\"v26.3.1\",\"pnpm\":\"11.7.0\"})",
        "apps/docs                                | [WARN] Unsupported engine: wanted: {\"node\":\"24\"} "
        "(current: {\"node\":\"v26.3.1\",\"pnpm\":\"11.7.0\"})",
        "Exit status 1",
        "Error: budget validation failed",
        "[ELIFECYCLE] Command failed with exit code 1.",
        step="Run pnpm run size",
    )
    a = analyze(log)
    assert a.category != "environment" or a.confidence < 50


def test_the_same_engine_message_as_an_error_decides():
    log = make_gh_log(
        "npm error code EBADENGINE",
        "npm error engine Unsupported engine",
        "npm error engine Not compatible with your version of node/npm: app@1.0.0",
        "npm error notsup Required: {\"node\":\">=24\"}",
        "npm error notsup Actual:   {\"npm\":\"10.8.2\",\"node\":\"v20.18.0\"}",
        step="Run npm ci",
    )
    a = analyze(log)
    assert a.category == "environment"
    assert a.confidence >= 50


def test_compose_pull_warning_for_a_built_image_is_not_a_permission_failure():
    log = make_gh_log(
        " db Pulled ",
        " app Warning pull access denied for app, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied ",
        " Container ci-app-1  Starting",
        " Container ci-app-1  Error",
        "dependency failed to start: container ci-app-1 is unhealthy",
        step="Run docker compose up -d --wait",
    )
    a = analyze(log)
    assert a.category != "permission_denied" or a.confidence < 50


def test_a_dominant_cause_in_a_warning_still_counts():
    log = make_gh_log(
        "##[warning]You are running out of disk space. The runner will stop working when the machine runs out "
        "of disk space. Free space left: 12 MB",
        "fatal: write error: No space left on device",
        step="Run make build",
    )
    assert analyze(log).category == "disk_full"


# --- cause before symptom: the project's own module, the runtime, the transfer's reason ----------------

def _travis(*lines: str) -> str:
    return "\n".join(lines) + "\n\nDone. Your build exited with 1.\n"


SUREFIRE_FAILURES = [
    "Results :",
    "",
    "Failed tests:",
    "  EPersonTest.testCreate:88 Error initializing the database",
    "",
    "Tests run: 75, Failures: 34, Errors: 0, Skipped: 0",
    "",
    "[INFO] BUILD FAILURE",
    "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:2.17:test (default-test) on "
    "project core-api: There are test failures.",
]


def test_a_snapshot_of_the_projects_own_module_is_not_a_missing_dependency():
    # Travis runs every script command: the first failed its tests and installed nothing, the second then
    # cannot resolve the module the first should have installed.
    log = _travis(
        "$ mvn clean install -B",
        *SUREFIRE_FAILURES,
        'The command "mvn clean install -B" exited with 1.',
        "$ cd app && mvn package -B",
        "[INFO] BUILD FAILURE",
        "[ERROR] Failed to execute goal on project additions: Could not resolve dependencies for project "
        "org.acme.modules:additions:jar:5.0-SNAPSHOT: Could not find artifact org.acme:core-api:jar:5.0-SNAPSHOT "
        "in sonatype-snapshots (https://oss.sonatype.org/content/repositories/snapshots/) -> [Help 1]",
        'The command "cd app && mvn package -B" exited with 1.',
    )
    a = analyze(log)
    assert a.category == "test_failure"
    # Travis's scoping takes the first failed command (steps.py), so the tests are the failing step's own
    # evidence and the unresolvable snapshot after them does not lower the answer below the PR gate.
    assert a.confidence >= 70


def test_a_released_artifact_of_another_group_is_still_a_missing_dependency():
    log = _travis(
        "$ mvn package -B",
        "[INFO] BUILD FAILURE",
        "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project "
        "org.acme:app:jar:1.0-SNAPSHOT: Could not find artifact com.vendor:sdk:jar:2.3.1 in central "
        "(https://repo.maven.apache.org/maven2) -> [Help 1]",
        'The command "mvn package -B" exited with 1.',
    )
    assert analyze(log).category == "missing_dependency"


def test_maven_transfer_failing_on_a_reset_connection_is_a_network_failure():
    log = _travis(
        "$ mvn verify -B",
        "[INFO] BUILD FAILURE",
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-jar-plugin:2.4:jar (default-jar) on project "
        "algos: Execution default-jar of goal org.apache.maven.plugins:maven-jar-plugin:2.4:jar failed: Plugin "
        "org.apache.maven.plugins:maven-jar-plugin:2.4 or one of its dependencies could not be resolved: Failed to "
        "read artifact descriptor for org.apache.maven:maven-archiver:jar:2.5: Could not transfer artifact "
        "org.apache.maven:maven-archiver:pom:2.5 from/to central (https://repo.maven.apache.org/maven2): "
        "Connection reset -> [Help 1]",
        'The command "mvn verify -B" exited with 1.',
    )
    assert analyze(log).category == "network"


def test_a_standard_module_the_runtime_lacks_is_the_environment():
    log = make_gh_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/setup.py", line 2, in <module>',
        "    from distutils.core import setup",
        "ModuleNotFoundError: No module named 'distutils'",
        step="Run python setup.py build",
    )
    assert analyze(log).category == "environment"


def test_a_third_party_module_stays_a_missing_dependency():
    log = make_gh_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/tool.py", line 2, in <module>',
        "    import requests",
        "ModuleNotFoundError: No module named 'requests'",
        step="Run python tool.py",
    )
    assert analyze(log).category == "missing_dependency"


def test_composer_lock_refused_by_the_runners_php_is_the_environment():
    log = make_gh_log(
        "Installing dependencies from lock file (including require-dev)",
        "Verifying lock file contents can be installed on current platform.",
        "Your lock file does not contain a compatible set of packages. Please run composer update.",
        "",
        "  Problem 1",
        "    - vendor/zip is locked to version 3.2.0 and an update of this package was not requested.",
        "    - vendor/zip 3.2.0 requires php-64bit ^8.3 -> your php-64bit version (8.2.30) does not satisfy that "
        "requirement.",
        step="Run composer install --no-interaction",
        exit_code=2,
    )
    assert analyze(log).category == "environment"


def test_a_packages_missing_named_export_is_a_version_mismatch_not_a_syntax_error():
    log = make_gh_log(
        "file:///home/runner/work/app/app/node_modules/@tool/cli/lib/render.js:3",
        "import { ServerStyleSheet } from 'styled-components';",
        "         ^^^^^^^^^^^^^^^^",
        "SyntaxError: Named export 'ServerStyleSheet' not found. The requested module 'styled-components' is a "
        "CommonJS module, which may not support all module.exports as named exports.",
        step="Run npx tool build",
    )
    assert analyze(log).category == "dependency_conflict"


def test_a_relative_modules_missing_export_is_the_codes_own_mistake():
    log = make_gh_log(
        "SyntaxError: The requested module './util.js' does not provide an export named 'parse'",
        step="Run node index.js",
    )
    assert analyze(log).category != "dependency_conflict"


def test_a_parser_message_of_a_jvm_compiler_is_a_syntax_error():
    log = _travis(
        "$ sbt test",
        "[error] /home/travis/build/acme/site/app/views/tags/card.scala.html:37: ')' expected but string literal "
        "found.",
        "[error] \t@property(\"actor\" \"actor\"),",
        "[error] one error found",
        "[error] (compile:compileIncremental) Compilation failed",
        'The command "sbt test" exited with 1.',
    )
    assert analyze(log).category == "syntax_error"


def test_setup_pythons_cache_miss_is_information_not_the_cause():
    log = "\n".join([
        "2026-01-05T10:00:00.1000000Z ##[group]Run actions/setup-python@v5",
        "2026-01-05T10:00:00.2000000Z with:",
        "2026-01-05T10:00:00.3000000Z ##[endgroup]",
        "2026-01-05T10:00:01.0000000Z Version 3.9 was not found in the local cache",
        "2026-01-05T10:00:01.1000000Z Version 3.9 is available for downloading",
        "2026-01-05T10:00:01.2000000Z Download from \"https://github.com/actions/python-versions/releases/download/"
        "3.9.13-1234/python-3.9.13-linux-22.04-x64.tar.gz\"",
        "2026-01-05T10:00:09.0000000Z ##[error]The operation was canceled.",
        "2026-01-05T10:00:09.1000000Z Post job cleanup.",
    ]) + "\n"
    assert analyze(log).category == "cancelled"


def test_a_native_build_without_pkg_config_is_the_environment():
    log = make_gh_log(
        "   Compiling glib-sys v0.18.1",
        "     Running `/home/runner/.rustup/toolchains/stable/bin/rustc --crate-name build_script_build "
        "--error-format=json --cap-lints allow -W clippy::all`",
        "error: failed to run custom build command for `glib-sys v0.18.1`",
        "",
        "Caused by:",
        "  process didn't exit successfully: `/home/runner/work/app/app/target/release/build/glib-sys-1/"
        "build-script-build` (exit code: 1)",
        "  --- stdout",
        "  cargo:rerun-if-env-changed=PKG_CONFIG_PATH",
        "  cargo:warning=Could not run `PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config --libs --cflags glib-2.0`",
        "  The pkg-config command could not be found.",
        "",
        "  Most likely, you need to install a pkg-config package for your OS.",
        "warning: build failed, waiting for other jobs to finish...",
        step="Run cargo build --release --verbose",
    )
    a = analyze(log)
    assert a.category == "environment"
    # cargo's echo of the rustc command line (it names clippy lints) is neither evidence nor a key line
    assert not any("Running `" in k.text for k in a.key_lines)


# --- calibration: the confidence says what kind of evidence decided ----------------------------------

PYTEST_ASSERTION = [
    "============================= test session starts ==============================",
    "collected 3 items",
    "",
    "tests/test_api.py .F.                                                    [100%]",
    "",
    "=================================== FAILURES ===================================",
    "_______________________________ test_list_items _______________________________",
    "",
    "    def test_list_items():",
    "        client = make_client()",
    ">       assert client.list_items() == ['a', 'b']",
]


def test_tests_that_also_print_missing_credentials_are_less_certain():
    plain = make_gh_log(
        *PYTEST_ASSERTION,
        "E       AssertionError: assert ['a'] == ['a', 'b']",
        "tests/test_api.py:12: AssertionError",
        "=========================== short test summary info ============================",
        "FAILED tests/test_api.py::test_list_items - AssertionError: assert ['a'] == ['a', 'b']",
        "========================= 1 failed, 2 passed in 0.12s ==========================",
        step="Run python -m pytest",
    )
    doubtful = make_gh_log(
        *PYTEST_ASSERTION,
        "ERROR    api:client.py:55 google.auth.exceptions.DefaultCredentialsError: Your default credentials were "
        "not found. To set up Application Default Credentials, see https://cloud.google.com/docs/authentication",
        "E       AssertionError: assert ['a'] == ['a', 'b']",
        "tests/test_api.py:12: AssertionError",
        "=========================== short test summary info ============================",
        "FAILED tests/test_api.py::test_list_items - AssertionError: assert ['a'] == ['a', 'b']",
        "========================= 1 failed, 2 passed in 0.12s ==========================",
        step="Run python -m pytest",
    )
    a, b = analyze(plain), analyze(doubtful)
    assert a.category == b.category == "test_failure"
    assert a.confidence >= 70
    assert b.confidence < 70
    assert any("missing secret" in n for n in b.notes)


def test_a_resolution_failure_that_does_not_say_why_is_not_certain():
    symptom = _travis(
        "$ mvn package -B",
        "[INFO] BUILD FAILURE",
        "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project "
        "org.acme:app:jar:1.0: Failed to collect dependencies at com.vendor:sdk:jar:2.3.1 -> [Help 1]",
        'The command "mvn package -B" exited with 1.',
    )
    reading = make_gh_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/tool.py", line 2, in <module>',
        "    import requests",
        "ModuleNotFoundError: No module named 'requests'",
        step="Run python -m pytest",
    )
    a, b = analyze(symptom), analyze(reading)
    assert a.category == b.category == "missing_dependency"
    assert a.confidence < 70 <= b.confidence


def test_confidence_ranks_a_parsers_reading_above_patterns_above_other_steps():
    ruff = [
        "src/app/models.py:3:8: F401 [*] `os` imported but unused",
        "src/app/views.py:10:1: E711 Comparison to `None` should be `cond is None`",
        "Found 2 errors.",
        "[*] 1 fixable with the `--fix` option.",
    ]
    # a repository's own consistency check: no parser knows it, the knowledge base's lint patterns do.
    markdownlint = [
        "Checking generated sources...",
        "Generated code is out of date: api/service.pb.go",
        "Please run `make generate` and commit the result.",
    ]
    parsed = analyze(make_gh_log(*ruff, step="Run ruff check ."))
    patterns_only = analyze(make_gh_log(*markdownlint, step="Run ./scripts/check-all"))
    elsewhere = analyze(make_gh_log(
        *ruff[:3], "##[endgroup]", "##[group]Run ./scripts/publish", "Publishing...", "Done with status 3",
        step="Run ./scripts/check-all", exit_code=3,
    ))
    assert parsed.category == patterns_only.category == elsewhere.category == "lint"
    assert parsed.tool == "ruff" and patterns_only.tool is None
    assert parsed.confidence > patterns_only.confidence > elsewhere.confidence
    assert parsed.confidence > UNCERTAIN_CAP  # patterns alone stay at the cap; the parser's reading is above it


def test_bun_test_failures_are_failing_tests():
    # bun test's reporter (bun.sh/docs/cli/test): per-test (pass)/(fail) lines, then the summary.
    a = analyze(make_gh_log(
        "bun test v1.2.2 (c1708ea6)",
        "",
        "test/cli.test.ts:",
        "(pass) CLI > prints help [12.00ms]",
        "error: expect(received).toContain(expected)",
        "",
        "Expected to contain: \"2\"",
        "Received: \"\"",
        "",
        "      at <anonymous> (/home/runner/work/app/app/test/cli.test.ts:41:20)",
        "(fail) CLI > inline execution [342.00ms]",
        "",
        "1 tests failed:",
        "(fail) CLI > inline execution [342.00ms]",
        "",
        " 12 pass",
        " 1 fail",
        " 30 expect() calls",
        "Ran 13 tests across 2 files. [1.10s]",
        step="Run bun test",
    ))
    assert a.category == "test_failure"
    assert "CLI > inline execution" in a.specifics["tests"]


def test_an_early_command_not_found_does_not_outrank_the_import_error_that_stopped_the_script():
    # A setup script probes for conda (absent, harmless), installs with pip, then the test import fails.
    log = make_gh_log(
        "/exec: line 3: conda: command not found",
        *[f"Collecting pkg{i}" for i in range(30)],
        "Successfully installed pkg0 pkg1 pkg2",
        "Traceback (most recent call last):",
        '  File "/work/test/test_envs.py", line 4, in <module>',
        "    import procgen",
        "ModuleNotFoundError: No module named 'procgen'",
        step="Run bash .github/unittest/run_test.sh",
    )
    assert analyze(log).category == "missing_dependency"


def test_mocked_network_errors_in_test_output_do_not_lower_a_test_failure():
    a = analyze(make_gh_log(
        *PYTEST_ASSERTION,
        "WARNING  api.retry:client.py:80 GET https://api.example.test/items failed: 429 Too Many Requests, rate "
        "limited; retrying",
        "ERROR    api.client:client.py:91 ConnectionError: Failed to connect to api.example.test port 443: "
        "Connection refused",
        "E       AssertionError: assert ['a'] == ['a', 'b']",
        "tests/test_api.py:12: AssertionError",
        "=========================== short test summary info ============================",
        "FAILED tests/test_api.py::test_list_items - AssertionError: assert ['a'] == ['a', 'b']",
        "========================= 1 failed, 2 passed in 0.12s ==========================",
        step="Run python -m pytest",
    ))
    assert a.category == "test_failure"
    assert a.confidence >= 70


def test_retry_warnings_of_a_transient_failure_keep_their_weight():
    # pip reports each failed attempt as a WARNING; when the retries run out they were the cause.
    a = analyze(make_gh_log(
        "WARNING: Retrying (Retry(total=1, connect=None, read=None, redirect=None, status=None)) after connection "
        "broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f3>: Failed "
        "to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/requests/",
        "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection "
        "broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f3>: Failed "
        "to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/requests/",
        "ERROR: Could not find a version that satisfies the requirement requests (from versions: none)",
        "ERROR: No matching distribution found for requests",
        step="Run pip install requests",
    ))
    assert a.category == "network"


GRADLE_RESOLUTION = [
    "FAILURE: Build failed with an exception.",
    "",
    "* What went wrong:",
    "Execution failed for task ':app:compileDebugKotlin'.",
    "> Could not resolve all files for configuration ':app:debugCompileClasspath'.",
    "   > Could not resolve com.squareup.okhttp3:okhttp:4.12.0.",
    "     Required by:",
    "         project :app",
    "      > Could not resolve com.squareup.okhttp3:okhttp:4.12.0.",
    "         > Could not get resource 'https://repo.maven.apache.org/maven2/com/squareup/okhttp3/okhttp/4.12.0/"
    "okhttp-4.12.0.pom'.",
]
GRADLE_END = ["", "* Try:", "> Run with --stacktrace option to get the stack trace.", "", "BUILD FAILED in 41s"]


def test_gradle_resolution_failing_on_a_server_error_is_a_network_failure():
    # Gradle prints the symptom first and the reason last (its "> cause" chain): the reason leads.
    a = analyze(make_gh_log(
        *GRADLE_RESOLUTION,
        "            > Could not GET 'https://repo.maven.apache.org/maven2/com/squareup/okhttp3/okhttp/4.12.0/"
        "okhttp-4.12.0.pom'. Received status code 503 from server: Service Unavailable",
        *GRADLE_END,
        step="Run ./gradlew assembleDebug",
    ))
    assert a.category == "network"
    # the resolution failure it explains is not a rival reading
    assert not any("does not say why" in n for n in a.notes)


def test_gradle_resolution_failure_without_a_reason_is_an_uncertain_missing_dependency():
    a = analyze(make_gh_log(*GRADLE_RESOLUTION, *GRADLE_END, step="Run ./gradlew assembleDebug"))
    assert a.category == "missing_dependency"
    assert any("does not say why" in n for n in a.notes)


# --- key lines: many failures of one shape do not crowd out the summary and the first failure ------------

def test_many_failures_of_one_shape_leave_room_for_the_summary_and_the_first_failure():
    lines = ["  3 passing (2s)", "  12 failing", ""]
    for i in range(1, 13):
        lines += [
            f"  {i}) BuildSystem",
            f"       should build target {i}:",
            "     Error: spawn cmake ENOENT",
            "      at ChildProcess._handle.onexit (node:internal/child_process:286:19)",
            "",
        ]
    a = analyze(make_gh_log(*lines, "npm error code 1", step="Run npm test"))
    assert a.category == "test_failure"
    top5 = [k.text.strip() for k in a.key_lines[:5]]
    assert "12 failing" in top5
    assert "1) BuildSystem" in top5
    # every failure is still listed further down
    assert sum(k.text.strip().endswith(") BuildSystem") for k in a.key_lines) >= 10


def test_a_go_module_version_its_repository_lacks_is_a_missing_dependency():
    a = analyze(make_gh_log(
        "go: downloading github.com/acme/lib v1.2.3",
        "go: github.com/acme/lib@v1.2.3: reading github.com/acme/lib/go.mod at revision v1.2.3: unknown revision "
        "v1.2.3",
        step="Run go build ./...",
    ))
    assert a.category == "missing_dependency"
    assert "github.com/acme/lib" in a.specifics["modules"]


def test_the_shell_not_finding_the_tool_is_a_reading_not_a_guess():
    # mvn never ran: the runner's shell says why (a cause it reads), not a silent Maven.
    a = analyze(make_gh_log(
        "/home/runner/work/_temp/3f2a.sh: line 1: mvn: command not found",
        step="Run mvn -B verify",
        exit_code=127,
    ))
    assert a.category == "environment"
    assert not any("reported no" in n for n in a.notes)


def test_githubs_own_words_for_common_runner_and_workflow_failures():
    cases = {
        # pip on a runner image whose system Python is externally managed (PEP 668)
        "environment": (["error: externally-managed-environment", "",
                         "× This environment is externally managed",
                         "╰─> To install Python packages system-wide, try apt install"], "Run pip install -r req.txt"),
        # the workflow names an action version that does not exist
        "invalid_config": (["##[error]Unable to resolve action `actions/setup-node@v9`, unable to find version `v9`"],
                           "Run actions/setup-node@v9"),
        # GitHub's hosted runner failed under the job
        "runner_lost": (["##[error]The hosted runner encountered an error while running your job. "
                         "(Error Type: Disconnect)."], "Run make test"),
    }
    for category, (lines, step) in cases.items():
        assert analyze(make_gh_log(*lines, step=step)).category == category, category


def test_a_test_process_ctest_reports_crashed_is_a_rival_reading_of_the_failed_tests():
    # CTest's own status words for a crashed test process: the crash is a plausible cause, so the
    # test_failure answer is not confident (labels prefer crash about as often).
    a = analyze(make_gh_log(
        "94/94 Test #94: CSVParserTest.MultiThreadedParsing .......................***Exception: SegFault  0.00 sec",
        "",
        "99% tests passed, 1 tests failed out of 94",
        "",
        "Total Test time (real) =   2.31 sec",
        "",
        "The following tests FAILED:",
        "\t 94 - CSVParserTest.MultiThreadedParsing (SEGFAULT)",
        "Errors while running CTest",
        step="Run ctest --output-on-failure",
        exit_code=8,
    ))
    assert a.category in ("test_failure", "crash")
    assert a.confidence < 70
    assert {s["category"] for s in a.scores[:2]} == {"test_failure", "crash"}


def test_a_check_naming_a_stale_committed_file_is_a_consistency_check():
    a = analyze(make_gh_log(
        "Agent workspace seed is out of date: /home/runner/work/app/app/Sources/App/GeneratedSeed.swift",
        step="Run ./scripts/verify-seed.sh",
    ))
    assert a.category == "lint"
    assert a.confidence < 70  # one line of a script nobody parses


def test_a_push_refused_for_lack_of_credentials_is_not_a_failed_image_build():
    # BuildKit built every layer; the push's own status says why it failed.
    a = analyze(make_gh_log(
        "#26 [backend 10/10] RUN mkdir -p uploads logs",
        "#26 DONE 0.2s",
        "#27 exporting to image",
        "#27 pushing layers 0.8s done",
        "#27 ERROR: failed to push registry.example.org/app:latest: unexpected status from HEAD request to "
        "https://registry.example.org/v2/app/blobs/sha256:0a1b: 401 Unauthorized",
        "------",
        " > exporting to image:",
        "------",
        "ERROR: failed to solve: failed to push registry.example.org/app:latest: unexpected status from HEAD "
        "request to https://registry.example.org/v2/app/blobs/sha256:0a1b: 401 Unauthorized",
        step="Run docker buildx build --push -t registry.example.org/app:latest .",
    ))
    assert a.category == "missing_secret"


def test_a_failed_instruction_stays_a_docker_build_failure():
    a = analyze(make_gh_log(
        "#9 [build 4/6] RUN make",
        "#9 0.512 make: *** [Makefile:3: all] Error 2",
        "#9 ERROR: process \"/bin/sh -c make\" did not complete successfully: exit code: 2",
        "ERROR: failed to solve: process \"/bin/sh -c make\" did not complete successfully: exit code: 2",
        step="Run docker buildx build -t app .",
    ))
    assert a.category == "docker_build"


def test_a_script_saying_files_are_not_formatted_is_a_format_check():
    a = analyze(make_gh_log(
        "diff --git a/pkg/mapper.go b/pkg/mapper.go",
        "-    return x",
        "+\treturn x",
        "ERROR: Files not formatted correctly. Please run 'make fmt' and update your PR.",
        step="Run ./scripts/validations.sh",
    ))
    assert a.category == "lint"


# --- a JVM build's repository answered a download with an HTTP status: the status decides ----------------

def _gradle(*reason: str, info: tuple[str, ...] = ()) -> str:
    return make_gh_log(
        *info,
        "",
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        *reason,
        "",
        "* Try:",
        "> Run with --stacktrace option to get the stack trace.",
        "",
        "BUILD FAILED in 14s",
        step="Run ./gradlew assembleDebug",
    )


def test_gradle_repository_5xx_is_network():
    a = analyze(_gradle(
        "Execution failed for task ':app:checkDebugAarMetadata'.",
        "> Could not resolve all files for configuration ':app:debugRuntimeClasspath'.",
        "   > Could not resolve com.squareup.okhttp3:okhttp:4.12.0.",
        "     Required by:",
        "         project :app",
        "      > Could not get resource 'https://repo.maven.apache.org/maven2/com/squareup/okhttp3/okhttp/4.12.0/okhttp-4.12.0.pom'.",
        "         > Could not GET 'https://repo.maven.apache.org/maven2/com/squareup/okhttp3/okhttp/4.12.0/okhttp-4.12.0.pom'. "
        "Received status code 503 from server: Service Unavailable",
    ))
    assert a.category == "network"


def test_public_repository_403_under_a_missing_plugin_is_network():
    """Gradle --info: Maven Central refused every request (it blocks clients with 403), so the plugin 'was not
    found': the refusal is the cause, the plugin message its symptom."""
    url = "https://repo.maven.apache.org/maven2/com/google/devtools/ksp/com.google.devtools.ksp.gradle.plugin/1.9.20-1.0.14/x.pom"
    a = analyze(_gradle(
        "Plugin [id: 'com.google.devtools.ksp', version: '1.9.20-1.0.14', apply: false] was not found in any of the "
        "following sources:",
        "",
        "- Gradle Core Plugins (plugin is not in 'org.gradle' namespace)",
        "- Plugin Repositories (could not resolve plugin artifact 'com.google.devtools.ksp:com.google.devtools.ksp.gradle.plugin:1.9.20-1.0.14')",
        info=(f"Resource missing. [HTTP GET: https://dl.google.com/dl/android/maven2/x.pom]",
              f"Failed to get resource: GET. [HTTP HTTP/1.1 403 Forbidden: {url})]",
              f"Failed to get resource: GET. [HTTP HTTP/1.1 403 Forbidden: {url})]"),
    ))
    assert a.category == "network"


def test_a_private_repository_403_is_not_network():
    """403 from a repository that is not one of the public ones: the token lacks a permission."""
    a = analyze(_gradle(
        "Execution failed for task ':app:compileKotlin'.",
        "> Could not resolve all files for configuration ':app:compileClasspath'.",
        "   > Could not resolve com.acme:sdk:1.2.0.",
        "      > Could not GET 'https://maven.pkg.github.com/acme/sdk/com/acme/sdk/1.2.0/sdk-1.2.0.pom'. "
        "Received status code 403 from server: Forbidden",
    ))
    assert a.category != "network"


def test_maven_401_is_a_missing_credential():
    a = analyze(_travis(
        "$ mvn -B package",
        "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.acme:app:jar:1.0: "
        "Failed to collect dependencies at com.acme:sdk:jar:1.2.0: Failed to read artifact descriptor for "
        "com.acme:sdk:jar:1.2.0: Could not transfer artifact com.acme:sdk:pom:1.2.0 from/to github "
        "(https://maven.pkg.github.com/acme/sdk): status code: 401, reason phrase: Unauthorized (401) -> [Help 1]",
        'The command "mvn -B package" exited with 1.',
    ))
    assert a.category == "missing_secret"


def test_maven_501_https_required_is_invalid_config():
    a = analyze(_travis(
        "$ mvn -B install",
        "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project com.acme:app:jar:1.0: "
        "Could not transfer artifact junit:junit:pom:4.12 from/to central (http://repo.maven.apache.org/maven2): "
        "Failed to transfer file: http://repo.maven.apache.org/maven2/junit/junit/4.12/junit-4.12.pom. "
        "Return code is: 501 , ReasonPhrase:HTTPS Required. -> [Help 1]",
        'The command "mvn -B install" exited with 1.',
    ))
    assert a.category == "invalid_config"


def test_gradle_script_download_failing_on_its_url_is_network():
    """java.io.FileNotFoundException's message is the URL alone: Gradle shows it as the reason."""
    a = analyze(_gradle(
        "A problem occurred evaluating script.",
        "> https://ci.example.org/job/tool/lastSuccessfulBuild/artifact/dist/tool-latest.jar",
    ))
    assert a.category == "network"


# --- credentials under failing tests: missing_secret only when that is all the failing step says ----------

def test_tests_that_only_fail_on_missing_credentials_are_a_missing_secret():
    """Every test errored in a fixture that needed Application Default Credentials (google-auth's message): the
    step says the credentials are missing and states no other failure. Below 70: tests check credentials too."""
    setup_error = [
        "_________________________ ERROR at setup of test_agent_card _________________________",
        "",
        "    @pytest.fixture(scope='session')",
        "    def server():",
        ">       pytest.fail('Server failed to start')",
        "E       Failed: Server failed to start",
        "",
        "tests/integration/test_server_e2e.py:61: Failed",
    ]
    log = make_gh_log(
        "tests/integration/test_server_e2e.py EE                                 [100%]",
        "==================================== ERRORS ====================================",
        *setup_error,
        "------------------------------ Captured log setup ------------------------------",
        "ERROR    server:test_server_e2e.py:55 google.auth.exceptions.DefaultCredentialsError: Your default credentials "
        "were not found. To set up Application Default Credentials, see "
        "https://cloud.google.com/docs/authentication/external/set-up-adc for more information.",
        *setup_error,
        "=========================== short test summary info ============================",
        "ERROR tests/integration/test_server_e2e.py::test_agent_card - Failed: Server failed to start",
        "ERROR tests/integration/test_server_e2e.py::test_chat_stream - Failed: Server failed to start",
        "=================== 24 passed, 2 errors in 107.19s (0:01:47) ===================",
        step="Run python -m pytest",
    )
    a = analyze(log)
    assert a.category == "missing_secret"
    assert a.confidence < 70
