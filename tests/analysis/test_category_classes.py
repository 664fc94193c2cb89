"""Category rules for the weak classes of issue #17 (crash, invalid_config): each class on a small log in the
real tool's output format (sources cited per test), with the confidence kept honest (< 70 where the reading
has a defensible alternative)."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.scoring import UNCERTAIN_CAP

from .conftest import make_gh_log

# --- crash: a runtime's uncaught exception ended the job's own program -------------------------------------


def test_node_commonjs_in_es_module_is_a_crash():
    # Node.js 20's report of `require()` in a file package.json's "type": "module" makes an ES module
    # (https://nodejs.org/api/esm.html#no-require-exports-or-moduleexports; format as Node prints it).
    log = make_gh_log(
        "file:///home/runner/work/app/app/scripts/sync.js:3",
        "const fs = require('fs');",
        "           ^",
        "",
        "ReferenceError: require is not defined in ES module scope, you can use import instead",
        "This file is being treated as an ES module because it has a '.js' file extension and "
        "'/home/runner/work/app/app/package.json' contains \"type\": \"module\". To treat it as a CommonJS "
        "script, rename it to use the '.cjs' file extension.",
        "    at file:///home/runner/work/app/app/scripts/sync.js:3:12",
        "    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)",
        "",
        "Node.js v20.20.0",
        step="Run node scripts/sync.js",
    )
    a = analyze(log)
    assert a.category == "crash"
    # Without a recognised tool the knowledge base's reading stays below 70 (package.json's "type" is a
    # defensible alternative); here node's own "Node.js vX" footer makes it the node parser's uncaught
    # exception, which is read with the parser's confidence.
    assert a.tool == "node"
    without_footer = analyze(log.replace("Node.js v20.20.0", ""))
    assert without_footer.category == "crash" and without_footer.confidence < 70


def test_err_require_esm_is_a_crash():
    # https://nodejs.org/api/errors.html#err_require_esm
    log = make_gh_log(
        "/home/runner/work/app/app/bin/cli.js:2",
        "const chalk = require('chalk');",
        "              ^",
        "",
        "Error [ERR_REQUIRE_ESM]: require() of ES Module /home/runner/work/app/app/node_modules/chalk/source/"
        "index.js from /home/runner/work/app/app/bin/cli.js not supported.",
        "    at Object.<anonymous> (/home/runner/work/app/app/bin/cli.js:2:15) {",
        "  code: 'ERR_REQUIRE_ESM'",
        "}",
        "",
        "Node.js v18.19.0",
        step="Run node bin/cli.js --check",
    )
    assert analyze(log).category == "crash"


def test_dart_unhandled_exception_is_a_crash():
    # The Dart VM's report of an uncaught exception (`Unhandled exception:`, the error, `#N` frames),
    # here a build hook whose Process.run Windows refused.
    log = make_gh_log(
        "Unhandled exception:",
        "ProcessException: The filename or extension is too long (at ../../runtime/bin/process_win.cc:577)",
        "  Command: cl /LD /MD hook.c /link /EXPORT:a /EXPORT:b",
        "#0      _ProcessImpl._start (dart:io-patch/process_patch.dart:411:33)",
        "#1      Process.start (dart:io-patch/process_patch.dart:42:20)",
        "#2      main.<anonymous closure> (file:///d:/a/app/app/hook/build.dart:181:27)",
        "<asynchronous suspension>",
        "",
        "  Building assets for package:app failed.",
        "  build.dart returned with exit code: 255.",
        step="Run dart test",
    )
    a = analyze(log)
    assert a.category == "crash"
    assert a.confidence < 70


def test_dotnet_unhandled_exception_is_a_crash():
    # .NET 5+: `Unhandled exception. System.X: message` then `   at ...` frames
    # (https://learn.microsoft.com/dotnet/standard/exceptions/).
    log = make_gh_log(
        "Unhandled exception. System.InvalidOperationException: Sequence contains no elements",
        "   at System.Linq.ThrowHelper.ThrowNoElementsException()",
        "   at Tool.Program.Main(String[] args) in /home/runner/work/app/app/src/Tool/Program.cs:line 14",
        step="Run dotnet run --project src/Tool",
        exit_code=134,
    )
    assert analyze(log).category == "crash"


def test_a_compile_error_below_an_unhandled_exception_is_the_cause():
    # MSVC diagnostics (https://learn.microsoft.com/cpp/error-messages/compiler-errors-1/compiler-error-c2143)
    # printed by a build hook that then died with Dart's `Unhandled exception:`: the code does not compile.
    log = make_gh_log(
        "Unhandled exception:",
        "Bad state: Failed to compile custom extensions (exit 2):",
        "stdout: custom_extensions.c",
        "",
        r"D:\a\app\app\include\lapack.h(132): error C2143: syntax error: missing ')' before '*'",
        r"D:\a\app\app\include\lapack.h(132): error C2373: 'int32_t': redefinition; different type modifiers",
        r"D:\a\app\app\include\lapack.h(924): fatal error C1003: error count exceeds 100; stopping compilation",
        "Error: Running build hooks failed.",
        step="Run dart test",
    )
    assert analyze(log).category == "compile_error"


def test_msvc_linker_error_is_a_compile_error():
    # link.exe: `file.obj : error LNK2019: unresolved external symbol ...`
    # (https://learn.microsoft.com/cpp/error-messages/tool-errors/linker-tools-error-lnk2019)
    log = make_gh_log(
        "main.obj : error LNK2019: unresolved external symbol foo referenced in function main",
        r"D:\a\app\app\build\Release\app.exe : fatal error LNK1120: 1 unresolved externals",
        step="Run cmake --build build --config Release",
    )
    assert analyze(log).category == "compile_error"


# --- invalid_config: a file the tool reads is missing or refused ----------------------------------------------


def test_npm_finds_no_package_json_is_invalid_config():
    # npm 6's ENOENT report (npm ERR! lines) when the workflow runs npm where the checkout has no package.json.
    log = make_gh_log(
        "npm ERR! path /home/runner/work/tool/tool/package.json",
        "npm ERR! code ENOENT",
        "npm ERR! errno -2",
        "npm ERR! syscall open",
        "npm ERR! enoent ENOENT: no such file or directory, open '/home/runner/work/tool/tool/package.json'",
        "npm ERR! enoent This is related to npm not being able to find a file.",
        "npm ERR! enoent ",
        step="Run npm ci",
        exit_code=254,
    )
    a = analyze(log)
    assert a.category == "invalid_config"
    assert a.confidence < 70


def test_npm_enoent_of_another_file_is_not_invalid_config():
    # The same ENOENT shape naming a source file is not about the project's manifest.
    log = make_gh_log(
        "npm error code ENOENT",
        "npm error syscall open",
        "npm error path /home/runner/work/tool/tool/dist/index.js",
        "npm error enoent ENOENT: no such file or directory, open '/home/runner/work/tool/tool/dist/index.js'",
        step="Run npm run start",
        exit_code=254,
    )
    assert analyze(log).category != "invalid_config"


def test_hatchling_refusing_pyproject_metadata_is_invalid_config():
    # pip's report of a build backend that failed in prepare_metadata_for_build_wheel; hatchling's
    # metadata validation message (hatchling/metadata/core.py) for a list under [project.urls].
    log = make_gh_log(
        "Processing ./.",
        "  Preparing metadata (pyproject.toml): started",
        "  Preparing metadata (pyproject.toml): finished with status 'error'",
        "  error: subprocess-exited-with-error",
        "  ",
        "  × Preparing metadata (pyproject.toml) did not run successfully.",
        "  │ exit code: 1",
        "  ╰─> [21 lines of output]",
        "      Traceback (most recent call last):",
        '        File "/tmp/pip-build-env-x/overlay/lib/python3.12/site-packages/hatchling/metadata/core.py", '
        "line 1036, in urls",
        "          raise TypeError(message)",
        "      TypeError: URL `keywords` of field `project.urls` must be a string",
        "      [end of output]",
        "  ",
        "  note: This error originates from a subprocess, and is likely not a problem with pip.",
        "error: metadata-generation-failed",
        "",
        "× Encountered error while generating package metadata.",
        step="Run pip install .[dev]",
    )
    a = analyze(log)
    assert a.category == "invalid_config"
    assert a.confidence < 70


def test_setuptools_invalid_pyproject_is_invalid_config():
    # setuptools' validate-pyproject message (setuptools/config/_validate_pyproject).
    log = make_gh_log(
        "  × Getting requirements to build wheel did not run successfully.",
        "  │ exit code: 1",
        "  ╰─> [3 lines of output]",
        "      configuration error: `project.license` must be valid exactly by one definition (2 matches found):",
        "      ValueError: invalid pyproject.toml config: `project.license`.",
        "      [end of output]",
        "error: subprocess-exited-with-error",
        step="Run python -m pip install -e .",
    )
    assert analyze(log).category == "invalid_config"


def test_json_parse_error_is_input_not_code_syntax():
    # V8's JSON.parse message (Node 20+) for a file that is not JSON (here a Git LFS pointer): the
    # program's input is wrong, the code parsed fine.
    log = make_gh_log(
        "Fatal: SyntaxError: Unexpected token 'v', \"version ht\"... is not valid JSON",
        "    at JSON.parse (<anonymous>)",
        "    at loadRegistry (file:///home/runner/work/app/app/validate.js:46:15)",
        "    at main (file:///home/runner/work/app/app/validate.js:229:22)",
        step="Run node validate.js",
    )
    a = analyze(log)
    assert a.category == "invalid_config"
    assert a.confidence < 70


def test_code_syntax_error_stays_syntax_error():
    # The same runtime's SyntaxError about the script's own source is a syntax error.
    log = make_gh_log(
        "/home/runner/work/app/app/validate.js:12",
        "  const x = {;",
        "             ^",
        "",
        "SyntaxError: Unexpected token ';'",
        "    at internalCompileFunction (node:internal/vm:76:18)",
        "",
        "Node.js v20.11.0",
        step="Run node validate.js",
    )
    assert analyze(log).category == "syntax_error"


# --- not evidence ------------------------------------------------------------------------------------------------


def test_chromium_internal_log_lines_are_not_network_evidence():
    # Electron/Chromium's internal logging in a headless test run (`[pid:MMDD/HHMMSS.us:ERROR:file.cc:N]`):
    # dbus is absent on CI runners, so every run prints these.
    log = make_gh_log(
        "[5642:0213/205959.642277:ERROR:dbus/bus.cc:408] Failed to connect to the bus: Could not parse server "
        'address: Unknown address type (examples of valid types are "tcp" and on UNIX "unix")',
        "[5642:0213/205959.654476:ERROR:dbus/bus.cc:408] Failed to connect to the bus: Could not parse server "
        'address: Unknown address type (examples of valid types are "tcp" and on UNIX "unix")',
        "Extension host test runner error { name: 'Canceled' }",
        "Exit code:   7",
        "Failed to run tests: TestRunFailedError: Test run failed with code 7",
        step="Run xvfb-run -a npm test",
    )
    assert analyze(log).category != "network"


def test_gradle_where_line_does_not_make_the_wrapper_certain():
    # Gradle's failure report (docs.gradle.org, "Troubleshooting builds"): the `* Where:` line and `A problem
    # occurred evaluating script.` only say where; the `> reason` is a bare URL (a failed download), so the
    # invalid_config reading is not certain enough for an automatic fix.
    log = make_gh_log(
        "FAILURE: Build failed with an exception.",
        "",
        "* Where:",
        "Script '/home/runner/work/app/app/gradle/init.gradle' line: 21",
        "",
        "* What went wrong:",
        "A problem occurred evaluating script.",
        "> https://ci.example.org/job/tool/lastSuccessfulBuild/artifact/dist/tool-latest.jar",
        "",
        "* Try:",
        "Run with --stacktrace option to get the stack trace.",
        "",
        "BUILD FAILED in 3s",
        step="Run ./gradlew build",
    )
    assert analyze(log).confidence < 70


def test_missing_napi_platform_binary_is_a_missing_package():
    # A package loading its platform's prebuilt addon by a relative path (the napi-rs convention,
    # `<name>.<platform>-<arch>-<abi>.node`), absent because npm skipped the optional dependency that ships
    # it (npm/cli#4828): Next.js' report of lightningcss failing to load it.
    log = make_gh_log(
        "> Build error occurred",
        "Error: Turbopack build failed with 1 errors:",
        "./src/app/globals.css",
        "Error evaluating Node.js code",
        "Error: Cannot find module '../lightningcss.linux-x64-gnu.node'",
        "Require stack:",
        "- /home/runner/work/app/app/node_modules/lightningcss/node/index.js",
        step="Run npm run build",
    )
    assert analyze(log).category == "missing_dependency"


def test_relative_import_of_own_module_is_still_the_codes_mistake():
    # Node's report for the project's own relative import: not a package to install.
    log = make_gh_log(
        "node:internal/modules/cjs/loader:1228",
        "  throw err;",
        "  ^",
        "",
        "Error: Cannot find module './lib/config'",
        "Require stack:",
        "- /home/runner/work/app/app/index.js",
        step="Run node index.js",
    )
    assert analyze(log).category != "missing_dependency"


MAVEN_STAGING_FAILURE = [
    "[INFO] BUILD FAILURE",
    "[INFO] ------------------------------------------------------------------------",
    "[INFO] Total time:  07:23 min",
    (
        "[ERROR] Failed to execute goal org.sonatype.plugins:nexus-staging-maven-plugin:1.6.8:deploy "
        "(injected-nexus-deploy) on project lib-core: Remote staging failed: Staging rules failure! -> [Help 1]"
    ),
    "[ERROR] ",
    "[ERROR] After correcting the problems, you can resume the build with the command",
    "[ERROR]   mvn <args> -rf :lib-core",
]


def test_jvm_shutdown_exception_after_maven_verdict_is_not_the_cause():
    # A jacoco agent's shutdown hook throwing as the JVM exits, printed after Maven's BUILD FAILURE
    # report (the `Exception in thread "X"` format of the JVM's default uncaught-exception handler).
    log = make_gh_log(
        "[ERROR] Rule failure while trying to close staging repository with ID \"orgexample-1045\".",
        "[ERROR]   Rule \"signature-staging\" failures",
        "[ERROR]     * Missing Signature: '/org/example/lib-core/5.3.0/lib-core-5.3.0.pom.asc' does not exist "
        "for 'lib-core-5.3.0.pom'.",
        *MAVEN_STAGING_FAILURE,
        'Exception in thread "Thread-13" java.lang.NoClassDefFoundError: '
        "org/jacoco/agent/rt/internal_3570298/core/data/ExecutionDataWriter",
        "\tat org.jacoco.agent.rt.internal_3570298.Agent.shutdown(Agent.java:145)",
        step="Run mvn -B clean deploy -Prelease",
    )
    a = analyze(log)
    assert a.category == "invalid_config"  # the release lacks what the staging rules require
    assert a.confidence < 70  # a missing signing key would explain it too


def test_jvm_exception_before_the_verdict_still_reads_as_a_crash():
    # The same uncaught exception ending the build's own JVM before Maven's report stays a crash reading.
    log = make_gh_log(
        'Exception in thread "main" java.lang.IllegalStateException: worker pool closed',
        "\tat org.example.tool.Main.run(Main.java:42)",
        "\tat org.example.tool.Main.main(Main.java:12)",
        step="Run java -jar tool.jar",
    )
    assert analyze(log).category == "crash"


# --- nothing but warnings: the command stopped for a reason it did not print -------------------------------


def test_only_engine_warnings_do_not_name_the_cause():
    # pnpm's engine warning (`[WARN] Unsupported engine: wanted: … (current: …)`) before a script that
    # failed without saying why (its output went to a file).
    log = make_gh_log(
        'packages/app                             | [WARN] Unsupported engine: wanted: {"node":"24"} '
        '(current: {"node":"v26.3.1","pnpm":"11.7.0"})',
        "[ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL] app@1.0.0 size: `size-limit --json > .size-limit.json`",
        "Exit status 1",
        "Error: size-limit validation failed",
        "[ELIFECYCLE] Command failed with exit code 1.",
        step="Run pnpm run verify-artifacts",
    )
    a = analyze(log)
    assert a.category == "unknown"
    assert a.confidence <= 10


def test_compose_pull_warning_does_not_name_the_cause_of_an_unhealthy_service():
    # docker compose: a pull warning for the image it then builds, and the dependency that never became
    # healthy (compose v2's `dependency failed to start: container X is unhealthy`).
    log = make_gh_log(
        " app Warning pull access denied for app, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied",
        " Container ci-app-1  Started",
        " Container ci-app-1  Waiting",
        "dependency failed to start: container ci-app-1 is unhealthy",
        step="Run docker compose -f compose.ci.yml up --exit-code-from tests",
    )
    assert analyze(log).category == "unknown"


def test_an_error_still_decides_next_to_warnings():
    # The same engine warning beside a real error of another category: the error decides.
    log = make_gh_log(
        'packages/app                             | [WARN] Unsupported engine: wanted: {"node":"24"} '
        '(current: {"node":"v26.3.1","pnpm":"11.7.0"})',
        "src/index.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
        "[ELIFECYCLE] Command failed with exit code 2.",
        step="Run pnpm run typecheck",
        exit_code=2,
    )
    assert analyze(log).category == "type_error"


# --- a script's own wait deadline -------------------------------------------------------------------------------


def test_kubectl_wait_deadline_is_a_timeout_below_the_pr_gate():
    # kubectl wait's error when its --timeout passes (client-go's wait.ErrWaitTimeout text): a wait the
    # script set, not the job's time limit, so raising timeout-minutes is not certainly the fix.
    log = make_gh_log(
        "deployment.apps/db condition met",
        "error: timed out waiting for the condition on deployments/web",
        step="Run kubectl wait --for=condition=available deployment --all --timeout=120s",
    )
    a = analyze(log)
    assert a.category == "timeout"
    assert a.confidence < 70


def test_prose_about_json_in_a_test_description_is_not_evidence():
    # An RSpec documentation-format line of a passing example (`rspec --format documentation`) that
    # mentions JSON is not V8's JSON.parse message (which quotes the input: `"abc" is not valid JSON`).
    log = make_gh_log(
        "Validator",
        "  #parse",
        "    when the argument is not valid JSON",
        "      raises an error",
        step="Run make lint-data",
    )
    assert analyze(log).category != "invalid_config"


# --- a linter in a compiler's shape --------------------------------------------------------------------------


def test_clang_tidy_findings_as_errors_are_lint():
    # clang-tidy's diagnostics with WarningsAsErrors (`file:l:c: error: … [check,-warnings-as-errors]`,
    # check names from https://clang.llvm.org/extra/clang-tidy/checks/list.html) and its summary lines.
    log = make_gh_log(
        "src/sketch.h:35:12: error: no header providing \"std::span\" is directly included "
        "[misc-include-cleaner,-warnings-as-errors]",
        "   35 |       std::span<const uint8_t> data);",
        "      |            ^",
        "src/sketch.h:59:3: error: function 'Result' should be marked [[nodiscard]] "
        "[modernize-use-nodiscard,-warnings-as-errors]",
        "Suppressed 91552 warnings (91552 in non-user code).",
        "2 warnings treated as errors",
        step="Run clang-tidy -p build src/sketch.cc",
    )
    assert analyze(log).category == "lint"


def test_compiler_error_with_a_bracketed_flag_stays_a_compile_error():
    # clang's own error naming its warning flag in brackets (`[-Werror,-Wunused-variable]`) is the compiler's.
    log = make_gh_log(
        "src/main.c:12:7: error: unused variable 'x' [-Werror,-Wunused-variable]",
        "   12 |   int x = 1;",
        "      |       ^",
        "1 error generated.",
        "make: *** [Makefile:8: main.o] Error 1",
        step="Run make",
        exit_code=2,
    )
    assert analyze(log).category == "compile_error"


# --- a program's own start-up check for credentials -------------------------------------------------------------


def test_startup_check_naming_a_missing_key_is_missing_secret():
    # A bot's own start-up check (Python logging format) naming the variable the workflow did not pass.
    log = make_gh_log(
        "2026-03-22 18:47:00 [INFO] Post Bot Starting...",
        "2026-03-22 18:47:00 [ERROR] Missing required credentials: MISTRAL_API_KEY",
        "2026-03-22 18:47:00 [ERROR] Set environment variables or create a .env file in the project directory",
        "2026-03-22 18:47:00 [ERROR] Aborting: fix missing credentials and try again.",
        step="Run python bot.py",
    )
    a = analyze(log)
    assert a.category == "missing_secret"
    assert a.confidence < 70  # the program's own words, no tool parser reading them


def test_missing_credentials_prose_without_a_variable_is_not_evidence():
    log = make_gh_log(
        "Skipping upload: missing credentials for the test account",
        "Error: upload step failed",
        step="Run ./scripts/upload.sh",
    )
    assert analyze(log).category != "missing_secret"


# --- a test process that died: SIGKILL/137 is memory, any other death a crash, both below 70 ----------------
# Formats: maven-surefire's ForkStarter ("The forked VM terminated without properly saying goodbye. VM crash or
# System.exit called?", "Process Exit Code: N"), Gradle's test worker ("Process 'Gradle Test Executor N' finished
# with non-zero exit value N"), jest-worker ("Jest worker process (pid=N) was terminated by another process:
# signal=SIGKILL, exitCode=null"), tinypool under vitest ("Error: Worker exited unexpectedly"), pytest-xdist
# ("[gw0] node down: Not properly terminated", "worker 'gw0' crashed while running 'x.py::t'"), CTest's status
# words, @vscode/test-electron ("Failed to run tests: TestRunFailedError: Test run failed with code N").

def _surefire_fork(exit_code: int, *extra: str) -> str:
    return make_gh_log(
        "[INFO] Running com.acme.BigTest",
        *extra,
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on "
        "project app: There are test failures.",
        "[ERROR] ",
        "[ERROR] Please refer to /home/runner/work/app/app/target/surefire-reports for the individual test results.",
        "[ERROR] ExecutionException The forked VM terminated without properly saying goodbye. VM crash or System.exit called?",
        "[ERROR] Command was /bin/sh -c cd /home/runner/work/app/app && java -jar target/surefire/surefirebooter.jar",
        "[ERROR] Error occurred in starting fork, check output in log",
        f"[ERROR] Process Exit Code: {exit_code}",
        step="Run mvn -B verify",
    )


def test_surefire_fork_killed_137_is_out_of_memory_below_70():
    a = analyze(_surefire_fork(137))
    assert a.category == "out_of_memory"
    assert a.confidence < 70


def test_surefire_fork_that_exited_is_a_crash_below_70():
    a = analyze(_surefire_fork(1))
    assert a.category == "crash"
    assert a.confidence < 70


def test_a_died_fork_with_its_reason_printed_is_that_reason():
    a = analyze(_surefire_fork(1, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space"))
    assert a.category == "out_of_memory"


def test_gradle_test_executor_exit_values():
    def log(value: int) -> str:
        return make_gh_log(
            "FAILURE: Build failed with an exception.",
            "",
            "* What went wrong:",
            "Execution failed for task ':app:test'.",
            f"> Process 'Gradle Test Executor 3' finished with non-zero exit value {value}",
            "",
            "BUILD FAILED in 2m 3s",
            step="Run ./gradlew test",
        )

    killed, aborted = analyze(log(137)), analyze(log(134))
    assert (killed.category, aborted.category) == ("out_of_memory", "crash")
    assert killed.confidence < 70 and aborted.confidence < 70


def test_jest_worker_killed_is_out_of_memory_and_segv_a_crash():
    def log(signal: str) -> str:
        return make_gh_log(
            " PASS  src/a.test.ts",
            f"Jest worker process (pid=4242) was terminated by another process: signal={signal}, exitCode=null. "
            "Operating system logs may contain more information on why this occurred.",
            step="Run npx jest --ci",
        )

    assert analyze(log("SIGKILL")).category == "out_of_memory"
    assert analyze(log("SIGSEGV")).category == "crash"


def test_vitest_worker_exited_unexpectedly_is_a_crash():
    a = analyze(make_gh_log(
        " ✓ src/a.test.ts (3 tests) 12ms",
        "⎯⎯⎯⎯⎯⎯ Unhandled Error ⎯⎯⎯⎯⎯⎯⎯",
        "Error: Worker exited unexpectedly",
        " ❯ ChildProcess.<anonymous> node_modules/tinypool/dist/index.js:140:34",
        step="Run npx vitest run",
    ))
    assert a.category == "crash"
    assert a.confidence < 70


def test_pytest_xdist_crashed_worker_names_its_test():
    a = analyze(make_gh_log(
        "[gw0] node down: Not properly terminated",
        "F",
        "replacing crashed worker gw0",
        "=================================== FAILURES ===================================",
        "_______________________________ tests/test_big.py _______________________________",
        "[gw0] linux -- Python 3.12.3 /opt/hostedtoolcache/Python/3.12.3/x64/bin/python",
        "worker 'gw0' crashed while running 'tests/test_big.py::test_matrix'",
        "=========================== short test summary info ============================",
        "FAILED tests/test_big.py::test_matrix",
        "========================= 1 failed, 40 passed in 9.81s =========================",
        step="Run pytest -n auto",
    ))
    assert a.category == "crash"
    assert "tests/test_big.py::test_matrix" in a.specifics["tests"]


def _ctest(status: str) -> str:
    return make_gh_log(
        "    Start 3: ParserTest.Threads",
        f"3/3 Test #3: ParserTest.Threads ...............{status}   0.10 sec",
        "",
        "67% tests passed, 1 tests failed out of 3",
        "",
        "The following tests FAILED:",
        f"\t  3 - ParserTest.Threads ({'SEGFAULT' if 'SegFault' in status else 'Failed'})",
        "Errors while running CTest",
        step="Run ctest --output-on-failure",
        exit_code=8,
    )


def test_ctest_segfault_is_a_crash_and_a_failed_test_a_test_failure():
    crashed, failed = analyze(_ctest("***Exception: SegFault")), analyze(_ctest("***Failed"))
    assert crashed.category == "crash" and crashed.confidence < 70
    assert failed.category == "test_failure" and failed.confidence >= 70


def test_a_test_harness_failing_with_no_failing_test_is_a_crash():
    harness = [
        "Extension host test runner error { name: 'Canceled' }",
        "Exit code:   7",
        "Failed to run tests: TestRunFailedError: Test run failed with code 7",
        "    at ChildProcess.onProcessClosed (/home/runner/work/ext/ext/node_modules/@vscode/test-electron/out/runTest.js:110:24)",
    ]
    alone = analyze(make_gh_log("  ✔ opens a table", *harness, step="Run npm test"))
    assert alone.category == "crash" and alone.confidence < 70
    failing = analyze(make_gh_log(
        "  41 passing (2s)", "  1 failing", "", "  1) Table", "       opens a table:", "     AssertionError: expected 2 to equal 3",
        *harness, step="Run npx mocha"))
    assert failing.category == "test_failure"


# --- the Android SDK lacks what the job asks of it: environment --------------------------------------------
# android/avdmanager ("Error: Target id is not valid. Use 'android list targets' to get the target ids.", "Error:
# Package path is not valid. Valid system image paths are:"), the Android Gradle plugin ("Failed to find target
# with hash string 'android-28'", "Failed to find Build Tools revision 30.0.2", licences not accepted).

def test_android_sdk_target_not_installed_is_environment():
    a = analyze("\n".join([
        "$ echo no | android create avd --force -n test -t $ANDROID_TARGET --abi $ANDROID_ABI",
        "Error: Target id is not valid. Use 'android list targets' to get the target ids.",
        "",
        'The command "echo no | android create avd --force -n test -t $ANDROID_TARGET --abi $ANDROID_ABI" failed '
        "and exited with 1 during .",
        "",
        "Your build has been stopped.",
    ]) + "\n")
    assert a.category == "environment"


def test_android_build_tools_not_installed_is_environment():
    a = analyze(make_gh_log(
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        "Could not determine the dependencies of task ':app:compileDebugJavaWithJavac'.",
        "> Failed to find Build Tools revision 30.0.2",
        step="Run ./gradlew assembleDebug",
    ))
    assert a.category == "environment"


def test_a_died_test_next_to_a_failed_assertion_is_a_test_failure():
    """The runner's summary counts the death only when no test failed otherwise."""
    a = analyze(make_gh_log(
        "[ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.5 s <<< FAILURE! - in com.acme.ParserTest",
        "[ERROR] parsesEmpty(com.acme.ParserTest)  Time elapsed: 0.01 s  <<< FAILURE!",
        "org.opentest4j.AssertionFailedError: expected: <0> but was: <1>",
        "[ERROR] Failures: ",
        "[ERROR]   ParserTest.parsesEmpty:42 expected: <0> but was: <1>",
        "[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0",
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on "
        "project app: There are test failures.",
        "[ERROR] ExecutionException The forked VM terminated without properly saying goodbye. VM crash or System.exit called?",
        step="Run mvn -B verify",
    ))
    assert a.category == "test_failure"


