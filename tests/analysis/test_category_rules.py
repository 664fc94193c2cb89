"""General rules of the category decision (issue #17): each on small logs in the real tools' formats."""

from __future__ import annotations

from autoheal.analysis import analyze

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
