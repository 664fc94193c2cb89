"""Specifics extraction, key lines and context on small real-shaped logs."""

from __future__ import annotations

from autoheal.analysis import analyze


def test_python_missing_module_with_location_and_test(gh_log):
    a = analyze(gh_log(
        "==================================== ERRORS ====================================",
        "____________________ ERROR collecting tests/test_app.py ____________________",
        "/home/runner/work/app/app/tests/test_app.py:3: in <module>",
        "    import yaml",
        "E   ModuleNotFoundError: No module named 'yaml'",
        "=========================== short test summary info ============================",
        "ERROR tests/test_app.py",
        "1 error in 0.12s",
        step="Run pytest -q",
    ))
    assert a.category == "missing_dependency"
    assert a.specifics["modules"] == ["yaml"]
    assert {"file": "tests/test_app.py", "line": 3, "in_repo": True} in a.specifics["locations"]
    assert a.key_lines[0].text.endswith("No module named 'yaml'")
    assert a.confidence >= 80
    assert "yaml" in a.suggested_fix


def test_pytest_failure_lists_test_ids(gh_log):
    a = analyze(gh_log(
        "    def test_load():",
        ">       assert load() == {}",
        "E       AssertionError: assert {'a': 1} == {}",
        "tests/test_app.py:7: AssertionError",
        "=========================== short test summary info ============================",
        "FAILED tests/test_app.py::test_load - AssertionError: assert {'a': 1} == {}",
        "FAILED tests/test_app.py::test_save[json] - KeyError: 'x'",
        "========================= 2 failed, 10 passed in 0.52s =========================",
    ))
    assert a.category == "test_failure"
    assert a.specifics["tests"][:2] == ["tests/test_app.py::test_load", "tests/test_app.py::test_save[json]"]


def test_job_timeout_extracts_minutes_and_beats_cancellation(gh_log):
    a = analyze(gh_log(
        "running integration suite",
        "##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 45 minutes.",
        "##[error]The operation was canceled.",
        exit_code=None,
    ))
    assert a.category == "timeout"
    assert a.specifics["timeout_minutes"] == 45
    assert a.fix_type == "raise_timeout"
    assert "45 minutes" in a.suggested_fix


def test_go_test_timeout_duration(gh_log):
    a = analyze(gh_log("panic: test timed out after 10m0s", "FAIL\tgithub.com/o/r/pkg\t600.012s"))
    assert a.category == "timeout"
    assert a.specifics["timeout_minutes"] == 10


def test_docker_stage_and_exit_code(gh_log):
    a = analyze(gh_log(
        "#6 [builder 2/4] RUN pip install -r requirements.txt",
        "#6 ERROR: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 1",
        "------",
        " > [builder 2/4] RUN pip install -r requirements.txt:",
        "------",
        "Dockerfile:7",
        "ERROR: failed to solve: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 1",
        step="Run docker build -t app .",
        exit_code=1,
    ))
    assert a.category == "docker_build"
    assert a.specifics["docker_stage"] == "builder 2/4"
    assert a.specifics["exit_code"] == 1
    assert a.specifics["command"] == "docker build -t app ."


def test_oom_kill_137(gh_log):
    a = analyze(gh_log("Running webpack", "/home/runner/work/_temp/x.sh: line 1:  2345 Killed                  npm run build", exit_code=137))
    assert a.category == "out_of_memory"
    assert a.specifics["exit_code"] == 137


def test_locations_outside_repo_are_flagged(gh_log):
    a = analyze(gh_log(
        '  File "/opt/hostedtoolcache/Python/3.12.1/x64/lib/python3.12/json/decoder.py", line 355, in raw_decode',
        '  File "/home/runner/work/app/app/src/app/config.py", line 12, in load',
        "SyntaxError: invalid syntax",
    ))
    locs = {(loc["file"], loc["in_repo"]) for loc in a.specifics["locations"]}
    assert ("src/app/config.py", True) in locs
    assert any(not inside for f, inside in locs if "hostedtoolcache" in f)