def test_rvm_failing_to_build_the_requested_ruby_is_environment():
    """RVM's own words when it cannot install the job's Ruby (no binary, then a source build that fails)."""
    a = analyze("\n".join([
        "$ rvm use 2.3.8 --install --binary --fuzzy",
        "Searching for binary rubies, this might take some time.",
        "No binary rubies available for: ubuntu/16.04/x86_64/ruby-2.3.8.",
        "Continuing with compilation. Please read 'rvm help mount' to get more information on binary rubies.",
        "Installing Ruby from source to: /home/travis/.rvm/rubies/ruby-2.3.8, this may take a while depending on your cpu(s)...",
        "ruby-2.3.8 - #compiling............",
        "Error running '__rvm_make -j2',",
        "please read /home/travis/.rvm/log/1544000000_ruby-2.3.8/make.log",
        "There has been an error while running make. Halting the installation.",
        'The command "rvm use 2.3.8 --install --binary --fuzzy" failed and exited with 2 during .',
        "",
        "Your build has been stopped.",
    ]) + "\n")
    assert a.category == "environment"


# --- linters the analyzer knows by their default output (each tool's documented format): lint, a parser's reading -

LINTER_OUTPUTS = {
    "pylint main.py models": [
        "************* Module models.flows",
        "models/flows.py:112:0: C0303: Trailing whitespace (trailing-whitespace)",
        "models/flows.py:118:0: C0303: Trailing whitespace (trailing-whitespace)",
        "",
        "------------------------------------------------------------------",
        "Your code has been rated at 9.98/10 (previous run: 10.00/10, -0.02)",
    ],
    "bundle exec rubocop": [
        "Inspecting 12 files",
        "..C.........",
        "",
        "Offenses:",
        "",
        "app/models/user.rb:3:3: C: [Correctable] Style/StringLiterals: Prefer single-quoted strings when you don't "
        "need string interpolation or special symbols.",
        '  "foo"',
        "  ^^^^^",
        "",
        "12 files inspected, 1 offense detected, 1 offense autocorrectable",
    ],
    "hadolint Dockerfile": [
        "Dockerfile:3 DL3008 warning: Pin versions in apt get install. Instead of `apt-get install <package>` use "
        "`apt-get install <package>=<version>`",
        "Dockerfile:7 DL3025 warning: Use arguments JSON notation for CMD and ENTRYPOINT arguments",
    ],
    "yamllint -f parsable .": [
        "./.github/workflows/ci.yml:3:1: [error] wrong indentation: expected 2 but found 0 (indentation)",
        "./config.yml:10:81: [warning] line too long (92 > 80 characters) (line-length)",
    ],
    "npx markdownlint-cli2 '**/*.md'": [
        "markdownlint-cli2 v0.13.0 (markdownlint v0.34.0)",
        "Finding: **/*.md",
        "Linting: 4 file(s)",
        "Summary: 2 error(s)",
        "README.md:12:81 error MD013/line-length Line length [Expected: 80; Actual: 120]",
        "docs/setup.md:3 error MD022/blanks-around-headings Headings should be surrounded by blank lines",
    ],
    "codespell": [
        "./src/parser.py:12: teh ==> the",
        "./docs/index.md:40: recieve ==> receive",
    ],
    "ktlint 'src/**/*.kt'": [
        'src/main/kotlin/App.kt:12:1: Unexpected blank line(s) before "}" (standard:no-blank-line-before-rbrace)',
        "",
        "Summary error count (descending) by rule:",
        "  standard:no-blank-line-before-rbrace: 1",
    ],
    "swiftlint --strict": [
        "Linting Swift files in current working directory",
        "Linting 'App.swift' (1/2)",
        "/Users/runner/work/app/app/Sources/App.swift:12:1: error: Line Length Violation: Line should be 120 "
        "characters or less; currently it has 131 characters (line_length)",
        "Done linting! Found 1 violation, 1 serious in 2 files.",
    ],
}


