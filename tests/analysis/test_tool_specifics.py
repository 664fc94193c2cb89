"""The tool parsers' specifics: failing test ids, the first error's place, the module.

Real output: tests/data/toollogs (scripts/make-tool-logs.py ran the tools here). Where a
tool could not be run here, its documented format is quoted with its source.
"""

from __future__ import annotations

from pathlib import Path

from autoheal.analysis import analyze
from autoheal.analysis.tools import read_step

from .tool_reading import TOOLLOGS, numbered
from .tool_reading import report_of_toollog as _report


def _read(command: str, text: str):
    return read_step(command, numbered(text))


def test_pytest_collection_errors_name_the_module_or_directory():
    # real pytest 8: "ERROR tests/settings - KeyError: 'vizro_ai'", "ERROR tests/test_limits.py - ZeroDivisionError"
    _, report = _report("pytest-collection-errors")
    assert report.tool == "pytest"
    assert report.tests[:2] == ["tests/settings", "tests/test_limits.py"]


def test_pytest_run_cut_by_a_crash_names_the_running_test():
    # pytest -v prints the test id, then faulthandler's report on the same line when the interpreter dies
    # (https://docs.python.org/3/library/faulthandler.html: "Fatal Python error: Segmentation fault")
    report = _read("python -m pytest -v", "spyder/app/tests/test_mainwindow.py::test_varexp_rename Fatal Python error: Segmentation fault\n"
                   "\nCurrent thread 0x00007f (most recent call first):\n"
                   '  File "/home/runner/work/spyder/spyder/spyder/app/tests/test_mainwindow.py", line 3375 in test_varexp_rename\n')
    assert report.tests == ["spyder/app/tests/test_mainwindow.py::test_varexp_rename"]
    assert report.categories().get("crash", 0) >= 0.85
    assert "test_failure" not in report.categories()


def test_unittest_ids_of_python_311_are_not_doubled():
    # real Python 3.11 unittest: "FAIL: test_split_words (test_tokenizer.TokenizerTest.test_split_words)"
    _, report = _report("unittest-gitlab")
    assert report.tests == ["test_tokenizer.TokenizerTest.test_split_words"]
    # Python <= 3.10: "FAIL: test_split (test_m.TokenizerTest)"
    assert _read("python -m unittest", "FAIL: test_split (test_m.TokenizerTest)\n").tests == ["test_m.TokenizerTest.test_split"]


def test_nose_function_tests_are_named_by_their_dotted_path():
    # nose's FunctionTestCase.__str__ is "module.function" (nose/case.py), printed as "FAIL: <str>" by unittest's runner
    report = _read("nosetests -s test", "FAIL: test.rosdep_duplicates_test.test_rosdep_duplicates\n"
                   "----------------------------------------------------------------------\n"
                   "Traceback (most recent call last):\nAssertionError: duplicate\n\n"
                   "Ran 12 tests in 3.1s\n\nFAILED (SKIP=1, failures=1)\n")
    assert report.tests == ["test.rosdep_duplicates_test.test_rosdep_duplicates"]


def test_ctest_names_every_failing_test():
    # real ctest 3.25 (Travis layout): "2/3 Test #2: X ....Subprocess aborted***Exception", "The following tests FAILED:"
    scope, report = _report("ctest-travis")
    assert scope.system == "travis"
    assert report.tool == "ctest"
    assert report.tests == ["ParserTest.Parse8Threads", "ParserTest.EmptyInput"]
    assert report.categories().get("test_failure", 0) >= 0.9


def test_jest_names_the_failing_suite_file():
    # real jest: "FAIL ./sum.test.js" then "● sum › adds negatives"
    _, report = _report("jest-failing")
    assert "./sum.test.js" in report.tests
    assert any("adds negatives" in t for t in report.tests)


def test_vitest_stack_frames_of_the_code_give_the_place_not_node_modules():
    # real vitest 3: " ❯ slug.test.mjs:5:41"
    _, report = _report("vitest-failing")
    assert {"file": "slug.test.mjs", "line": 5, "col": 41} in report.locations
    # frames inside node_modules are the library's, not the project's
    report = _read("npx vitest run", " FAIL  src/a.test.ts > a > b\nError: boom\n"
                   " ❯ node_modules/@smithy/core/dist-cjs/index.js:85:17\n ❯ loadConfig src/index.ts:253:11\n")
    assert [(loc["file"], loc["line"]) for loc in report.locations] == [("src/index.ts", 253)]


def test_eslint_stylish_problems_get_the_file_named_above_them():
    # real eslint 9 stylish output: "/abs/path/src/add.js" then "  1:7  error  'unused' is assigned ...  no-unused-vars"
    _, report = _report("eslint-stylish")
    assert report.locations and report.locations[0]["file"].endswith("src/add.js")
    assert report.first_error is not None and report.first_error.groups["file"].endswith("src/add.js")
    # pnpm -r prefixes each line of a workspace package's output with "<package> <script>: "
    # (https://pnpm.io/cli/recursive; the same form as `pnpm -r run lint`)
    report = _read("pnpm lint:all", "packages/ui lint: /home/runner/work/t/t/packages/ui/src/theme.ts\n"
                   "packages/ui lint:   12:16  warning  Unexpected any  @typescript-eslint/no-explicit-any\n"
                   "packages/mcp lint: /home/runner/work/t/t/packages/mcp/src/login.ts\n"
                   "packages/mcp lint:   102:9  error  'timeout' is never reassigned. Use 'const' instead  prefer-const\n"
                   "packages/mcp lint: ✖ 1 problem (1 error, 0 warnings)\n")
    assert report.tool == "eslint"
    assert report.locations[0] == {"file": "/home/runner/work/t/t/packages/mcp/src/login.ts", "line": 102, "col": 9}
    # file-system routes name folders [param], (group), [...slug] (https://nextjs.org/docs/app/building-your-application/routing)
    report = _read("npm run lint", "/home/runner/work/g/g/src/app/[group]/(main)/[...slug]/page.tsx\n"
                   "  42:5  error  A `require()` style import is forbidden  @typescript-eslint/no-require-imports\n\n"
                   "✖ 1 problem (1 error, 0 warnings)\n")
    assert report.locations[0] == {"file": "/home/runner/work/g/g/src/app/[group]/(main)/[...slug]/page.tsx", "line": 42, "col": 5}


def test_tool_output_shown_through_a_windows_console_code_page_is_read():
    # A log saved from a Windows console shows UTF-8 symbols in its OEM code page: eslint's summary "✖ N problems"
    # becomes "Ô£û" (cp850) or "Γ£û" (cp437); the same bytes, so the same tool and the same findings.
    stylish = "/w/src/app.ts\n  3:7  error  'x' is assigned a value but never used  no-unused-vars\n\n✖ 1 problem (1 error, 0 warnings)\n"
    for page in ("cp850", "cp437"):
        shown = stylish.encode("utf-8").decode(page)
        assert "✖" not in shown
        report = _read("npm run lint", shown)
        assert report.tool == "eslint", page
        assert report.locations[0] == {"file": "/w/src/app.ts", "line": 3, "col": 7}
    # text that is not mojibake is left alone
    report = _read("npm run lint", "/w/src/café.ts\n  3:7  error  'é' is never used  no-unused-vars\n\n✖ 1 problem (1 error, 0 warnings)\n")
    assert report.locations[0]["file"] == "/w/src/café.ts"


def test_npm_eresolve_names_the_package_in_conflict():
    # real npm 10: "npm error While resolving: app@1.0.0" (the root project), "npm error Found: react@17.0.2"
    _, report = _report("npm-eresolve-gh-cli")
    assert report.modules[:1] == ["react"]
    assert "app" not in report.modules
    assert report.categories().get("dependency_conflict", 0) >= 0.9


def test_pnpm_404_names_the_scoped_package():
    # pnpm's fetch errors: "ERR_PNPM_FETCH_404  GET <url>: Not Found - 404" (https://pnpm.io/errors), the scope's
    # slash URL-encoded as the registry API requires; NO_MATCHING_VERSION: "No matching version found for <pkg>@<range>"
    report = _read("pnpm install", " ERR_PNPM_FETCH_404  GET https://registry.npmjs.org/@ag-ui-protocol%2Fag-ui-mock: Not Found - 404\n")
    assert report.modules == ["@ag-ui-protocol/ag-ui-mock"]
    report = _read("pnpm install", " ERR_PNPM_NO_MATCHING_VERSION  No matching version found for left-pad@^9.9.9\n")
    assert report.modules == ["left-pad"]