def test_context_blocks_surround_top_key_lines(gh_log):
    a = analyze(gh_log("step one", "step two", "fatal: No space left on device", "cleanup", "more"))
    top = a.key_lines[0]
    block = next(b for b in a.context if b["start"] <= top.line <= b["end"])
    around = {e["line"]: e["text"] for e in block["lines"]}
    assert [around[n] for n in range(top.line - 2, top.line + 3)] == [
        "step one", "step two", "fatal: No space left on device", "cleanup", "more"]


def test_key_lines_are_at_most_20_ranked_and_deduplicated(gh_log):
    lines = [f"src/m{i}.c:{i}:1: error: unknown type name 'foo{i}'" for i in range(40)]
    a = analyze(gh_log(*lines, step="Run make"))
    assert a.category == "compile_error"
    assert len(a.key_lines) == 20
    scores = [k.score for k in a.key_lines]
    assert scores == sorted(scores, reverse=True)
    assert len({k.line for k in a.key_lines}) == 20


def test_evidence_in_an_earlier_step_when_failing_step_is_silent():
    log = "\n".join([
        "2026-01-05T10:00:00.0000000Z ##[group]Run git describe --tags",
        "2026-01-05T10:00:00.1000000Z git describe --tags",
        "2026-01-05T10:00:00.2000000Z ##[endgroup]",
        "2026-01-05T10:00:00.3000000Z fatal: No names found, cannot describe anything.",
        "2026-01-05T10:00:01.0000000Z ##[group]Run test -n \"$VERSION\"",
        "2026-01-05T10:00:01.1000000Z test -n \"$VERSION\"",
        "2026-01-05T10:00:01.2000000Z ##[endgroup]",
        "2026-01-05T10:00:01.3000000Z ##[error]Process completed with exit code 1.",
    ]) + "\n"
    a = analyze(log)
    assert a.category == "environment"
    assert a.failed_step == 'Run test -n "$VERSION"'
    assert "outside the failing step" in " ".join(a.notes)


def test_failed_step_from_api_is_reported(gh_log):
    a = analyze(gh_log("--- FAIL: TestX (0.00s)"), failed_step="Unit tests")
    assert a.failed_step == "Unit tests"


def _one_step_log(step: str, *lines: str) -> str:
    out = [f"2026-01-05T10:00:00.0000000Z ##[group]{step}", f"2026-01-05T10:00:00.1000000Z {step[4:]}",
           "2026-01-05T10:00:00.2000000Z ##[endgroup]"]
    out += [f"2026-01-05T10:00:01.0000000Z {line}" for line in lines]
    out.append("2026-01-05T10:00:02.0000000Z ##[error]Process completed with exit code 1.")
    return "\n".join(out) + "\n"


def test_a_recognised_tool_silent_on_the_category_lowers_confidence():
    # cp's message under `npm run build`: npm's parser reads no EACCES, so the category is a generic guess.
    denied = "cp: cannot create regular file '/opt/tool/bin/x': Permission denied"
    plain = analyze(_one_step_log("Run ./scripts/publish.sh", denied))
    under_npm = analyze(_one_step_log("Run npm run build", denied))
    assert plain.category == under_npm.category == "permission_denied"
    assert under_npm.confidence < 70 <= plain.confidence
    assert "reported no permission denied" in " ".join(under_npm.notes)
    # npm's own error code is read by npm's parser: no such penalty.
    own = analyze(_one_step_log("Run npm run build", "npm error code EACCES"))
    assert own.category == "permission_denied" and own.confidence > under_npm.confidence
    assert not any("reported no" in n for n in own.notes)