def test_known_linters_are_read_as_lint_by_their_parsers():
    for command, lines in LINTER_OUTPUTS.items():
        a = analyze(make_gh_log(*lines, step=f"Run {command}"))
        assert a.category == "lint", (command, a.category, a.notes)
        # the parser's own reading, not a pattern's guess (those stay at UNCERTAIN_CAP); whether it reaches the PR
        # gate is the score's calibration (scoring.CONFIDENT_SCORE)
        assert a.confidence > UNCERTAIN_CAP, (command, a.confidence, a.notes)
        assert not any("not on a tool's own reading" in n for n in a.notes), (command, a.notes)


def test_swiftlint_violations_in_an_xcode_build_are_lint():
    """A SwiftLint build phase prints its violations as Xcode diagnostics: the compiler's shape, a linter's finding."""
    a = analyze(make_gh_log(
        "CompileSwift normal arm64 /Users/runner/work/app/app/Sources/App.swift",
        "/Users/runner/work/app/app/Sources/App.swift:12:1: error: Line Length Violation: Line should be 120 "
        "characters or less; currently it has 131 characters (line_length)",
        "** BUILD FAILED **",
        step="Run xcodebuild -scheme App build",
    ))
    assert a.category == "lint"


# --- test runners of more ecosystems (documented default output): failing tests, named -----------------------