def test_maven_names_the_artifact_of_a_resolution_failure_as_group_artifact_version():
    # https://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException
    report = _read("mvn -B verify", "[ERROR] Failed to execute goal on project test: Could not resolve dependencies for project "
                   "org.apache.maven:test:jar:1.0: Failed to collect dependencies at org.apache:missing:jar:0.1: Failed to read "
                   "artifact descriptor for org.apache:missing:jar:0.1: Could not transfer artifact org.apache:missing:pom:0.1 "
                   "from/to central (https://repo.maven.apache.org/maven2): Connection refused\n")
    assert report.modules[:1] == ["org.apache:missing:0.1"]
    assert report.project == "test"
    report = _read("mvn -B verify", "[ERROR] Failed to execute goal on project app: Could not resolve dependencies for project "
                   "com.x:app:jar:1.0: Could not find artifact org.example:lib:jar:2.0-SNAPSHOT in snapshots (https://repo/x)\n")
    assert report.modules[:1] == ["org.example:lib:2.0-SNAPSHOT"]


def test_a_failing_jvm_test_is_placed_at_its_own_frame_not_the_assertion_library():
    # Gradle's test logging ("Class > method FAILED" then the exception and its frames,
    # https://docs.gradle.org/current/userguide/java_testing.html) and Throwable.printStackTrace's
    # "at pkg.Class.method(File.java:N)" frames (https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/lang/Throwable.html)
    text = ("io.grpc.NettyFlowControlTest > largeBdp FAILED\n"
            "    java.lang.AssertionError: Bandwidth-delay product was not within bounds\n"
            "        at org.junit.Assert.fail(Assert.java:88)\n"
            "        at org.junit.Assert.assertTrue(Assert.java:41)\n"
            "        at io.grpc.NettyFlowControlTest.doTest(NettyFlowControlTest.java:152)\n"
            "        at io.grpc.NettyFlowControlTest.largeBdp(NettyFlowControlTest.java:102)\n"
            "1 test completed, 1 failed\n")
    report = _read("./gradlew test", text)
    assert report.locations[0] == {"file": "NettyFlowControlTest.java", "line": 152}
    # Surefire: "[ERROR] Tests run: ..., <<< FAILURE!" then "[ERROR] method(pkg.Class)  Time elapsed: ... <<< FAILURE!"
    text = ("[ERROR] multiThreadedInitialization(org.slf4j.MultithreadedInitializationTest)  Time elapsed: 0.1 s  <<< FAILURE!\n"
            "java.lang.AssertionError: expected:<5> but was:<4>\n"
            "\tat org.slf4j.LoggerFactory.bind(LoggerFactory.java:431)\n"
            "\tat org.slf4j.MultithreadedInitializationTest.multiThreadedInitialization(MultithreadedInitializationTest.java:33)\n")
    report = _read("mvn -B test", text)
    assert report.locations[0] == {"file": "MultithreadedInitializationTest.java", "line": 33}


def test_analysis_specifics_carry_the_parsers_findings():
    a = analyze((TOOLLOGS / "ctest-travis.log").read_bytes())
    assert a.specifics["tests"][:2] == ["ParserTest.Parse8Threads", "ParserTest.EmptyInput"]
    a = analyze((TOOLLOGS / "npm-eresolve-gh-cli.log").read_bytes())
    assert a.category == "dependency_conflict" and "react" in a.specifics["modules"]


def test_javac_under_ant_gives_its_first_error():
    # real javac 17 output, as Ant's javac task prints it: each line prefixed with "[javac]"
    # (https://ant.apache.org/manual/Tasks/javac.html; Ant's logger prefixes a task's output with its name)
    text = ("compile:\n"
            "    [javac] Compiling 2 source files to /home/travis/build/o/r/out\n"
            "    [javac] /home/travis/build/o/r/src/app/General.java:2: error: package com.example.rpg.event does not exist\n"
            "    [javac] import com.example.rpg.event.Hook;\n"
            "    [javac]                             ^\n"
            "    [javac] /home/travis/build/o/r/src/app/Other.java:4: error: incompatible types: String cannot be converted to int\n"
            "    [javac] 2 errors\n"
            "\nBUILD FAILED\n")
    report = _read("ant jar", text)
    assert report.first_error is not None
    assert report.first_error.groups["file"].endswith("src/app/General.java") and report.first_error.groups["line"] == "2"


def test_gradle_names_the_script_and_line_where_it_failed():
    # Gradle's failure report (https://docs.gradle.org/current/userguide/troubleshooting.html): "* Where:" then
    # "Build file '<path>' line: N", or "Settings file", "Initialization script", "Script" for applied scripts
    for kind in ("Build file", "Initialization script", "Script"):
        report = _read("./gradlew build", "FAILURE: Build failed with an exception.\n\n* Where:\n"
                       f"{kind} '/home/travis/build/o/r/cnf/gradle/init.gradle' line: 21\n\n* What went wrong:\n")
        assert report.locations == [{"file": "/home/travis/build/o/r/cnf/gradle/init.gradle", "line": 21}], kind


def test_python_traceback_is_placed_at_its_innermost_frame_in_the_repository():
    # Python's traceback format (https://docs.python.org/3/library/traceback.html), as unittest prints an import failure
    text = ("ERROR: test_detectron2 (unittest.loader._FailedTest)\n"
            "----------------------------------------------------------------------\n"
            "ImportError: Failed to import test module: test_detectron2\n"
            "Traceback (most recent call last):\n"
            '  File "/opt/hostedtoolcache/Python/3.7.13/x64/lib/python3.7/unittest/loader.py", line 436, in _find_test_path\n'
            "    module = self._get_module_from_name(name)\n"
            '  File "/home/runner/work/sahi/sahi/tests/test_detectron2.py", line 6, in <module>\n'
            "    from sahi.model import Detectron2DetectionModel\n"
            '  File "/home/runner/work/sahi/sahi/sahi/model.py", line 13, in <module>\n'
            "    from sahi.utils.import_utils import is_torch_available\n"
            '  File "/usr/lib/python3/dist-packages/six.py", line 2, in <module>\n'
            "    pass\n"
            "ImportError: cannot import name 'is_torch_available' from 'sahi.utils.import_utils'\n")
    report = _read("python -m unittest discover", text)
    assert {"file": "sahi/model.py", "line": 13} in report.locations


def test_an_inherited_jvm_test_method_is_placed_in_its_base_test_class():
    # Surefire 3 names the concrete class; the method's frame is in the abstract test class it extends
    text = ("[ERROR] org.slf4j.simple.SimpleLoggerMultithreadedInitializationTest.multiThreadedInitialization"
            "  Time elapsed: 0.2 s  <<< FAILURE!\n"
            "java.lang.AssertionError: expected:<5> but was:<4>\n"
            "\tat org.junit.Assert.fail(Assert.java:89)\n"
            "\tat org.slf4j.LoggerFactory.bind(LoggerFactory.java:431)\n"
            "\tat org.slf4j.testHarness.MultithreadedInitializationTest.multiThreadedInitialization(MultithreadedInitializationTest.java:33)\n")
    report = _read("mvn -B test", text)
    assert report.locations[0] == {"file": "MultithreadedInitializationTest.java", "line": 33}


def test_msbuild_diagnostics_give_the_first_error_and_the_project():
    # MSBuild's canonical format (https://learn.microsoft.com/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks):
    # "origin(line,col): error CODE: text [project]", here inside a BuildKit step ("#19 11.02 ")
    text = ("#19 [build 6/6] RUN dotnet publish src/Catalog.API -c Release -o /app/publish\n"
            "#19 11.02 /app/src/Catalog.API/Extensions/Extensions.cs(42,20): error CS0023: Operator '.' cannot be applied "
            "to operand of type 'void' [/app/src/Catalog.API/Catalog.API.csproj]\n"
            "#19 11.02 /app/src/Catalog.API/Apis/CatalogApi.cs(7,1): error CS1503: Argument 1: cannot convert "
            "[/app/src/Catalog.API/Catalog.API.csproj]\n")
    report = _read("docker build -f src/Catalog.API/Dockerfile .", text)
    assert "msbuild" in report.tools
    assert report.first_error is not None and report.first_error.groups["line"] == "42"
    assert report.first_error.groups["file"] == "/app/src/Catalog.API/Extensions/Extensions.cs"
    assert report.project == "Catalog.API"
    report = _read("dotnet build", "Program.cs(3,5): error CS0103: The name 'x' does not exist in the current context "
                   "[C:\\a\\app\\app\\App.csproj]\n")
    assert report.project == "App" and report.categories().get("compile_error", 0) >= 0.9


