"""General specifics mechanisms (docs/analysis.md, "Key lines, context, specifics"): the build module of a failing
CTest test, the module under test that pytest's captured log names, and file places next to a logger's name.

Formats: CTest (https://cmake.org/cmake/help/latest/manual/ctest.1.html) prints "N/M Test #N: name ....***Failed",
then "The following tests FAILED:" / "\t  N - name (Failed)"; with --output-on-failure or -V it echoes
"N: Test command: <program> <args>" (gtest_discover_tests, https://cmake.org/cmake/help/latest/module/GoogleTest.html,
names each test Suite.Case and runs the test executable with --gtest_filter). pytest's captured log uses the default
log_format "%(levelname)-8s %(name)s:%(filename)s:%(lineno)d %(message)s"
(https://docs.pytest.org/en/stable/how-to/logging.html).
"""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.extract import locations_in

TS = "2026-03-25T03:38:37.0000000Z "


def _step(command: str, output: list[str], code: int = 1) -> bytes:
    lines = [TS + "##[group]Run " + command, TS + "\x1b[36;1m" + command + "\x1b[0m",
             TS + "shell: /usr/bin/bash -e {0}", TS + "##[endgroup]",
             *(TS + o for o in output), TS + f"##[error]Process completed with exit code {code}."]
    return ("\n".join(lines) + "\n").encode()


CTEST_GTEST = [
    "Test project /home/runner/work/csv/csv/build",
    "      Start 93: CSVParserTest.Quoted",
    "93/94 Test #93: CSVParserTest.Quoted .....................   Passed    0.01 sec",
    "      Start 94: CSVParserTest.MultiThreaded",
    "94: Test command: /home/runner/work/csv/csv/build/csv_parsing_test \"--gtest_filter=CSVParserTest.MultiThreaded\"",
    "94: Test timeout computed to be: 1500",
    "94: [ RUN      ] CSVParserTest.MultiThreaded",
    "94/94 Test #94: CSVParserTest.MultiThreaded ..............***Exception: SegFault  0.00 sec",
    "",
    "99% tests passed, 1 tests failed out of 94",
    "",
    "The following tests FAILED:",
    "\t 94 - CSVParserTest.MultiThreaded (SEGFAULT)",
    "Errors while running CTest",
]


def test_a_ctest_failure_names_the_test_program_it_ran_as_the_module():
    a = analyze(_step("ctest --test-dir build --output-on-failure", CTEST_GTEST, code=8))
    assert "CSVParserTest.MultiThreaded" in a.specifics["tests"]
    assert a.specifics["project"] == "csv_parsing_test"


def test_a_ctest_test_without_its_command_is_its_own_program():
    out = ["1/2 Test #1: parser_test ......................***Failed    0.01 sec",
           "2/2 Test #2: lexer_test .......................   Passed    0.01 sec",
           "", "50% tests passed, 1 tests failed out of 2", "", "The following tests FAILED:",
           "\t  1 - parser_test (Failed)", "Errors while running CTest"]
    assert analyze(_step("ctest --test-dir build", out, code=8)).specifics["project"] == "parser_test"


def test_a_gtest_case_name_is_not_a_module():
    out = [line for line in CTEST_GTEST if "Test command:" not in line]
    assert analyze(_step("ctest --test-dir build", out, code=8)).specifics["project"] is None


def test_an_interpreter_that_ran_a_ctest_test_is_not_its_module():
    out = [line.replace("/home/runner/work/csv/csv/build/csv_parsing_test", "/usr/bin/python3") for line in CTEST_GTEST]
    assert analyze(_step("ctest --test-dir build", out, code=8)).specifics["project"] != "python3"


PYTEST_LOGGED = [
    "============================= test session starts ==============================",
    "collected 3 items",
    "",
    "tests/test_finetune.py ..F                                               [100%]",
    "",
    "=================================== FAILURES ===================================",
    "________________________ test_dynamic_fold_checkpoint _________________________",
    "",
    "    def test_dynamic_fold_checkpoint():",
    "        from training.sequential_finetuner import finetune_sequence",
    ">       assert finetune_sequence(cfg) is not None",
    "E       AssertionError: assert None is not None",
    "",
    "tests/test_finetune.py:112: AssertionError",
    "------------------------------ Captured log call -------------------------------",
    "WARNING  urllib3.connectionpool:connectionpool.py:870 Retrying after connection broken",
    "ERROR    training.sequential_finetuner:sequential_finetuner.py:75 finetuning failed: 'tuple' object has no attribute",
    "=========================== short test summary info ============================",
    "FAILED tests/test_finetune.py::test_dynamic_fold_checkpoint - AssertionError: assert None is not None",
    "========================= 1 failed, 2 passed in 1.52s ==========================",
]


def test_pytest_captured_log_names_the_module_under_test():
    a = analyze(_step("pytest -q", PYTEST_LOGGED))
    assert a.category == "test_failure"
    assert a.specifics["project"] == "training.sequential_finetuner"


def test_a_logger_the_step_names_nowhere_else_is_not_the_module():
    out = [line for line in PYTEST_LOGGED if "from training" not in line]
    assert analyze(_step("pytest -q", out)).specifics["project"] != "training.sequential_finetuner"


def test_an_installed_package_that_logs_is_not_the_module_under_test():
    out = [line for line in PYTEST_LOGGED if not line.startswith("ERROR ")]
    out.insert(10, "        import urllib3.connectionpool")
    out.insert(14, "/opt/hostedtoolcache/Python/3.12.3/x64/lib/python3.12/site-packages/urllib3/connectionpool.py:870: in urlopen")
    assert analyze(_step("pytest -q", out)).specifics["project"] != "urllib3.connectionpool"


def test_a_logger_name_before_its_file_is_not_a_drive_letter():
    places = locations_in(["ERROR    training.sequential_finetuner:sequential_finetuner.py:75 boom",
                           "D:\\a\\app\\app\\src\\main.py:12: error: bad"])
    assert places[0]["file"] == "sequential_finetuner.py" and places[0]["line"] == 75
    assert places[1]["file"] == "src/main.py"