def test_xctest_failures_are_failing_tests_not_compile_errors():
    """XCTest prints the assertion as an Xcode diagnostic (`file:line: error: -[Class test] : XCTAssert... failed`):
    the compiler's shape, a failing test."""
    a = analyze(make_gh_log(
        "Test Suite 'All tests' started at 2026-01-05 10:00:00.000.",
        "Test Case '-[AppTests.ParserTests testEmpty]' started.",
        "/Users/runner/work/app/app/Tests/AppTests/ParserTests.swift:12: error: -[AppTests.ParserTests testEmpty] : "
        'XCTAssertEqual failed: ("1") is not equal to ("0")',
        "Test Case '-[AppTests.ParserTests testEmpty]' failed (0.002 seconds).",
        "Test Suite 'All tests' failed at 2026-01-05 10:00:00.100.",
        "\t Executed 12 tests, with 1 failure (0 unexpected) in 0.050 (0.060) seconds",
        step="Run swift test",
    ))
    assert a.category == "test_failure"
    assert a.confidence >= 70
    assert "AppTests.ParserTests.testEmpty" in a.specifics["tests"]


def test_exunit_failures_are_failing_tests():
    a = analyze(make_gh_log(
        "Running ExUnit with seed: 4242, max_cases: 4",
        "",
        "  1) test greets the world (HelloTest)",
        "     test/hello_test.exs:5",
        "     Assertion with == failed",
        "     code:  assert Hello.hello() == :world2",
        "     left:  :world",
        "     right: :world2",
        "     stacktrace:",
        "       test/hello_test.exs:6: (test)",
        "",
        "Finished in 0.03 seconds (0.00s async, 0.03s sync)",
        "1 doctest, 3 tests, 1 failure",
        step="Run mix test",
    ))
    assert a.category == "test_failure"
    assert a.confidence >= 70
    assert "HelloTest.greets the world" in a.specifics["tests"]