def test_a_name_missing_from_the_projects_own_module_is_not_a_missing_dependency():
    # unittest's output when the code under test imports a name its own package no longer defines.
    own = "ImportError: cannot import name 'is_torch_available' from 'app.utils' (/home/runner/work/app/app/app/utils.py)"
    installed = ("ImportError: cannot import name 'soft_unicode' from 'markupsafe' "
                 "(/opt/hostedtoolcache/Python/3.10.4/x64/lib/python3.10/site-packages/markupsafe/__init__.py)")
    def run(line):
        return analyze(_one_step_log(
            "Run python -m unittest",
            "======================================================================",
            "ERROR: test_load (tests.test_model.TestModel)",
            "----------------------------------------------------------------------",
            "Traceback (most recent call last):",
            '  File "/home/runner/work/app/app/tests/test_model.py", line 3, in test_load',
            "    from app.model import load",
            line,
            "----------------------------------------------------------------------",
            "Ran 4 tests in 0.010s",
            "FAILED (errors=1)",
        ))
    mine = run(own)
    assert mine.category == "test_failure"
    assert [k.category for k in mine.key_lines if k.text == own] == ["test_failure"]  # a key line, read as the test's error
    # A third-party package's missing name still reads as a dependency problem (a version drift).
    theirs = run(installed)
    assert theirs.category == "test_failure"  # the tests' own failure still leads
    outside = [analyze(_one_step_log(
        "Run python scripts/build_docs.py", "Traceback (most recent call last):",
        '  File "/home/runner/work/app/app/scripts/build_docs.py", line 3, in <module>', "    from app import x", line,
    )) for line in (own, installed)]
    assert outside[0].category != "missing_dependency"
    assert outside[1].category == "missing_dependency" and outside[1].specifics["modules"] == ["markupsafe"]


def test_travis_checkout_paths_are_inside_the_repository():
    from autoheal.analysis.extract import repo_relative
    assert repo_relative("/home/travis/build/owner/repo/src/app.py") == ("src/app.py", True)
    assert repo_relative("/home/circleci/project/lib/x.rb") == ("lib/x.rb", True)
    assert repo_relative("/home/travis/.rvm/gems/ruby-2.7/gems/x.rb")[1] is False


def test_jvm_framework_stack_frames_are_not_the_projects_files():
    from autoheal.analysis.extract import locations_in
    locs = locations_in([
        "\tat org.junit.Assert.fail(Assert.java:88)",
        "\tat org.apache.maven.surefire.booter.ForkedBooter.main(ForkedBooter.java:418)",
        "\tat com.example.cart.CartTest.total(CartTest.java:48)",
    ])
    assert [(loc["file"], loc["in_repo"]) for loc in locs] == [
        ("Assert.java", False), ("ForkedBooter.java", False), ("CartTest.java", True)]


def test_a_formatters_file_list_is_reported_as_files_without_a_line(gh_log):
    # real black 26.10.1 `black --check .` output (#17): the files are where to look, though no line is named
    import jsonschema

    from autoheal.analysis import load_schema

    a = analyze(gh_log(
        "would reformat /home/runner/work/app/app/apps/api/middleware/rls_context.py",
        "would reformat /home/runner/work/app/app/apps/api/repositories/nodes.py",
        "",
        "Oh no! 💥 💔 💥",
        "2 files would be reformatted, 40 files would be left unchanged.",
        step="Run black --check .",
    ))
    assert a.category == "lint"
    assert a.specifics["locations"][:2] == [
        {"file": "apps/api/middleware/rls_context.py", "in_repo": True},
        {"file": "apps/api/repositories/nodes.py", "in_repo": True},
    ]
    jsonschema.Draft202012Validator(load_schema()).validate(a.to_dict())  # `line` is optional in the schema


def test_the_hint_names_a_file_without_a_line_by_its_path():
    from autoheal.analysis.analyze import _suggest
    from autoheal.analysis.extract import Specifics

    spec = Specifics(locations=[{"file": "src/x.py", "in_repo": True}])
    assert _suggest("Reformat {file}.", spec) == "Reformat src/x.py."
    spec.locations.insert(0, {"file": "src/y.py", "line": 4, "in_repo": True})
    assert _suggest("Fix {file}.", spec) == "Fix src/y.py:4."


def test_a_file_placed_at_a_line_drops_its_lineless_duplicate():
    from autoheal.analysis.analyze import _dedupe_locations

    locs = [{"file": "a.py", "in_repo": True}, {"file": "a.py", "line": 3, "in_repo": True}, {"file": "b.py", "in_repo": True}]
    assert _dedupe_locations(locs) == [{"file": "a.py", "line": 3, "in_repo": True}, {"file": "b.py", "in_repo": True}]