def test_a_script_without_known_tools_names_its_last_program_not_its_shell_setup():
    from autoheal.analysis.tools import command_in_script

    script = ["set -euo pipefail", 'git config user.name "bot"', "git add report.md", "if git diff --cached --quiet; then",
              "  exit 0", "fi", 'git commit -m "Update report"', "git push"]
    assert command_in_script(script, "set -euo pipefail") == "git push"
    # a first line that runs a program stays the answer when nothing better is known
    assert command_in_script(["./release.sh", "echo done"], "./release.sh") == "./release.sh"


def test_gh_run_view_logs_saved_with_caret_escapes_give_clean_script_lines():
    # `gh run view --log` colours the script echo; saved through `cat -v` ESC shows as "^["
    log = "".join(f"publish\tPublish report\t2026-01-05T10:00:0{i}.0000000Z {t}\n" for i, t in enumerate([
        "##[group]Run set -euo pipefail", "^[[36;1mset -euo pipefail^[[0m", "^[[36;1mgit push^[[0m",
        "shell: /usr/bin/bash -e {0}", "##[endgroup]",
        " ! [rejected]        main -> main (fetch first)", "error: failed to push some refs to 'https://github.com/o/r'",
        "##[error]Process completed with exit code 1."]))
    a = analyze(log)
    assert a.specifics["command"] == "git push"


def test_behave_names_the_failing_scenarios_by_place_and_name():
    # real behave 1.2 (Jenkins layout): "Failing scenarios:" then "  features/templates.feature:3  Deprecate ..."
    _, report = _report("behave-jenkins")
    assert report.tool == "behave"
    assert report.tests == ["features/templates.feature:3 Deprecate an active template"]
    assert {"file": "features/templates.feature", "line": 3} in report.locations


def test_playwright_names_the_failing_tests_also_when_the_console_garbled_the_separator():
    # https://playwright.dev/docs/test-reporters#list-reporter: "  1 failed" then "    [chromium] › file:line:col › title";
    # a Windows runner's console shows "›" (UTF-8) as "ΓÇ║" (cp437)
    for sep in ("›", "ΓÇ║"):
        report = _read("npx playwright test", f"  1 failed\n    [chromium] {sep} tests/search.spec.ts:506:5 {sep} Validate pagination \n"
                       "  112 passed (2.7m)\n")
        assert report.tool == "playwright"
        assert report.tests == ["tests/search.spec.ts:506:5 › Validate pagination"]
        assert {"file": "tests/search.spec.ts", "line": 506, "col": 5} in report.locations


def test_pester_names_the_failing_tests_and_their_place():
    # Pester 5's output (https://pester.dev/docs/usage/output): "[-] Describe.It name 85ms (83ms|1ms)",
    # "at <ScriptBlock>, /path/x.Tests.ps1:223"
    report = _read("Invoke-Pester -CI", "[-] Remove-BOM discovery.normalizes aliases (LinkTarget) 32ms (31ms|1ms)\n"
                   ' Expected "/private/var/x", but got "/var/x".\n'
                   "at <ScriptBlock>, /Users/runner/work/u/u/Tests/Utils/Remove-BOM.Tests.ps1:223\n"
                   "Tests Passed: 147, Failed: 2, Skipped: 0\n")
    assert report.tool == "pester"
    assert report.tests == ["Remove-BOM discovery.normalizes aliases (LinkTarget)"]
    assert {"file": "/Users/runner/work/u/u/Tests/Utils/Remove-BOM.Tests.ps1", "line": 223} in report.locations


def test_jvm_test_ids_of_ant_and_of_surefire_2():
    # Ant's junit task (https://ant.apache.org/manual/Tasks/junit.html): "[junit] Test pkg.FooTest FAILED"
    report = _read("ant test", "    [junit] Tests run: 1, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 1.442 sec\n"
                   "    [junit] Test abstraction.FiliereParDefaultTest FAILED\n")
    assert report.tests == ["abstraction.FiliereParDefaultTest"]
    # with its plain formatter's per-test report, the failing methods are named, and the test's own frame is the place
    report = _read("ant test", "    [junit] Testsuite: abstraction.FiliereParDefaultTest\n"
                   "    [junit] Tests run: 2, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 1.442 sec\n"
                   "    [junit] Testcase: testInit took 0.01 sec\n"
                   "    [junit] Testcase: testNext took 1.429 sec\n    [junit] \tCaused an ERROR\n    [junit] Index: 0, Size: 0\n"
                   "    [junit] java.lang.IndexOutOfBoundsException: Index: 0, Size: 0\n"
                   "    [junit] \tat java.util.ArrayList.rangeCheck(ArrayList.java:659)\n"
                   "    [junit] \tat abstraction.FiliereParDefaultTest.testNext(FiliereParDefaultTest.java:16)\n"
                   "    [junit] Test abstraction.FiliereParDefaultTest FAILED\n")
    assert report.tests == ["abstraction.FiliereParDefaultTest.testNext"]
    assert report.locations[0] == {"file": "FiliereParDefaultTest.java", "line": 16}
    # Surefire 2.x printed the per-test lines without "[ERROR] ": they name the tests but are not evidence
    text = ("Running org.kamranzafar.jtar.JTarTest\n"
            "Tests run: 5, Failures: 0, Errors: 2, Skipped: 0, Time elapsed: 0.1 sec <<< FAILURE! - in org.kamranzafar.jtar.JTarTest\n"
            "untarTGzFile(org.kamranzafar.jtar.JTarTest)  Time elapsed: 0.003 sec  <<< ERROR!\n"
            "java.io.IOException: No space left on device\n")
    report = _read("mvn test", text)
    assert report.tests == ["org.kamranzafar.jtar.JTarTest.untarTGzFile"]
    assert not any(f.text.startswith("untarTGzFile(") for f in report.findings)


def test_the_surefire_test_class_running_when_the_build_stopped_is_named():
    # Surefire prints "Running <class>" when a test class starts and "Tests run: ..." when it ends
    text = ("Running com.example.dao.UserDaoTestCase\n"
            "Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.4 sec - in com.example.dao.UserDaoTestCase\n"
            "Running com.example.dao.ConfigDaoTestCase\n"
            "No output has been received in the last 10m0s, this potentially indicates a stalled build.\n")
    assert _read("mvn test -B", text).tests == ["com.example.dao.ConfigDaoTestCase"]
    # a class that finished is not named
    assert _read("mvn test -B", text.split("Running com.example.dao.Config")[0]).tests == []


def test_in_a_test_run_without_an_error_line_the_first_failing_test_leads_the_key_lines():
    # mocha's spec reporter (https://mochajs.org/#spec): "N failing", then "1) Suite" / "   test:" blocks
    body = ["  0 passing (2s)", "  40 failing", ""]
    for i in range(1, 41):
        body += [f"  {i}) BuildSystem", f"       builds target {i}:", "     Error: cmake exited with 1", ""]
    log = "".join(f"2026-01-05T10:00:00.{i:07d}Z {t}\n" for i, t in enumerate(
        ["##[group]Run npx mocha test", "npx mocha test", "##[endgroup]", *body, "##[error]Process completed with exit code 40."]))
    a = analyze(log)
    assert a.key_lines[0].text.strip().startswith("1) BuildSystem")


def test_unittest_module_that_failed_to_import_is_named_by_its_module():
    # unittest's loader reports an import failure as "ERROR: <module> (unittest.loader._FailedTest)"
    report = _read("python -m unittest discover", "ERROR: tests.test_detectron2 (unittest.loader._FailedTest)\n"
                   "ImportError: Failed to import test module: tests.test_detectron2\n")
    assert report.tests == ["tests.test_detectron2"]


def test_bun_test_names_the_failing_tests_and_the_failing_expectation():
    # real bun 1.4: "(fail) CLI run command > inline bash execution [0.19ms]", "at <anonymous> (/path/tests/cli.test.ts:6:20)"
    _, report = _report("bun-test-failing")
    assert report.tool == "bun-test"
    assert report.tests == ["CLI run command > inline bash execution"]
    assert any(loc["file"].endswith("tests/cli.test.ts") and loc["line"] == 6 for loc in report.locations)
    a = analyze((TOOLLOGS / "bun-test-failing.log").read_bytes())
    assert a.category == "test_failure" and a.located


def test_a_version_manager_out_of_step_with_itself_is_the_environment():
    # rvm's check when the loaded functions are older than the installed rvm (rvm/scripts/functions/cli)
    report = _read("rvm use default", "RVM version 1.27.0 (latest) is installed yet 1.26.8 (1.26.8) is loaded.\n"
                   "Please do one of the following:\n  * 'rvm reload'\n")
    assert report.categories().get("environment", 0) >= 0.85


