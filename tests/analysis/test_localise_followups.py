"""Localisation follow-ups (docs/analysis.md, "Localisation on unseen logs": the part H-J misses by mechanism).

Formats: pytest's `-v` progress (`path::test FAILED  [ n%]`), its `FAILURES` section and its `short test summary
info` (`FAILED path::test - Exc: msg`, https://docs.pytest.org/en/stable/how-to/output.html); GitHub's job log
(`##[group]Run`, the script in cyan, `shell:`) and the same step copied from the web page (`Run <command>`, the
output, `Error: Process completed with exit code N.`); bash's `set -x` trace (`+ cmd`, PS4's default `+ `, bash(1)
"xtrace"; `++ ` for a command substitution).
"""

from __future__ import annotations

from autoheal.analysis import analyze

TS = "2026-03-25T03:38:37.0000000Z "


def _step(script: list[str], output: list[str], code: int = 1) -> bytes:
    lines = [TS + "##[group]Run " + script[0],
             *(TS + "\x1b[36;1m" + s + "\x1b[0m" for s in script),
             TS + "shell: /usr/bin/bash -e {0}",
             TS + "##[endgroup]",
             *(TS + o for o in output),
             TS + f"##[error]Process completed with exit code {code}."]
    return ("\n".join(lines) + "\n").encode()


# ---- 1. a runner's closing summary survives the parser's cap on findings -------------------------------------

def _pytest_run(failing: int) -> list[str]:
    out = ["============================= test session starts ==============================",
           "platform linux -- Python 3.12.3, pytest-8.3.3, pluggy-1.5.0", f"collected {failing} items", ""]
    out += [f"tests/test_api.py::test_case_{k} FAILED{' ' * 30}[{100 * (k + 1) // failing:3d}%]" for k in range(failing)]
    out += ["", "=================================== FAILURES ==================================="]
    for k in range(failing):
        out += [f"_________________________________ test_case_{k} _________________________________", "",
                f"    def test_case_{k}():", ">       assert client.get('/v1').status_code == 200",
                "E       assert 401 == 200", "", f"tests/test_api.py:{10 + 3 * k}: AssertionError"]
    out += ["=========================== short test summary info ============================"]
    out += [f"FAILED tests/test_api.py::test_case_{k} - assert 401 == 200" for k in range(failing)]
    out += [f"============================== {failing} failed in 4.20s =============================="]
    return out


def test_a_long_pytest_run_keeps_its_short_test_summary_among_the_first_key_lines():
    out = _pytest_run(120)  # 480 tool findings: far past the parser's cap of 200
    a = analyze(_step(["python -m pytest -v"], out))
    # the summary's lines state each failure with its reason: the first failure's leads the progress lines
    top5 = [k.text for k in a.key_lines[:5]]
    assert "FAILED tests/test_api.py::test_case_0 - assert 401 == 200" in top5, top5


def test_a_test_named_by_progress_and_summary_is_reported_by_the_summary():
    a = analyze(_step(["python -m pytest -v"], _pytest_run(3)))
    top5 = [k.text for k in a.key_lines[:5]]
    assert not any(t.endswith("%]") for t in top5), top5  # the progress lines only said that the tests failed
    assert "FAILED tests/test_api.py::test_case_0 - assert 401 == 200" in top5[:3], top5


def test_the_parser_reads_the_summary_past_its_cap():
    from autoheal.analysis.tools import MAX_FINDINGS, read_step
    out = _pytest_run(120)
    report = read_step("python -m pytest -v", list(enumerate(out, 1)))
    read = {f.text for f in report.findings}
    assert len(report.findings) <= MAX_FINDINGS
    assert "FAILED tests/test_api.py::test_case_0 - assert 401 == 200" in read
    assert out[-1] in read  # the count
    assert "E       assert 401 == 200" in read  # and the first details


def test_a_short_pytest_run_is_read_whole():
    out = _pytest_run(3)
    a = analyze(_step(["python -m pytest -v"], out))
    assert a.specifics["tests"][:3] == [f"tests/test_api.py::test_case_{k}" for k in range(3)]


# ---- 2. a web-page copy of one step whose header has no `shell:` line -----------------------------------------

WEB_OUTPUT = [
    "============================= test session starts ==============================",
    "collected 12 items", "",
    "FAILED tests/test_files.py::test_should_skip - assert False",
    "========================= 1 failed, 11 passed in 0.42s =========================",
]