def test_a_module_missing_during_a_test_run_is_named_whatever_the_category():
    # pytest could not import a test module: a test_failure (a module of the project itself moved), and the
    # module it could not import is still the specific (before #17 it was dropped outside resolution categories)
    a = analyze(_one_step_log(
        "Run pytest tests",
        "==================================== ERRORS ====================================",
        "______________ ERROR collecting tests/unit/test_build.py ______________",
        "ImportError while importing test module '/home/runner/work/app/app/tests/unit/test_build.py'.",
        "tests/unit/test_build.py:4: in <module>",
        "    from app_ai.dashboard.build import Builder",
        "E   ModuleNotFoundError: No module named 'app_ai.dashboard.build'",
        "=========================== short test summary info ============================",
        "FAILED tests/unit/test_other.py::test_plan - AssertionError: assert 1 == 2",
        "ERROR tests/unit/test_build.py",
        "=================== 1 failed, 20 passed, 1 error in 3.10s ===================",
    ))
    assert a.category == "test_failure"
    assert "app_ai.dashboard.build" in a.specifics["modules"]


def test_a_host_and_port_is_not_a_file_and_line():
    from autoheal.analysis.extract import locations_in

    text = "[ERROR] Failed to transfer from http://x: Connection to snapshots.maven.codehaus.org:80 refused"
    assert locations_in([text]) == []
    assert locations_in(["connect to registry.npmjs.org:443 failed; see src/net.js:80"]) == [
        {"file": "src/net.js", "line": 80, "in_repo": True}]


def test_msvc_diagnostics_without_a_column_are_placed():
    # cl.exe: "path(line): error C2143: ..." (GitHub's msvc problem matcher allows "(line)" or "(line,col)")
    from autoheal.analysis.extract import locations_in

    line = r"D:\a\app\app\include\lapack.h(132): error C2143: syntax error: missing ')' before 'const'"
    assert locations_in([line]) == [{"file": "include/lapack.h", "line": 132, "in_repo": True}]


def test_a_test_failure_names_the_source_module_it_was_raised_in():
    from autoheal.analysis.analyze import _source_module

    assert _source_module([{"file": "tests/test_core.py", "line": 3, "in_repo": True},
                           {"file": "src/kite/preprocessing/pipeline.py", "line": 186, "in_repo": True}]) == "kite.preprocessing.pipeline"
    assert _source_module([{"file": "lib/operations/entity-operations.ts", "line": 22, "in_repo": True}]) == "lib/operations/entity-operations"
    assert _source_module([{"file": "pkg/__init__.py", "line": 2, "in_repo": True}]) == "pkg"
    # test files, node's internals, installed packages and places without a line are not the code under test
    assert _source_module([{"file": "__tests__/a.test.ts", "line": 1, "in_repo": True},
                           {"file": "internal/process/task_queues.js", "line": 95, "in_repo": True},
                           {"file": "/usr/lib/python3/json/decoder.py", "line": 353, "in_repo": False},
                           {"file": "app/x.py", "in_repo": True}]) is None


def test_pytest_failure_raised_in_the_projects_code_names_that_module(gh_log):
    a = analyze(gh_log(
        "=================================== FAILURES ===================================",
        "__________________________________ test_load ___________________________________",
        "tests/test_reader.py:5: ",
        "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ",
        "mylib/core/reader.py:5: in load",
        "    return json.loads(text)",
        "/opt/hostedtoolcache/Python/3.11.7/x64/lib/python3.11/json/decoder.py:337: in decode",
        "    obj, end = self.raw_decode(s, idx=_w(s, 0).end())",
        "E           json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
        "=========================== short test summary info ============================",
        "FAILED tests/test_reader.py::test_load - json.decoder.JSONDecodeError: Expecting value",
        "1 failed in 1.72s",
        step="Run pytest -q tests",
    ))
    assert a.category == "test_failure"
    assert a.specifics["project"] == "mylib.core.reader"