def test_pytest_xdist_progress_names_the_failing_tests_and_earlier_tests_weigh_no_less():
    # pytest-xdist -v (https://pytest-xdist.readthedocs.io/en/stable/): "[gw2] [  7%] FAILED tests/x.py::test_y"
    text = "".join(f"[gw{i % 4}] [ {i * 3:2d}%] FAILED tests/integration/test_api.py::test_case_{i}\n" for i in range(1, 31))
    report = _read("pytest -n 4 -v", text)
    assert report.tests[:2] == ["tests/integration/test_api.py::test_case_1", "tests/integration/test_api.py::test_case_2"]
    weights = [f.weight for f in report.findings if f.kind == "test"]
    assert weights == sorted(weights, reverse=True) and weights[0] > weights[-1]
    assert weights[0] - weights[-1] <= 0.02  # a tie-break, not a change of category strength


def test_node_cannot_find_a_package_names_it_but_not_a_relative_path():
    # real node 20: "Error: Cannot find module '@tailwindcss/forms'" (here inside a BuildKit step's output)
    report = _read("docker build .", "#15 42.79 node:internal/modules/cjs/loader:1210\n"
                   "#15 42.79 Error: Cannot find module '@tailwindcss/forms'\n#15 42.79 Require stack:\n")
    assert report.modules == ["@tailwindcss/forms"]
    assert report.categories().get("missing_dependency", 0) >= 0.9
    # real node 20 on a missing file of the project: the code's own mistake, no package to name
    report = _read("node b.js", "Error: Cannot find module './local-helper'\nRequire stack:\n- /app/b.js\n")
    assert report.modules == [] and "missing_dependency" not in report.categories()


# ---- places and modules of crashes, killed builds and test runs (helper spec3) ----------------------------------

def _faulthandler_dump(tmp_path: Path, crash_in_library: bool) -> str:
    """A real faulthandler dump of this interpreter, its script's folder shown as a runner's checkout."""
    import subprocess
    import sys

    script = tmp_path / "crashme.py"
    worker = ("t = threading.Timer(0.2, ctypes.string_at, args=(0,))\n" if crash_in_library else
              "def work():\n    time.sleep(0.2)\n    ctypes.string_at(0)\nt = threading.Thread(target=work)\n")
    script.write_text("import ctypes, threading, time\n" + worker + "t.start()\ndef wait():\n    t.join()\nwait()\n")
    run = subprocess.run([sys.executable, "-X", "faulthandler", str(script)], check=False, capture_output=True, text=True, timeout=60)
    assert "Fatal Python error: Segmentation fault" in run.stderr
    return run.stderr.replace(str(tmp_path) + "/", "/home/runner/work/proj/proj/")


def test_python_crash_is_placed_in_the_crashing_threads_own_frame(tmp_path):
    dump = _faulthandler_dump(tmp_path, crash_in_library=False)
    report = _read("python crashme.py", "running\n" + dump)
    # innermost first: ctypes' frame (the interpreter's) is skipped, the script's `work` frame (line 4) leads
    assert report.locations[0] == {"file": "crashme.py", "line": 4}


def test_python_crash_in_a_library_thread_is_placed_in_the_main_threads_frame(tmp_path):
    dump = _faulthandler_dump(tmp_path, crash_in_library=True)
    report = _read("python crashme.py", dump)
    # the crashing Timer thread ran only the standard library: the main thread's `t.join()` in `wait` (line 5) is the place
    assert report.locations[0] == {"file": "crashme.py", "line": 5}


def test_runner_tool_cache_and_temp_paths_are_not_the_repository():
    from autoheal.analysis.extract import repo_relative

    # a container job's tool cache (setup-python installs into RUNNER_TOOL_CACHE = /__w/_tool)
    assert not repo_relative("/__w/_tool/Python/3.10.19/x64/lib/python3.10/runpy.py")[1]
    assert not repo_relative("/home/runner/work/_temp/0d1e2f.sh")[1]
    assert not repo_relative(r"D:\a\_tool\node\20.1.0\x64\node_modules\npm\index.js")[1]
    assert repo_relative("/__w/rl/rl/benchmarks/test_speed.py") == ("benchmarks/test_speed.py", True)
    assert repo_relative("/home/runner/work/_tooling/_tooling/src/a.py") == ("src/a.py", True)


# real `cargo test -p my-crate` (cargo 1.95) of a workspace member with a failing unit test
CARGO_TEST_FAILED = """\
     Running unittests src/lib.rs (target/debug/deps/my_crate-d19f96be62160139)
running 1 test
test tests::it_fails ... FAILED
failures:
---- tests::it_fails stdout ----
thread 'tests::it_fails' (27096) panicked at my-crate/src/lib.rs:2:37:
assertion `left == right` failed
failures:
    tests::it_fails
test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
error: test failed, to rerun pass `-p my-crate --lib`
"""


def test_cargo_test_names_the_workspace_member_that_failed():
    report = _read("cargo test --workspace", CARGO_TEST_FAILED)
    assert report.project == "my-crate"
    assert report.tests == ["tests::it_fails"]
    assert {"file": "my-crate/src/lib.rs", "line": 2, "col": 37} in report.locations


def test_colours_saved_as_caret_escapes_do_not_hide_the_tools_words():
    # `gh run view --log | cat -v` shows ESC as "^[": cargo's coloured "error:" must still be read
    log = "\n".join(
        ["2026-08-07T16:36:00.0000000Z ##[group]Run cargo test --workspace",
         "2026-08-07T16:36:00.0000000Z cargo test --workspace",
         "2026-08-07T16:36:00.0000000Z ##[endgroup]"]
        + [f"2026-08-07T16:36:06.0000000Z {line}" for line in CARGO_TEST_FAILED.replace(
            "error: test failed", "^[[1m^[[91merror^[[0m: test failed").splitlines()]
        + ["2026-08-07T16:36:06.2280550Z ##[error]Process completed with exit code 101."]) + "\n"
    a = analyze(log.encode())
    assert a.category == "test_failure"
    assert a.specifics["project"] == "my-crate"


def test_pytest_failure_importing_a_missing_module_names_it():
    # real pytest 8 output (a test importing a package that is not installed)
    report = _read("python -m pytest", """\
=================================== FAILURES ===================================
____________________________________ test_x ____________________________________

    def test_x():
>       from pkg_gone.sub import build
E       ModuleNotFoundError: No module named 'pkg_gone'

test_mod.py:2: ModuleNotFoundError
=========================== short test summary info ============================
FAILED test_mod.py::test_x - ModuleNotFoundError: No module named 'pkg_gone'
1 failed in 0.58s
""")
    assert report.modules == ["pkg_gone"]
    assert report.tests == ["test_mod.py::test_x"]
    assert {"file": "test_mod.py", "line": 2} in report.locations


def test_maven_build_killed_mid_goal_names_the_module_being_built():
    # Maven 3.8.7's mojo banners (real), then the runner's kill: no "Failed to execute goal ... on project X"
    report = _read("mvn -B install", """\
[INFO] ----------------------------< x:core-lib >------------------------------
[INFO] --- maven-resources-plugin:2.6:resources (default-resources) @ core-lib ---
[INFO] ----------------------------< x:my-module >-----------------------------
[INFO] --- maven-resources-plugin:2.6:resources (default-resources) @ my-module ---
[INFO] --- maven-surefire-plugin:2.12.4:test (default-test) @ my-module ---
Running x.BigTest
Killed
""")
    assert report.project == "my-module"


# real node v20.20.2 output of uncaught exceptions, the script's folder shown as a runner's checkout
NODE_THROW_IN_REPO = """\
/home/runner/work/proj/proj/lib.js:2
  return x.length;
           ^

TypeError: Cannot read properties of undefined (reading 'length')
    at exports.parse (/home/runner/work/proj/proj/lib.js:2:12)
    at main (/home/runner/work/proj/proj/app.js:3:7)
    at Object.<anonymous> (/home/runner/work/proj/proj/app.js:5:1)
    at Module._compile (node:internal/modules/cjs/loader:1521:14)
    at node:internal/main/run_main_module:28:49

Node.js v20.20.2
"""
NODE_ESM_REQUIRE = """\
file:///home/runner/work/proj/proj/esm.js:2
const g = require("gun");
          ^

ReferenceError: require is not defined in ES module scope, you can use import instead
    at file:///home/runner/work/proj/proj/esm.js:2:11
    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)

Node.js v20.20.2
"""


def test_node_uncaught_exception_is_placed_at_its_throw_site():
    assert _read("node app.js", "starting\n" + NODE_THROW_IN_REPO).locations[0] == {"file": "lib.js", "line": 2}
    assert _read("node esm.js", NODE_ESM_REQUIRE).locations[0] == {"file": "esm.js", "line": 2}