def test_a_web_copy_that_starts_at_the_step_header_names_its_command():
    log = "\n".join(["Run python -m pytest -r fE -x", *WEB_OUTPUT, "Error: Process completed with exit code 1."])
    a = analyze(log + "\n")
    assert a.specifics["command"] == "python -m pytest -r fE -x"
    assert a.specifics["exit_code"] == 1


def test_output_that_reads_run_below_the_first_line_is_not_a_step_header():
    log = "\n".join(["collecting ...", "Run the migrations first", *WEB_OUTPUT,
                     "Error: Process completed with exit code 1."])
    a = analyze(log + "\n")
    assert a.specifics["command"] != "the migrations first"


# ---- 3. the command a `set -x` trace shows running inside a wrapper ---------------------------------------------

TRACED = [
    "+ set -ex",
    "+ TEST_DIR=/var/lib/jenkins/workspace/test",
    "+ mkdir -p /var/lib/jenkins/workspace/test",
    "+ [[ inductor == *perf* ]]",
    "+ python benchmarks/run.py --ci --accuracy",
    "Traceback (most recent call last):",
    '  File "/opt/conda/lib/python3.10/site-packages/urllib3/connectionpool.py", line 467, in _make_request',
    "    self._validate_conn(conn)",
    "urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='huggingface.co', port=443): Read timed out. "
    "(read timeout=10)",
    "+ cleanup_workspace",
    "+ sudo chown -R 1000 /var/lib/jenkins/workspace",
]


def test_a_traced_command_inside_docker_exec_is_the_failing_command():
    a = analyze(_step(["set -x", 'docker exec -t "${container_name}" sh -c ".ci/test.sh"'], TRACED))
    assert a.specifics["command"] == "python benchmarks/run.py --ci --accuracy"


def test_a_traced_command_inside_bash_c_is_the_failing_command():
    a = analyze(_step(["bash -c '.ci/test.sh'"], TRACED))
    assert a.specifics["command"] == "python benchmarks/run.py --ci --accuracy"


def test_a_script_line_that_runs_the_tool_itself_stays_the_command():
    a = analyze(_step(["python benchmarks/run.py --ci --accuracy --all"], TRACED))
    assert a.specifics["command"] == "python benchmarks/run.py --ci --accuracy --all"


def test_a_trace_after_the_error_is_not_the_failing_command():
    # the last trace before the error is a test: the command that ran was not traced; the clean-up after it is not it
    out = [t for t in TRACED if not t.startswith("+ python")]
    a = analyze(_step(['docker exec -t "${container_name}" sh -c ".ci/test.sh"'], out))
    assert a.specifics["command"] == 'docker exec -t "${container_name}" sh -c ".ci/test.sh"'


# ---- 4. the checkout bind-mounted into a container ---------------------------------------------------------------

MOUNTED = [
    "container_name=$(docker run \\",
    '  -v "${GITHUB_WORKSPACE}:/var/lib/jenkins/workspace" \\',
    "  -w /var/lib/jenkins/workspace \\",
    '  --detach "${DOCKER_IMAGE}")',
    'docker exec -t "${container_name}" sh -c ".ci/test.sh"',
]
RAISED = [
    "+ python benchmarks/dynamo/run.py --ci",
    "Traceback (most recent call last):",
    '  File "/var/lib/jenkins/workspace/benchmarks/dynamo/run.py", line 404, in <module>',
    "    main()",
    "OSError: We couldn't connect to 'https://huggingface.co' to load this file",
]


def test_a_place_under_the_checkouts_mount_point_is_in_the_repository():
    a = analyze(_step(MOUNTED, RAISED))
    assert {"file": "benchmarks/dynamo/run.py", "line": 404, "in_repo": True} in a.specifics["locations"]


def test_other_mount_forms_name_the_checkout():
    from autoheal.analysis.extract import checkout_mounts, checkout_relative
    mounts = checkout_mounts(["docker run --rm --volume=$(pwd):/src:ro img make",
                              "docker run -v ${{ github.workspace }}:/work -v /tmp/cache:/cache img"])
    assert mounts == ("/src", "/work")
    assert checkout_relative("/work/pkg/a.py", mounts) == ("pkg/a.py", True)
    assert checkout_relative("/cache/pkg/a.py", mounts)[0] == "/cache/pkg/a.py"  # not the checkout's mount