def test_a_program_another_step_could_not_find_is_not_the_failing_command():
    # the failing step's own output names no cause; an earlier step's "not recognized" decides the category,
    # but the command that failed is the failing step's (real shape: corpus log a-pwsh-conda-not-recognized-archive)
    log = "\n".join([
        "2026-01-05T10:00:00.0000000Z ##[group]Run conda init powershell",
        "2026-01-05T10:00:00.1000000Z conda init powershell",
        "2026-01-05T10:00:00.2000000Z ##[endgroup]",
        "2026-01-05T10:00:01.0000000Z conda.exe : The term 'conda.exe' is not recognized as a name of a cmdlet, function, script file, or executable program.",
        "2026-01-05T10:00:02.0000000Z ##[group]Run Compress-Archive -Path dist\\* -DestinationPath app.zip",
        "2026-01-05T10:00:02.1000000Z Compress-Archive -Path dist\\* -DestinationPath app.zip",
        "2026-01-05T10:00:02.2000000Z ##[endgroup]",
        "2026-01-05T10:00:03.0000000Z The path 'dist\\*' either does not exist or is not a valid file system path.",
        "2026-01-05T10:00:04.0000000Z ##[error]Process completed with exit code 1.",
    ]) + "\n"
    a = analyze(log)
    assert a.specifics["command"] == "Compress-Archive -Path dist\\* -DestinationPath app.zip"


def test_a_js_test_failure_without_a_source_place_names_its_suite():
    from autoheal.analysis.analyze import _suite_of
    from autoheal.analysis.tools import ToolReport

    vitest = ToolReport(tools=["vitest"])
    ids = ["__tests__/kg.test.ts > KnowledgeGraphManager - Extended Coverage > getMemoryStats > returns stats"]
    assert _suite_of(ids, vitest) == "KnowledgeGraphManager - Extended Coverage"
    assert _suite_of(["tests/a.spec.ts:12:3 > Login > works"], ToolReport(tools=["playwright"])) == "Login"
    # a test outside any describe block, or a runner whose ids have no suites, names none
    assert _suite_of(["__tests__/a.test.ts > works"], vitest) is None
    assert _suite_of(ids, ToolReport(tools=["pytest"])) is None


def test_a_jenkins_step_names_its_command_on_its_launcher_line():
    # Jenkins' freestyle "Invoke top-level Maven targets" step (real shape: cidiff's spoonsnapshotdeployer_4314)
    log = "\n".join([
        "Started by an SCM change",
        "Building in workspace /builds/workspace/Spoon-Snapshot-Deployer",
        "[Spoon-Snapshot-Deployer] $ /builds/tools/Maven_3.5.4/bin/mvn -s /tmp/settings.xml clean deploy -DskipTests",
        "[INFO] Scanning for projects...",
        "[INFO] BUILD FAILURE",
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-deploy-plugin:2.8.2:deploy (default-deploy) on project spoon-core: "
        "Failed to deploy artifacts: Could not transfer artifact fr.inria.gforge.spoon:spoon-core:jar:7.1.0-20180907 from/to "
        "maven.inria.fr-snapshot (http://maven.inria.fr/artifactory/spoon-public-snapshot): Access denied to: "
        "http://maven.inria.fr/artifactory/spoon-public-snapshot, ReasonPhrase: Forbidden. -> [Help 1]",
        "Build step 'Invoke top-level Maven targets' marked build as failure",
        "Finished: FAILURE",
    ]) + "\n"
    a = analyze(log)
    assert a.specifics["command"] == "/builds/tools/Maven_3.5.4/bin/mvn -s /tmp/settings.xml clean deploy -DskipTests"


def test_files_without_a_line_follow_the_places_a_tool_gave_a_line(gh_log):
    # a failing test whose output also shows a diff's headers: the assertion's place leads, the file the diff
    # names comes after every place with a line
    a = analyze(gh_log(
        "    def test_render():",
        ">       assert render() == expected",
        "E       AssertionError: snapshot differs from the one src/render.py:12 wrote",
        "--- a/tests/snapshots/render.txt",
        "+++ b/tests/snapshots/render.txt",
        "tests/test_render.py:7: AssertionError",
        "=========================== short test summary info ============================",
        "FAILED tests/test_render.py::test_render - AssertionError: snapshot differs",
        "========================= 1 failed, 3 passed in 0.52s =========================",
        step="Run pytest -q",
    ))
    locs = a.specifics["locations"]
    assert locs[0] == {"file": "tests/test_render.py", "line": 7, "in_repo": True}
    assert {"file": "src/render.py", "line": 12, "in_repo": True} in locs
    assert locs[-1] == {"file": "tests/snapshots/render.txt", "in_repo": True}