def test_node_exception_thrown_in_a_dependency_is_placed_at_the_repositorys_first_frame():
    dep = NODE_THROW_IN_REPO.replace("proj/proj/lib.js", "proj/proj/node_modules/lib/index.js")
    assert _read("node app.js", dep).locations[0] == {"file": "app.js", "line": 3, "col": 7}
    # without the footer the process did not die of it (a logged error): no place is claimed
    assert _read("node app.js", dep.replace("Node.js v20.20.2", "")).locations == []


def test_tsc_five_digit_error_codes_are_read():
    # real `tsc --noEmit --strict --pretty false` (TypeScript 7.0.2): the strict-null codes are TS18046-TS18048
    report = _read("npx tsc --noEmit", "a.ts(2,26): error TS18047: 's' is possibly 'null'.\n"
                                       "a.ts(9,3): error TS2322: Type 'string' is not assignable to type 'number'.\n")
    assert report.first_error is not None and report.first_error.groups["code"] == "TS18047"
    assert report.locations[0] == {"file": "a.ts", "line": 2, "col": 26}
    assert report.first_error.category == "type_error"  # not TS1xxx, the parser's (syntax) range
    assert _read("npx tsc", "a.ts(1,9): error TS1005: ';' expected.\n").first_error.category == "syntax_error"


NODE_ESM_PACKAGE_MISSING = """\
node:internal/modules/esm/resolve:873
  throw new ERR_MODULE_NOT_FOUND(packageName, fileURLToPath(base), null);
        ^

Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'left-pad-gone' imported from /home/runner/work/proj/proj/m.mjs
    at packageResolve (node:internal/modules/esm/resolve:873:9)
    at ModuleJob._link (node:internal/modules/esm/module_job:168:49) {
  code: 'ERR_MODULE_NOT_FOUND'
}

Node.js v20.20.2
"""
NODE_SYNTAX_ERROR = """\
/home/runner/work/proj/proj/s.js:1
const a = ;
          ^

SyntaxError: Unexpected token ';'
    at wrapSafe (node:internal/modules/cjs/loader:1464:18)
    at node:internal/main/run_main_module:28:49

Node.js v20.20.2
"""


def test_node_uncaught_exception_is_the_cause_of_a_crash():
    # real node v20.20.2 output (see NODE_THROW_IN_REPO): known by its "Node.js vX" footer, whatever the command
    report = _read("./scripts/run.sh", NODE_THROW_IN_REPO)
    assert report.tool == "node"
    assert report.first_error.category == "crash"
    assert report.first_error.text.startswith("TypeError: Cannot read properties of undefined")
    assert _read("node esm.js", NODE_ESM_REQUIRE).first_error.text.startswith("ReferenceError: require is not defined")
    syntax = _read("node s.js", NODE_SYNTAX_ERROR)
    assert syntax.first_error.category == "syntax_error" and syntax.locations[0] == {"file": "s.js", "line": 1}
    missing = _read("node m.mjs", NODE_ESM_PACKAGE_MISSING)
    assert missing.first_error.category == "missing_dependency" and missing.modules == ["left-pad-gone"]
    # a script that prints an error and exits on its own is not read as a crash of node
    assert _read("node build.js", "TypeError: bad input\nexit 1\n").tool != "node"


def test_powershell_error_records_place_the_error():
    # real pwsh 7 ConciseView of a GitHub `shell: pwsh` step (corpus log a-pwsh-conda-not-recognized-archive, colours
    # stripped); the step's generated script lives in the runner's _temp folder, not in the repository
    concise = _read("pwsh -command . '{0}'", """\
Compress-Archive: D:\\a\\_temp\\145cb315-357b-42c4-beda-fdb2c7382090.ps1:3
Line |
   3 |  Compress-Archive -Path dist\\* -DestinationPath $ARCHIVE_NAME
     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
     | The path 'dist\\*' either does not exist or is not a valid file system path.
""")
    assert concise.tool == "pwsh"
    assert concise.locations[0] == {"file": "D:\\a\\_temp\\145cb315-357b-42c4-beda-fdb2c7382090.ps1", "line": 3}
    assert any(f.text.strip().startswith("| The path 'dist") for f in concise.findings)
    assert not any("~~~" in f.text for f in concise.findings)
    # Windows PowerShell's NormalView ("At <script>:<line> char:<col>", about_Preference_Variables, $ErrorView) and a
    # script's own report of $_.ScriptStackTrace (real, same corpus log)
    normal = _read("powershell -File build.ps1", "At D:\\a\\app\\app\\build.ps1:115 char:5\n+     conda.exe create\n")
    assert normal.locations[0] == {"file": "D:\\a\\app\\app\\build.ps1", "line": 115, "col": 5}
    stack = _read(".\\build.ps1 -Version v1", "Stack Trace: at <ScriptBlock>, D:\\a\\app\\app\\build.ps1: line 115\n")
    assert stack.locations[0] == {"file": "D:\\a\\app\\app\\build.ps1", "line": 115}
    # a Markdown table printed by a non-PowerShell step is not read
    assert _read("python report.py", "| name | value |\n     | a row |\n").tool != "pwsh"


def test_failing_js_tests_are_placed_at_their_test_files_frame():
    # real mocha 11 output
    mocha = _read("npx mocha", """\
  add
    1) adds two numbers

  0 passing (3ms)
  1 failing

  1) add
       adds two numbers:

      AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:

-1 !== 3

      at Context.<anonymous> (test/add.test.js:5:12)
      at process.processImmediate (node:internal/timers:483:21)
""")
    assert mocha.locations[0] == {"file": "test/add.test.js", "line": 5, "col": 12}
    # real jest 30 output: the assertion's frame, not the code frame's "> 3 |" nor a node_modules frame
    jest = _read("npx jest --ci", """\
FAIL __tests__/add.test.js
  ● adds

    expect(received).toBe(expected) // Object.is equality

    > 3 |   expect(add(1, 2)).toBe(3);
        |                     ^

      at Object.toBe (__tests__/add.test.js:3:21)
      at Object.run (node_modules/jest-circus/build/index.js:12:3)

Tests:       1 failed, 1 total
""")
    assert jest.locations[0] == {"file": "__tests__/add.test.js", "line": 3, "col": 21}
    # Playwright's list reporter names the test's own line (506); the failing step's frame is the absolute path
    # under the checkout (real, corpus log d-playwright-pagination-ppos-hub)
    pw = _read("npx playwright test", """\
  1) [chromium] › tests/gallery.spec.ts:506:5 › Validate pagination navigation ──────────

    Error: expect(locator).toBeVisible() failed

        at /home/runner/work/hub/hub/Website/tests/ui/tests/gallery.spec.ts:529:14

  1 failed
""")
    assert pw.locations[0] == {"file": "Website/tests/ui/tests/gallery.spec.ts", "line": 529, "col": 14}


def test_failing_rspec_example_is_placed_at_its_failed_expectation():
    # RSpec's default formatter (real, corpus log b-travis-rspec-bundler-realworld, colours stripped)
    report = _read("bundle exec rspec", """\
Failures:

  1) real world edgecases resolves dependencies correctly
     Failure/Error: expect(the_bundle).to include_gems("rails 4.2.7.1")
       expected: true
     # ./spec/support/indexes.rb:24:in `should_resolve_as'
     # ./spec/realworld/edgecases_spec.rb:52:in `block (2 levels) in <top (required)>'

Finished in 1 minute 2.3 seconds
5 examples, 1 failure

Failed examples:

rspec ./spec/realworld/edgecases_spec.rb:43 # real world edgecases resolves dependencies correctly
""")
    assert report.tests == ["real world edgecases resolves dependencies correctly"]
    assert report.locations[0] == {"file": "./spec/realworld/edgecases_spec.rb", "line": 52}
    assert {"file": "./spec/realworld/edgecases_spec.rb", "line": 43} in report.locations


def test_tools_are_read_inside_docker_compose_service_output():
    # `docker compose up` output of a service running npm (real, corpus log b-gha-npm-eresolve-docker-compose)
    report = _read("docker-compose up --exit-code-from test", """\
test_1  | npm ERR! code ERESOLVE
test_1  | npm ERR! ERESOLVE could not resolve
test_1  | npm ERR!
test_1  | npm ERR! While resolving: @semantic-release/commit-analyzer@8.0.1
test_1  | npm ERR! Found: semantic-release@19.0.3
test-1  | npm error Found: typescript@5.4.2
""")
    assert "npm" in report.tools
    assert report.modules == ["semantic-release", "typescript"]
    assert report.first_error.category == "dependency_conflict"
    # a table cell or PowerShell's "   3 | code" is not a service prefix
    assert _read("pwsh -c x", "Line |\n   3 |  npm ERR! code ERESOLVE\n").modules == []