# ---- a `set -x` trace three levels deep is not a diff's `+++ file` header ------------------------------------------

def test_a_deep_set_x_trace_is_not_a_file_that_differs():
    out = ["+ trap_add cleanup EXIT", "++ eval 'extract_trap_cmd '", "+++ extract_trap_cmd", "+++ printf '%s\\n' ''",
           "+ python run.py", "ERROR: the run failed"]
    a = analyze(_step(["bash -x .ci/test.sh"], out))
    assert not any(loc["file"] == "extract_trap_cmd" for loc in a.specifics["locations"])


def test_a_unified_diffs_new_file_header_still_names_the_file():
    out = ["diff --git a/src/app.py b/src/app.py", "index 1c2d..3e4f 100644", "--- a/src/app.py",
           "+++ b/src/app.py", "@@ -1,3 +1,3 @@", "-x=1", "+x = 1"]
    a = analyze(_step(["black --diff --check ."], out + ["would reformat src/app.py", "Oh no! 1 file would be reformatted."]))
    assert any(loc["file"] == "src/app.py" for loc in a.specifics["locations"])


# ---- 5. a logger's `name:` before a place is not a drive letter, in every place form -----------------------------

def test_a_loggers_name_before_a_place_is_not_a_drive_in_any_form():
    from autoheal.analysis.extract import locations_in
    found = locations_in([
        "WARNING  root:Program.cs(12,5): warning CS0168: The variable 'e' is declared but never used",  # MSBuild form
        "INFO     build:lib/main.dart:[3,4]: Error: Undefined name 'x'.",  # file:[line,col]
        r"D:\a\app\app\src\Program.cs(7,1): error CS0103: The name 'x' does not exist",  # a drive before a separator
    ])
    assert [loc["file"] for loc in found] == ["Program.cs", "lib/main.dart", "src/Program.cs"]


# ---- 6. kotlinc's unplaced `e: ` errors (KSP's processor errors) lead Gradle's wrapper and stack trace ------------

KSP_FAILED = [
    "> Task :app:kspDebugKotlin",
    "e: [ksp] [Hilt] /home/runner/work/app/app/app/build/generated/ksp/debug/java/hilt_aggregated_deps/"
    "_com_example_EntryPoint.java: kotlin.io.FileAlreadyExistsException: the file already exists.",
    "> Task :app:kspDebugKotlin FAILED",
    "e: Error occurred in KSP, check log for detail",
    "",
    "FAILURE: Build failed with an exception.",
    "",
    "* What went wrong:",
    "Execution failed for task ':app:kspDebugKotlin'.",
    "> A failure occurred while executing org.jetbrains.kotlin.compilerRunner.GradleCompilerRunnerWithWorkers$"
    "GradleKotlinCompilerWorkAction",
    "   > Compilation error. See log for more details",
    "",
    "* Exception is:",
    "org.gradle.api.tasks.TaskExecutionException: Execution failed for task ':app:kspDebugKotlin'.",
    "\tat org.gradle.api.internal.tasks.execution.ExecuteActionsTaskExecuter.execute(ExecuteActionsTaskExecuter.java:38)",
    "Caused by: org.gradle.workers.internal.DefaultWorkerExecutor$WorkExecutionException: A failure occurred while "
    "executing org.jetbrains.kotlin.compilerRunner.GradleCompilerRunnerWithWorkers$GradleKotlinCompilerWorkAction",
    "\tat org.gradle.workers.internal.DefaultWorkerExecutor$WorkItemExecution.waitForCompletion(DefaultWorkerExecutor.java:287)",
    "Caused by: org.jetbrains.kotlin.gradle.tasks.CompilationErrorException: Compilation error. See log for more details",
    "\tat org.jetbrains.kotlin.gradle.tasks.TasksUtilsKt.throwExceptionIfCompilationFailed(tasksUtils.kt:22)",
    "",
    "BUILD FAILED in 1m 2s",
]


def test_kotlincs_unplaced_error_leads_the_key_lines_of_a_failed_ksp_task():
    a = analyze(_step(["./gradlew assembleDebug --stacktrace"], KSP_FAILED))
    assert a.key_lines[0].text.startswith("e: [ksp] [Hilt] "), [k.text for k in a.key_lines[:5]]
    assert a.category == "compile_error"