def test_an_unparsed_compilers_first_diagnostic_is_the_first_location(gh_log):
    # cl.exe under a build hook no tool parser reads (real shape: corpus log e-dart-build-hook-msvc-lapack-h-
    # scientific-dart): the first error is the cause; the key lines favour the last of the many that follow it
    first = r"D:\a\sci\sci\.dart_tool\hooks\openblas\include\lapack.h(132): error C2143: syntax error: missing ')' before '*'"
    later = [rf"D:\a\sci\sci\.dart_tool\hooks\openblas\include\lapack.h({700 + 12 * i}): error C2059: syntax error: ')'"
             for i in range(40)]
    a = analyze(gh_log("Bad state: Failed to compile custom extensions (exit 2):", first, *later,
                       r"D:\a\sci\sci\.dart_tool\hooks\openblas\include\lapack.h(1300): fatal error C1003: error count exceeds 100; stopping compilation",
                       step="Run dart test"))
    assert a.category == "compile_error"
    assert a.specifics["locations"][0]["line"] == 132


def test_macos_and_self_hosted_checkouts_are_inside_the_repository():
    from autoheal.analysis.extract import checkout_relative, repo_relative

    assert checkout_relative("/Users/runner/work/OllamaKit/OllamaKit/Sources/OllamaKit/ChatView.swift") == (
        "Sources/OllamaKit/ChatView.swift", True)
    assert checkout_relative("/home/ec2-user/actions-runner/_work/rl/rl/test/test_llm.py") == ("test/test_llm.py", True)
    assert checkout_relative("/Users/runner/work/_temp/x.sh")[1] is False
    assert checkout_relative("/home/runner/work/app/app/src/a.py") == repo_relative("/home/runner/work/app/app/src/a.py")


def test_a_swift_package_compile_error_names_its_target(gh_log):
    a = analyze(gh_log(
        "/Users/runner/work/wg/wg/Sources/WireGuardKit/TunnelConfiguration.swift:183:50: error: value of type 'Peer' has no member 'key'",
        "** ARCHIVE FAILED **",
        step="Run xcodebuild archive -scheme WireGuardKit",
    ))
    assert a.category == "compile_error"
    assert a.specifics["locations"][0]["file"] == "Sources/WireGuardKit/TunnelConfiguration.swift"
    assert a.specifics["project"] == "WireGuardKit"


def test_a_crash_names_the_tests_that_were_running(gh_log):
    a = analyze(gh_log(
        "◇ Test run started.",
        '◇ Test "Concurrent token refresh" started.',
        '◇ Test "Token is cached" started.',
        '✔ Test "Token is cached" passed after 0.002 seconds.',
        "Error: failed to run main module `Tests.wasm`",
        "Caused by:",
        "    0: error while executing at wasm backtrace:",
        "    2: memory fault at wasm address 0xf0000005 in linear memory of size 0x3900000",
        "Segmentation fault (core dumped)",
        step="Run swift test --swift-sdk wasm32-unknown-wasi",
        exit_code=134,
    ))
    assert a.category == "crash"
    assert a.specifics["tests"] == ["Concurrent token refresh"]


def test_where_the_code_threw_follows_the_failing_tests_place(gh_log):
    # mocha 10's report (its real shape, run here), in a job log: five failing test files, the first one's error
    # thrown in lib/cmake.js: the first test's place leads, the project's throw site comes second (not sixth)
    failures = []
    for i in range(1, 6):
        failures += [f"  {i}) Suite {i}", f"       builds {i}:", "     Error: Failed to generate def for node.lib"]
        if i == 1:
            failures.append("      at build (lib/cmake.js:3:11)")
        failures += [f"      at Context.<anonymous> (test/build{i}.test.js:4:5)",
                     "      at process.processImmediate (node:internal/timers:483:21)", ""]
    a = analyze(gh_log("  0 passing (5ms)", "  5 failing", "", *failures, step="Run npx mocha"))
    assert a.category == "test_failure"
    assert [(loc["file"], loc["line"]) for loc in a.specifics["locations"][:2]] == [("test/build1.test.js", 4), ("lib/cmake.js", 3)]
    assert a.specifics["project"] == "lib/cmake"