def test_composer_solver_problem_names_the_package():
    # `composer install` against a lock file the runner's PHP cannot satisfy (real, corpus log b-gha-composer-lock-php-version)
    report = _read("composer install --no-interaction", """\
Your lock file does not contain a compatible set of packages. Please run composer update.

  Problem 1
    - maennchen/zipstream-php is locked to version 3.2.0 and an update of this package was not requested.
    - maennchen/zipstream-php 3.2.0 requires php-64bit ^8.3 -> your php-64bit version (8.2.30) does not satisfy that requirement.
  Problem 2
    - phpoffice/phpspreadsheet 5.0.0 requires maennchen/zipstream-php ^2.1 || ^3.0 -> satisfiable by maennchen/zipstream-php[3.2.0].
""")
    assert report.modules[0] == "maennchen/zipstream-php"
    assert report.first_error.category == "dependency_conflict"  # the solver's verdict decides, not the problem lines


def test_rust_program_panic_is_placed_without_voting():
    # real `cargo run` of a binary that panics (rustc 1.95; RUST_BACKTRACE unset)
    report = _read("cargo run -p my-crate", """\
thread 'main' (30692) panicked at my-crate/src/main.rs:3:21:
index out of bounds: the len is 0 but the index is 3
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
""")
    assert report.locations[0] == {"file": "my-crate/src/main.rs", "line": 3, "col": 21}
    assert all(f.category == "" for f in report.findings if "panicked" in f.text)


def test_go_panic_is_placed_at_the_panicking_goroutines_repository_frame():
    # Go's panic report (runtime/traceback.go: "goroutine N [running]:", "pkg.fn(...)", "\t/path/file.go:L +0xNN"),
    # the runtime's and a module cache's frames first, as a nil map write inside a dependency shows it
    report = _read("go run ./cmd/app", """\
panic: assignment to entry in nil map

goroutine 1 [running]:
github.com/dep/lib.Put(...)
\t/home/runner/go/pkg/mod/github.com/dep/lib@v1.2.0/map.go:40 +0x1d
example.com/app/internal/store.(*Store).Save(0xc000012345)
\t/home/runner/work/app/app/internal/store/store.go:88 +0x5e
main.main()
\t/home/runner/work/app/app/cmd/app/main.go:12 +0x25
exit status 2
""")
    assert report.locations[0] == {"file": "internal/store/store.go", "line": 88}


def test_cargo_build_names_the_crate_that_failed_to_compile():
    # real `cargo build` (cargo 1.95)
    report = _read("cargo build --workspace", """\
error[E0308]: mismatched types
 --> my-crate/src/main.rs:2:18
  |
2 |     let x: u32 = "a";
  |            ---   ^^^ expected `u32`, found `&str`

For more information about this error, try `rustc --explain E0308`.
error: could not compile `my-crate` (bin "my-crate") due to 1 previous error
""")
    assert report.project == "my-crate"
    assert report.first_error.groups["code"] == "E0308"
    assert report.locations[0] == {"file": "my-crate/src/main.rs", "line": 2, "col": 18}


def test_dart_test_failures_are_named_and_placed():
    # `flutter test` with package:test's github reporter (real, corpus log e-flutter-test-rating-score-asset-missing-...)
    github = _read("flutter test --coverage", """\
##[group]✅ /home/runner/work/app/app/test/audio_sample_test.dart: AudioSample handles negative amplitude
##[endgroup]
##[group]❌ /home/runner/work/app/app/test/rating_service_test.dart: RealRatingService Tests Perfect call should score 100 (failed)
Expected: a value greater than or equal to <70.0>
  Actual: <42.98213432749666>

package:matcher                                     expect
package:flutter_test/src/widget_tester.dart 473:18  expect
test/rating_service_test.dart 195:7                 main.<fn>.<fn>
##[endgroup]
##[error]677 tests passed, 1 failed, 41 skipped.
""")
    assert github.tool == "dart-test"
    assert github.tests == ["/home/runner/work/app/app/test/rating_service_test.dart: RealRatingService Tests Perfect call should score 100"]
    assert github.locations[0] == {"file": "test/rating_service_test.dart", "line": 195, "col": 7}
    # the expanded reporter (package:test README, "Some tests failed." at the end)
    expanded = _read("dart test", "00:01 +3 -1: test/parser_test.dart: Parser reads a header [E]\n"
                                  "  Expected: <2>\n    Actual: <1>\n00:01 +3 -1: Some tests failed.\n")
    assert expanded.tests == ["test/parser_test.dart: Parser reads a header"]


def test_rspec_pending_examples_are_not_the_failures_place():
    # RSpec lists pending (skipped) examples first, each with its "# ./spec/...:N" line (real, corpus log
    # e-rspec-podman-docker-api-notfound): only the "Failures:" section places the failure
    report = _read("bundle exec rspec", """\
Pending: (Failures listed here are expected and do not affect your suite's status)

  1) Docker::Image#remove when a valid tag is given untags the Image
     # Not supported on podman
     # ./spec/docker/image_spec.rb:49

Failures:

  1) Docker::Image.create with a block streams output
     Failure/Error: expect(image.id).to eq(id)
     # ./spec/docker/image_spec.rb:475:in `block (3 levels) in <top (required)>'

Finished in 40.5 seconds (files took 0.4 seconds to load)
120 examples, 1 failure, 1 pending

Failed examples:

rspec ./spec/docker/image_spec.rb:470 # Docker::Image.create with a block streams output
""")
    assert report.locations[0] == {"file": "./spec/docker/image_spec.rb", "line": 475}
    assert {"file": "./spec/docker/image_spec.rb", "line": 49} not in report.locations


# ---- files a tool names without a line (#17: formatter lists, diffs) -------------------------------------------

def test_black_check_names_each_file_it_would_reformat_without_a_line():
    # real black 26.10.1 `black --check .` (stderr), run here on a checkout with one unformatted file
    report = _read("black --check .", "would reformat /home/runner/work/app/app/pkg/mod.py\n\n"
                   "Oh no! 💥 💔 💥\n1 file would be reformatted, 1 file would be left unchanged.\n")
    assert report.locations == [{"file": "/home/runner/work/app/app/pkg/mod.py"}]


def test_ruff_format_check_older_form_names_the_file():
    # ruff format --check before 0.9 ("Would reformat: path", the form the catalog's ruff rule quotes)
    report = _read("ruff format --check .", "Would reformat: graphene/utils/tests/test_deprecated.py\n"
                   "1 file would be reformatted, 138 files already formatted\n")
    assert report.locations == [{"file": "graphene/utils/tests/test_deprecated.py"}]


def test_a_git_diff_names_the_files_that_differ():
    # real `git diff --exit-code` (git 2.x) after a formatter or generator rewrote a file
    report = _read("make validate", """\
diff --git a/pkg/mapper.go b/pkg/mapper.go
index 3f8f191..8b0078b 100644
--- a/pkg/mapper.go
+++ b/pkg/mapper.go
@@ -1,3 +1,3 @@
 package x
 
-func  F() {}
+func F() {}
""")
    assert report.locations == [{"file": "pkg/mapper.go"}]


def test_a_file_already_placed_at_a_line_is_not_repeated_without_one():
    # clang-format --dry-run -Werror style: a located diagnostic, then the diff's headers for the same file
    report = _read("make check", "src/a.c:3:1: error: code should be clang-formatted [-Wclang-format-violations]\n"
                   "--- a/src/a.c\n+++ b/src/a.c\n")
    assert [loc["file"] for loc in report.locations] == ["src/a.c"]
    assert report.locations[0]["line"] == 3


def test_spotless_check_names_each_file_with_format_violations():
    # Spotless (Gradle plugin) check failure, as its README documents it: each file indented, its hunks below it
    report = _read("./gradlew spotlessCheck", """\
FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':spotlessMiscCheck'.
> The following files had format violations:
      buildSrc/src/main/kotlin/base-conventions.gradle.kts
          @@ -3,4 +3,4 @@
           \tidea
          -}
          +}
      src/main/java/Foo.java
          @@ -1,2 +1,2 @@
""")
    files = [loc["file"] for loc in report.locations]
    assert files == ["buildSrc/src/main/kotlin/base-conventions.gradle.kts", "src/main/java/Foo.java"]


def test_pytest_collection_error_header_names_the_module_it_could_not_import():
    # real pytest 8 (run here): the section header names the test module; its traceback's "in <module>" frame
    report = _read("pytest -q tests", """\
==================================== ERRORS ====================================
____________________ ERROR collecting tests/test_service.py ____________________
ImportError while importing test module '/home/runner/work/app/app/tests/test_service.py'.
Hint: make sure your test modules/packages have valid Python names.
Traceback:
/opt/hostedtoolcache/Python/3.11.7/x64/lib/python3.11/importlib/__init__.py:126: in import_module
    return _bootstrap._gcd_import(name[level:], package, level)
tests/test_service.py:1: in <module>
    import not_installed_mod
E   ModuleNotFoundError: No module named 'not_installed_mod'
=========================== short test summary info ============================
ERROR tests/test_service.py
!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
1 error in 1.35s
""")
    assert {"file": "tests/test_service.py"} in report.locations
    assert report.modules == ["not_installed_mod"]


