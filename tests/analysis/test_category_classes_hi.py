"""Category and calibration rules for the mistake classes corpus parts H and I showed (issue #17): each class on a
small log in the real program's output format (sources cited per test). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.scoring import UNCERTAIN_CAP
from autoheal.analysis.errorwords import read_line

from .conftest import make_gh_log

# --- a database server refusing the job's login ----------------------------------------------------------------


def test_postgres_password_authentication_failed_is_permission_denied():
    # PostgreSQL's server message (src/backend/libpq/auth.c: `password authentication failed for user "%s"`), as
    # node-postgres relays it from a deploy check, with pg-protocol's stack under it
    a = analyze(make_gh_log(
        "Testing DB connectivity using DATABASE_URL...",
        'DB FAIL error: password authentication failed for user "deploy"',
        "    at Parser.parseErrorMessage (/srv/app/node_modules/pg-protocol/dist/parser.js:285:98)",
        "    at Parser.handlePacket (/srv/app/node_modules/pg-protocol/dist/parser.js:122:29)",
        step="Run ssh deploy@staging ./check-db.sh", exit_code=3))
    assert a.category == "permission_denied"
    assert a.key_lines[0].text.endswith('password authentication failed for user "deploy"')
    # a pattern with no parser of the failing command: never at the PR gate (a stale secret reads the same)
    assert a.confidence < 70


def test_sql_server_login_failed_is_permission_denied():
    # SQL Server's error 18456 as sqlcmd prints it (https://learn.microsoft.com/sql/relational-databases/errors-events/mssqlserver-18456-database-engine-error)
    a = analyze(make_gh_log(
        "Sqlcmd: Error: Microsoft ODBC Driver 18 for SQL Server : Login failed for user 'sa'..",
        step="Run sqlcmd -S localhost -U sa -P \"$SA_PASSWORD\" -i schema.sql"))
    assert a.category == "permission_denied"


def test_the_words_fallback_reads_a_refused_database_login():
    assert read_line('FATAL:  password authentication failed for user "app"') == "permission_denied"
    assert read_line("Login failed for user 'sa'. Reason: Password did not match") == "permission_denied"


def test_refused_database_logins_printed_by_failing_tests_stay_test_failures():
    # asyncpg's InvalidPasswordError in fixtures of integration tests, next to failing assertions: the tests failed
    a = analyze(make_gh_log(
        "tests/test_db.py::test_store FAILED [ 50%]",
        "tests/test_api.py::test_hello FAILED [100%]",
        "=================================== FAILURES ===================================",
        "E   asyncpg.exceptions.InvalidPasswordError: password authentication failed for user \"rae\"",
        "E   AssertionError: assert 500 == 200",
        "=========================== short test summary info ============================",
        "FAILED tests/test_db.py::test_store - asyncpg.exceptions.InvalidPasswordError: password authentication failed for user \"rae\"",
        "FAILED tests/test_api.py::test_hello - AssertionError: assert 500 == 200",
        "========================= 2 failed, 10 passed in 3.20s =========================",
        step="Run pytest -q"))
    assert a.category == "test_failure"


# --- a coverage gate run by the test runner: the runner's parser reads it --------------------------------------


def _pytest_cov_log(*summary: str) -> str:
    # pytest-cov with --cov-fail-under (https://pytest-cov.readthedocs.io/en/latest/config.html): coverage.py's
    # report check, then pytest-cov's own verdict line, after a test run that passed
    return make_gh_log(
        "............................................................ [100%]",
        "---------- coverage: platform linux, python 3.12.3-final-0 -----------",
        "Name                  Stmts   Miss  Cover",
        "-----------------------------------------",
        "cns_py/cql/executor.py   210     51    76%",
        "-----------------------------------------",
        "TOTAL                   1450    349    76%",
        *summary,
        "============================= 60 passed in 12.31s ==============================",
        step="Run python -m pytest -q --cov=cns_py --cov-fail-under=85")


def test_pytest_cov_fail_under_is_a_parser_reading_of_coverage():
    a = analyze(_pytest_cov_log(
        "ERROR: Coverage failure: total of 76 is less than fail-under=85",
        "FAIL Required test coverage of 85% not reached. Total coverage: 75.98%"))
    assert a.category == "coverage"
    assert a.tool == "pytest"
    # the runner's own parser read the gate: such an answer may reach the PR gate
    assert a.confidence >= 70
    assert "Coverage failure" in a.key_lines[0].text or "Required test coverage" in a.key_lines[0].text


def test_coverage_py_failure_line_alone_is_read_by_the_pytest_parser():
    a = analyze(_pytest_cov_log("Coverage failure: total of 76 is less than fail-under=85"))
    assert a.category == "coverage"
    assert a.confidence >= 70


def test_jest_coverage_threshold_is_a_parser_reading_of_coverage():
    # jest's coverageThreshold (https://jestjs.io/docs/configuration#coveragethreshold-object)
    a = analyze(make_gh_log(
        "PASS src/sum.test.js",
        "Test Suites: 4 passed, 4 total",
        "Tests:       31 passed, 31 total",
        'Jest: "global" coverage threshold for lines (80%) not met: 72.5%',
        'Jest: "global" coverage threshold for branches (80%) not met: 61.11%',
        step="Run npx jest --coverage"))
    assert a.category == "coverage"
    assert a.tool == "jest"
    assert a.confidence >= 70


def test_failing_tests_still_lead_over_the_coverage_gate_they_also_miss():
    a = analyze(make_gh_log(
        "=========================== short test summary info ============================",
        "FAILED tests/test_x.py::test_one - AssertionError: assert 1 == 2",
        "FAIL Required test coverage of 90% not reached. Total coverage: 88.10%",
        "==================== 1 failed, 59 passed in 12.31s =====================",
        step="Run pytest --cov=app --cov-fail-under=90"))
    assert a.category == "test_failure"


# --- a linter's finding states a rule about the code, not the job's failure ---------------------------------------


def _ruff_full(n: int) -> list[str]:
    # ruff check's default full output format (https://docs.astral.sh/ruff/settings/#output-format): the finding,
    # then the source excerpt with a gutter; flake8-executable's EXE001 rule message
    out = []
    for i in range(n):
        out += [f"scripts/tool_{i}.py:1:1: EXE001 Shebang is present but file is not executable",
                "  |", "1 | #!/usr/bin/env python3", "  | ^^^^^^^^^^^^^^^^^^^^^^ EXE001", ""]
    return out + [f"Found {n} errors."]


def test_a_linter_rule_message_does_not_vote_for_another_cause():
    a = analyze(make_gh_log(*_ruff_full(3), step="Run ruff check ."))
    assert a.category == "lint"
    assert "permission_denied" not in {s["category"] for s in a.to_dict()["scores"]}
    assert a.confidence > UNCERTAIN_CAP  # ruff's own reading, not a pattern's guess


def test_findings_past_the_parser_cap_do_not_vote_for_another_cause_either():
    a = analyze(make_gh_log(*_ruff_full(230), step="Run ruff check ."))
    assert a.category == "lint"
    assert "permission_denied" not in {s["category"] for s in a.to_dict()["scores"]}
    assert a.confidence > UNCERTAIN_CAP  # ruff's own reading, not a pattern's guess


# --- a 401 the tests got back is the application's answer, not credentials the job lacks --------------------------


def test_a_401_in_failing_tests_output_casts_no_credentials_doubt():
    a = analyze(make_gh_log(
        "tests/api/test_governance.py::test_overview FAILED [ 50%]",
        "=================================== FAILURES ===================================",
        "________________________________ test_overview ________________________________",
        "    def test_overview(client):",
        '        r = client.get("/v1/governance/overview")',
        ">       assert r.status_code == 200",
        "E       assert 401 == 200",
        "tests/api/test_governance.py:12: AssertionError",
        "----------------------------- Captured stdout call -----------------------------",
        'llm error: error_message="API call failed: 401 Unauthorized"',
        "=========================== short test summary info ============================",
        "FAILED tests/api/test_governance.py::test_overview - assert 401 == 200",
        "========================= 1 failed, 20 passed in 3.20s =========================",
        step="Run pytest -q"))
    assert a.category == "test_failure"
    assert not any("missing secret" in n for n in a.notes)
    assert a.confidence >= 70


# --- a traceback's quoted source line names what the code can raise, not what happened ------------------------------


def test_a_quoted_raise_in_a_traceback_does_not_vote():
    a = analyze(make_gh_log(
        "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/scripts/sync.py", line 41, in <module>',
        "    main()",
        '  File "/home/runner/work/app/app/scripts/sync.py", line 33, in main',
        '    raise ReadTimeoutError(self, url, "Read timed out.")',
        '  File "/home/runner/work/app/app/scripts/sync.py", line 30, in main',
        "    rows = parse(payload)",
        "sync.RowsRejected: 3 rows rejected",
        step="Run python scripts/sync.py"))
    assert a.category != "network"


def test_pip_does_not_read_a_quoted_raise_as_the_network_failure():
    # a step that installs with pip, then runs a program whose traceback goes through urllib3 (its frames quote
    # `raise ReadTimeoutError(` above the exception that was raised)
    a = analyze(make_gh_log(
        "Successfully installed transformers-4.42.3",
        "Traceback (most recent call last):",
        '  File "/opt/conda/lib/python3.10/site-packages/urllib3/connectionpool.py", line 358, in _raise_timeout',
        "    raise ReadTimeoutError(",
        "urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='huggingface.co', port=443): Read timed out.",
        step="Run pip install -r requirements.txt && python bench.py"))
    assert a.category == "network"
    assert a.key_lines[0].text.startswith("urllib3.exceptions.ReadTimeoutError")


# --- a logger's debug dump quotes the error it handles -----------------------------------------------------------


def test_a_debug_line_quoting_the_error_does_not_lead_the_line_that_reports_it():
    # Gradle's client prints the daemon log's tail when the daemon dies ("Gradle build daemon disappeared
    # unexpectedly"); its DEBUG lines dump the failure objects they dispatch
    a = analyze(make_gh_log(
        "> Task :app:mergeReleaseResources",
        "----- Last  20 lines from daemon log file - daemon-2913.out.log -----",
        "java.lang.OutOfMemoryError: Metaspace",
        "2026-08-07T15:40:13.391+0000 [DEBUG] [org.gradle.launcher.daemon.server.exec.ExecuteBuild] The daemon has finished executing the build.",
        "2026-08-07T15:40:13.392+0000 [DEBUG] [org.gradle.launcher.daemon.server.SynchronizedDispatchConnection] thread 19: "
        "dispatching Failure[value=java.lang.OutOfMemoryError: Metaspace]",
        "----- End of the daemon log -----",
        "",
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        "Gradle build daemon disappeared unexpectedly (it may have been killed or may have crashed)",
        step="Run cd android && ./gradlew assembleRelease"))
    assert a.category == "out_of_memory"
    assert a.key_lines[0].text == "java.lang.OutOfMemoryError: Metaspace"


# --- an HTTP 429 said the way Rust's HTTP clients print it --------------------------------------------------------


def test_http_status_429_in_a_bundler_error_is_rate_limited():
    # tauri-cli's bundler downloading linuxdeploy (its error wraps the HTTP client's "http status: 429")
    a = analyze(make_gh_log(
        "    Finished `release` profile [optimized] target(s) in 4m 02s",
        "       Built application at: /home/runner/work/monti/monti/src-tauri/target/release/monti",
        "    Bundling monti_0.9.0_amd64.AppImage",
        " Downloading https://raw.githubusercontent.com/tauri-apps/linuxdeploy-plugin-gtk/master/linuxdeploy-plugin-gtk.sh",
        "failed to bundle project: `http status: 429`",
        "       Error failed to bundle project: `http status: 429`",
        step="Run npm run tauri build"))
    assert a.category == "rate_limited"
    # read by the knowledge base, not only guessed from the words of the last error line (capped at 45)
    assert a.confidence > 45