def test_npm_enoent_names_the_missing_file():
    # real npm 11.19 `npm install` in a folder without package.json
    report = _read("npm ci", """\
npm error code ENOENT
npm error syscall open
npm error path /home/runner/work/app/app/package.json
npm error errno -2
npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '/home/runner/work/app/app/package.json'
""")
    assert report.locations == [{"file": "/home/runner/work/app/app/package.json"}]


def test_maven_project_building_error_names_the_pom_and_its_line():
    # maven-core's ProjectBuildingException: "The project g:a:v (path) has 1 error", then the ModelProblem with its
    # "@ line L, column C" (real Maven 3 output, corpus log b-travis-maven-parent-pom-unresolvable, shortened)
    report = _read("mvn install", """\
[ERROR] The build could not read 1 project -> [Help 1]
[ERROR]   
[ERROR]   The project com.example:app-testing:[unknown-version] (/home/travis/build/ex/app/app-testing/pom.xml) has 1 error
[ERROR]     Non-resolvable parent POM: Could not find artifact com.example:app-parent:pom:2.0 and 'parent.relativePath' points at wrong local POM @ line 3, column 13 -> [Help 2]
""")
    assert {"file": "/home/travis/build/ex/app/app-testing/pom.xml", "line": 3} in report.locations


# ---- the build module or package that failed (#17) -------------------------------------------------------------

def test_cargo_build_script_failure_names_its_crate():
    # cargo (core/compiler/custom_build.rs): "failed to run custom build command for `<pkg> v<version>`"
    report = _read("cargo build --verbose", """\
   Compiling glib-sys v0.18.1
error: failed to run custom build command for `glib-sys v0.18.1`

Caused by:
  process didn't exit successfully: `target/debug/build/glib-sys-1/build-script-build` (exit code: 1)
  --- stdout
  cargo:warning=Could not run `pkg-config --libs --cflags glib-2.0`
""")
    assert report.project == "glib-sys"


def test_npm_6_lifecycle_script_failure_names_its_package():
    # npm <= 6 (lib/utils/error-message.js): "Failed at the <pkg>@<version> <stage> script."
    report = _read("npm install", """\
npm ERR! code ELIFECYCLE
npm ERR! errno 134
npm ERR! phantomjs@1.9.20 install: `node install.js`
npm ERR! Exit status 134
npm ERR! 
npm ERR! Failed at the phantomjs@1.9.20 install script.
""")
    assert report.project == "phantomjs@1.9.20"


def test_maven_module_is_named_behind_a_buildkit_prefix():
    # `docker build` (BuildKit) prefixes each line of a RUN with "#<step> <seconds> " (real, corpus log
    # b-gha-docker-maven-http-blocker): Maven's "on project X" still names the module
    report = _read("docker build .", """\
#19 22.32 [INFO] BUILD FAILURE
#19 22.32 [ERROR] Failed to execute goal on project cat-core: Could not resolve dependencies for project com.dianping.cat:cat-core:jar:3.1.0: Failed to collect dependencies
#19 ERROR: executor failed running [/bin/sh -c mvn -B package]: exit code: 1
""")
    assert report.project == "cat-core"


# ---- the failing command of a multi-line `run:` block (#17) ----------------------------------------------------

def test_powershell_error_view_quotes_the_script_line_that_failed():
    # PowerShell 7's ConciseView error (the default ErrorView): "<cmdlet>: <temp script>.ps1:<n>", "Line |",
    # "   <n> | <the line>" (real output, corpus log a-pwsh-conda-not-recognized-archive)
    from autoheal.analysis.tools import command_in_script

    script = ['$ARCHIVE_NAME = "App-Windows.zip"', "Compress-Archive -Path dist\\* -DestinationPath $ARCHIVE_NAME",
              'echo "ARCHIVE_NAME=$ARCHIVE_NAME" >> $env:GITHUB_ENV']
    output = numbered("Compress-Archive: D:\\a\\_temp\\145cb315-357b-42c4-beda-fdb2c7382090.ps1:3\nLine |\n"
                      "   3 |  Compress-Archive -Path dist\\* -DestinationPath $ARCHIVE_NAME\n"
                      "     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                      "     | The path 'dist\\*' either does not exist or is not a valid file system path.\n")
    assert command_in_script(script, script[0], output) == script[1]
    # the quoted line wins over the last line that runs a tool (the shell stopped at the quoted one)
    later = script + ["Compress-Archive -Path docs\\* -DestinationPath docs.zip"]
    assert command_in_script(later, later[0]) == later[3]
    assert command_in_script(later, later[0], output) == later[1]


def test_a_bash_script_stopped_before_its_last_echoes_failed_above_them():
    # GitHub runs `run:` with `bash -e`: the step stops at the failing command, so the echoes after it never print
    from autoheal.analysis.tools import command_in_script

    script = ['echo "Running infrastructure tests..."', "if [ ! -f .env ]; then touch .env; fi",
              "docker compose -p ci -f compose.yml up --exit-code-from=tester",
              'echo "Stopping containers after infrastructure tests..."',
              "docker compose -p ci -f compose.yml down --remove-orphans -v"]
    stopped = numbered("Running infrastructure tests...\n tester Pulling\n"
                       "dependency failed to start: container ci-app-1 is unhealthy\n")
    assert command_in_script(script, script[0], stopped) == script[2]
    # the script ran to its end (its last echo printed): the last tool line stands
    ran = numbered("Running infrastructure tests...\nStopping containers after infrastructure tests...\nError: no such network\n")
    assert command_in_script(script, script[0], ran) == script[4]
    # nothing the script echoes was printed: no telling where it stopped
    assert command_in_script(script, script[0], numbered("Error: boom\n")) == script[4]
    # an echo inside a branch not taken proves nothing: the failing lint after it is still the answer
    branchy = ['echo "Testing..."', "npm test", 'if [ "$DEPLOY" = 1 ]; then', '  echo "Deploying preview..."',
               "  npm run deploy", "fi", "npm run lint"]
    assert command_in_script(branchy, branchy[0], numbered("Testing...\n12 passing\nlint: 3 problems\n")) == "npm run lint"


# ---- the code a test's exception was raised in (#17) -----------------------------------------------------------

def test_pytest_names_the_projects_own_frame_that_raised():
    # real pytest 8 output (run here): the test calls mylib.core.reader.load, which raises inside the json module
    report = _read("pytest -q tests", """\
=================================== FAILURES ===================================
__________________________________ test_load ___________________________________

    def test_load():
>       assert load("{") == {}
               ^^^^^^^^^

tests/test_reader.py:5: 
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 
mylib/core/reader.py:5: in load
    return json.loads(text)
           ^^^^^^^^^^^^^^^^
/opt/hostedtoolcache/Python/3.11.7/x64/lib/python3.11/json/__init__.py:346: in loads
    return _default_decoder.decode(s)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 

self = <json.decoder.JSONDecoder object at 0x7fe51c36a6d0>, s = '{', idx = 0

    def raw_decode(self, s, idx=0):
        try:
>           obj, end = self.scan_once(s, idx)
E           json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)

/opt/hostedtoolcache/Python/3.11.7/x64/lib/python3.11/json/decoder.py:353: JSONDecodeError
=========================== short test summary info ============================
FAILED tests/test_reader.py::test_load - json.decoder.JSONDecodeError: Expect...
1 failed in 1.72s
""")
    assert report.raised_in == {"file": "mylib/core/reader.py", "line": 5}
    # an assertion in the test itself names no module of the project
    own = _read("pytest", "____ test_x ____\n\n    def test_x():\n>       assert 1 == 2\nE       assert 1 == 2\n\n"
                "tests/test_x.py:2: AssertionError\n")
    assert own.raised_in is None


def test_gradle_root_project_tasks_name_no_project():
    # Gradle prints the task path: ":test" is the root project's task, ":app:test" the :app project's
    assert _read("./gradlew test", "FAILURE: Build failed with an exception.\n\n* What went wrong:\n"
                 "Execution failed for task ':test'.\n").project is None
    assert _read("./gradlew test", "* What went wrong:\nExecution failed for task ':app:test'.\n").project == ":app"


def test_cmake_target_whose_object_failed_is_the_project():
    # real CMake 3 + GNU make / Ninja output (run here: a library target whose source does not compile)
    made = _read("cmake --build build", """\
[ 50%] Building CXX object CMakeFiles/SmokeLib.dir/src/a.cpp.o
/home/runner/work/app/app/src/a.cpp: In function 'int f()':
/home/runner/work/app/app/src/a.cpp:1:18: error: 'undeclared_x' was not declared in this scope
    1 | int f() { return undeclared_x; }
      |                  ^~~~~~~~~~~~
gmake[2]: *** [CMakeFiles/SmokeLib.dir/build.make:76: CMakeFiles/SmokeLib.dir/src/a.cpp.o] Error 1
gmake[1]: *** [CMakeFiles/Makefile2:83: CMakeFiles/SmokeLib.dir/all] Error 2
gmake: *** [Makefile:91: all] Error 2
""")
    assert made.project == "SmokeLib"
    ninja = _read("cmake --build build", """\
[1/2] Building CXX object CMakeFiles/SmokeLib.dir/src/a.cpp.o
FAILED: CMakeFiles/SmokeLib.dir/src/a.cpp.o 
/usr/bin/c++    -MD -MT CMakeFiles/SmokeLib.dir/src/a.cpp.o -o CMakeFiles/SmokeLib.dir/src/a.cpp.o -c /home/runner/work/app/app/src/a.cpp
/home/runner/work/app/app/src/a.cpp:1:18: error: 'undeclared_x' was not declared in this scope
ninja: build stopped: subcommand failed.
""")
    assert ninja.project == "SmokeLib"


def test_dart_build_hook_failure_names_its_package():
    # Dart's native assets (package:hooks_runner), real output of `dart test` (corpus log
    # e-dart-build-hook-filename-too-long-scientific-dart, shortened)
    report = _read("dart test", "  build.dart returned with exit code: 255.\n"
                   "  Building assets for package:ndarray failed.\nError: Running build hooks failed.\n")
    assert report.project == "ndarray"


def test_missing_gradle_plugin_and_pkg_config_are_named_as_missing():
    # Gradle's UnknownPluginException (real Gradle 8 output, corpus log e-gradle-maven-central-403-ksp-plugin-flowstable)
    gradle = _read("gradle assembleDebug", """\
* What went wrong:
Plugin [id: 'com.google.devtools.ksp', version: '1.9.20-1.0.14', apply: false] was not found in any of the following sources:

- Gradle Core Plugins (plugin is not in 'org.gradle' namespace)
""")
    assert gradle.modules == ["com.google.devtools.ksp"]
    # pkg-config-rs (the pkg-config crate) when the program is absent, under cargo's build-script report
    cargo = _read("cargo build", """\
error: failed to run custom build command for `glib-sys v0.18.1`
  --- stderr

  pkg-config exited with status code 1
  > PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config --libs --cflags glib-2.0 'glib-2.0 >= 2.74'

  The pkg-config command could not be found.
""")
    assert cargo.modules == ["pkg-config"] and cargo.project == "glib-sys"


def test_vitest_failure_in_the_test_itself_names_its_describe_block():
    # real vitest output (tests/data/toollogs/vitest-failing.log): the assertion fails in the test file, so the
    # unit under test is the suite's name
    a = analyze((TOOLLOGS / "vitest-failing.log").read_bytes())
    assert a.category == "test_failure"
    assert a.specifics["tests"][0].split(" > ")[1] == "slugify"
    assert a.specifics["project"] == "slugify"


def test_nextjs_build_error_names_the_module_that_failed():
    # real Next.js 16 (Turbopack) `next build` output (corpus log e-nextjs-lightningcss-native-missing-tab)
    turbopack = _read("npm run build", """\
> Build error occurred
Error: Turbopack build failed with 1 errors:
./src/app/globals.css
Error evaluating Node.js code
Error: Cannot find module '../lightningcss.linux-x64-gnu.node'
""")
    assert {"file": "./src/app/globals.css"} in turbopack.locations
    # webpack's form (Next.js <= 15): "Failed to compile.", a blank line, then the module with its line and column
    webpack = _read("next build", "Failed to compile.\n\n./src/app/page.tsx:3:1\nModule not found: Can't resolve 'x'\n")
    assert {"file": "./src/app/page.tsx", "line": 3} in webpack.locations


def test_pmd_text_report_places_each_violation():
    # PMD's text renderer ("<file>:<line>:\t<Rule>:\t<message>"), as Gradle's pmd task prints it (real output,
    # corpus log b-ghcli-gradle-pmd-klite)
    report = _read("./gradlew check", """\
/home/runner/work/klite/klite/client/src/main/java/a/DevManager.java:447:\tUnusedPrivateField:\tAvoid unused private fields such as 'jar'.
/home/runner/work/klite/klite/client/src/main/java/a/Persistence.java:339:\tFinalFieldCouldBeStatic:\tThis final field could be made static

> Task :client:pmdMain FAILED
""")
    assert report.locations[:2] == [{"file": "/home/runner/work/klite/klite/client/src/main/java/a/DevManager.java", "line": 447},
                                    {"file": "/home/runner/work/klite/klite/client/src/main/java/a/Persistence.java", "line": 339}]


def test_go_names_the_package_whose_files_do_not_compile():
    # go build / go test print "# <package>" (a test build adds " [<package>.test]") above the package's errors
    # (real output, corpus log a-go-test-build-redeclared; setup-go's matcher re-prints each error as ##[error])
    report = _read("go test ./...", """\
# github.com/zintus/flowerss-bot/internal/bot/handler [github.com/zintus/flowerss-bot/internal/bot/handler.test]
internal/bot/handler/subscription_switch_button.go:21:2: DefaultLanguage redeclared in this block
FAIL\tgithub.com/zintus/flowerss-bot/internal/bot/handler [build failed]
""")
    assert report.project == "github.com/zintus/flowerss-bot/internal/bot/handler"
    # `go test ./...` builds every package first: a package that did not compile, named before another package's
    # failing test, is the one to name
    both = _read("go test ./...", """\
# github.com/zintus/flowerss-bot/internal/bot/handler
internal/bot/handler/subscription_switch_button.go:21:2: DefaultLanguage redeclared in this block
--- FAIL: TestFallback (0.00s)
    i18n_test.go:170: Expected 'Hello', got '[translation missing]'
FAIL
FAIL\tgithub.com/zintus/flowerss-bot/internal/i18n\t0.024s
""")
    assert both.project == "github.com/zintus/flowerss-bot/internal/bot/handler"
    # a "# heading" that no compiler error follows names nothing
    assert _read("make docs", "# Building the docs\nall good\n").project is None


def test_dotnet_test_summary_names_the_failing_test_assembly():
    # dotnet test (https://learn.microsoft.com/dotnet/core/tools/dotnet-test), VSTest console summary per assembly
    report = _read("dotnet test", """\
  Failed App.Tests.CalculatorTests.Adds [12 ms]
  Error Message:
   Assert.Equal() Failure
Failed!  - Failed:     1, Passed:    10, Skipped:     0, Total:    11, Duration: 2 s - App.Tests.dll (net8.0)
""")
    assert report.project == "App.Tests"


def test_swift_testing_tests_running_when_the_process_died():
    # swift-testing's console output (Swift 6 `swift test`; real, corpus log a-swift-wasm-test-memory-fault): tests
    # that "started." and never "passed"/"failed" were running when wasmtime trapped
    report = _read("swift test", """\
◇ Test run started.
◇ Test "Token is cached" started.
✔ Test "Token is cached" passed after 0.002 seconds.
◇ Test "Concurrent token refresh with multiple requests" started.
◇ Test uploadAssets() started.
Error: failed to run main module `CloudKitTests.wasm`
    2: memory fault at wasm address 0xf0000005 in linear memory of size 0x3900000
""")
    assert report.running == ["Concurrent token refresh with multiple requests", "uploadAssets()"]
    # a run that names its failing tests keeps those
    failed = _read("swift test", "◇ Test a() started.\n✘ Test a() failed after 0.1 seconds with 1 issue.\n")
    assert failed.running == []


def test_mocha_names_where_the_projects_code_threw_below_the_test():
    # real mocha 10 output (run here): the test calls lib/cmake.js, which throws
    report = _read("npx mocha", """\

  CMake
    1) builds the prototype


  0 passing (5ms)
  1 failing

  1) CMake
       builds the prototype:
     Error: Failed to generate def for node.lib
      at build (lib/cmake.js:3:11)
      at Context.<anonymous> (test/build.test.js:4:5)
      at process.processImmediate (node:internal/timers:483:21)

""")
    assert report.locations[0] == {"file": "test/build.test.js", "line": 4, "col": 5}
    assert report.raised_in == {"file": "lib/cmake.js", "line": 3, "col": 11}
