"""Failing-command scoping of single-stream CI logs (Travis, GitLab, Jenkins).

Snippets follow the systems' documented console output: Travis' `$ cmd` echo and
`The command "cmd" exited with N.` (https://docs.travis-ci.com/user/job-lifecycle/: every
`script` command runs even after one failed), its no-output stop
(https://docs.travis-ci.com/user/common-build-problems/), GitLab's `$ cmd` echo, `Running
after_script` and `ERROR: Job failed: exit code N` (https://docs.gitlab.com/ee/ci/yaml/#after_script),
Jenkins Pipeline's `+ cmd` (sh -x), `(Declarative: Post Actions)` and `ERROR: script returned exit
code N` (https://www.jenkins.io/doc/book/pipeline/syntax/#post).
"""

from __future__ import annotations

from autoheal.analysis import analyze


def _log(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_travis_first_failing_script_command_is_the_cause():
    a = analyze(_log(
        "travis_fold:start:install",
        "$ pip install -r requirements.txt",
        "Successfully installed requests-2.31.0",
        "travis_fold:end:install",
        "$ ant -lib lib/ant clone-htsjdk",
        "clone-htsjdk:",
        "     [exec] git@github.com: Permission denied (publickey).",
        "     [exec] fatal: Could not read from remote repository.",
        "BUILD FAILED",
        "/home/travis/build/x/y/build.xml:123: exec returned: 128",
        'The command "ant -lib lib/ant clone-htsjdk" exited with 1.',
        "$ ant test",
        "test:",
        "BUILD FAILED",
        "/home/travis/build/x/y/build.xml:108: Reference htsjdk.classpath not found.",
        'The command "ant test" exited with 1.',
        "",
        "Done. Your build exited with 1.",
    ))
    assert a.specifics["command"] == "ant -lib lib/ant clone-htsjdk"
    assert a.located
    assert any("Permission denied (publickey)" in k.text for k in a.key_lines[:5])
    assert not any("Reference htsjdk.classpath" in k.text for k in a.key_lines[:1])


def test_travis_build_stopped_for_silence_is_scoped_to_the_last_command():
    a = analyze(_log(
        "$ mvn install -DskipTests=true -B",
        "[INFO] BUILD SUCCESS",
        'The command "mvn install -DskipTests=true -B" exited with 0.',
        "$ mvn test -B",
        "Running com.example.dao.ConfigDaoTestCase",
        "",
        "",
        "No output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.",
        "Check the details on how to adjust your build configuration on: https://docs.travis-ci.com/user/common-build-problems/",
        "",
        "The build has been terminated",
    ))
    assert a.category == "timeout"
    assert a.specifics["command"] == "mvn test -B"
    assert a.located


def test_gitlab_after_script_is_not_the_failing_command():
    a = analyze(_log(
        "section_start:1700000001:step_script\r\x1b[0KExecuting \"step_script\" stage of the job script",
        "$ python -m pytest -q",
        "FAILED tests/test_api.py::test_login - AssertionError: 401 != 200",
        "1 failed, 12 passed in 0.52s",
        "section_end:1700000002:step_script\r\x1b[0K",
        "section_start:1700000002:after_script\r\x1b[0KRunning after_script",
        "Running after script...",
        "$ curl -sf https://example.invalid/notify || true",
        "curl: (6) Could not resolve host: example.invalid",
        "section_end:1700000003:after_script\r\x1b[0K",
        "Cleaning up project directory and file based variables",
        "ERROR: Job failed: exit code 1",
    ))
    # the runner's sections make after_script a step of its own: the key lines still come from the script
    assert a.specifics["command"] != "curl -sf https://example.invalid/notify || true"
    assert a.specifics["exit_code"] == 1
    assert a.category == "test_failure"
    assert "tests/test_api.py::test_login" in a.specifics["tests"]
    assert a.key_lines[0].text.startswith("FAILED tests/test_api.py::test_login")


def test_gitlab_after_script_without_sections_is_not_the_failing_command():
    # runners before collapsible sections printed the after_script as plain text
    a = analyze(_log(
        "Running with gitlab-runner 10.8.0 (079aad9e)",
        "$ python -m pytest -q",
        "FAILED tests/test_api.py::test_login - AssertionError: 401 != 200",
        "1 failed, 12 passed in 0.52s",
        "Running after script...",
        "$ curl -sf https://example.invalid/notify || true",
        "curl: (6) Could not resolve host: example.invalid",
        "ERROR: Job failed: exit code 1",
    ))
    assert a.specifics["command"] == "python -m pytest -q"
    assert a.category == "test_failure"
    assert a.key_lines[0].text.startswith("FAILED tests/test_api.py::test_login")


def test_jenkins_post_actions_do_not_hide_the_failing_stage():
    a = analyze(_log(
        "[Pipeline] stage",
        "[Pipeline] { (Test)",
        "[Pipeline] sh",
        "+ go test ./...",
        "--- FAIL: TestParse (0.00s)",
        "    parse_test.go:12: got 3, want 4",
        "FAIL\texample.com/app\t0.01s",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] stage",
        "[Pipeline] { (Deploy)",
        'Stage "Deploy" skipped due to earlier failure(s)',
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] stage",
        "[Pipeline] { (Declarative: Post Actions)",
        "[Pipeline] sh",
        "+ docker logout registry.example.com",
        "Removing login credentials for registry.example.com",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] End of Pipeline",
        "ERROR: script returned exit code 1",
        "Finished: FAILURE",
    ))
    # Pipeline prints the step's error after the post actions ran: the key lines still come from the failing stage
    assert a.category == "test_failure"
    # scoped to the stage's `go test`, its first failure (the assertion's place) leads, next to the test's line
    first = [k.text.strip() for k in a.key_lines[:2]]
    assert any(t.startswith("--- FAIL: TestParse") for t in first)
    assert any(t.startswith("parse_test.go:12: got 3, want 4") for t in first)
    assert "TestParse" in a.specifics["tests"]
    assert a.specifics["command"] == "go test ./..."


def test_travis_log_copied_without_escape_characters_is_still_scoped():
    # copied from the web view: the colour codes stay as text without their ESC
    a = analyze(_log(
        "travis_fold:start:install[0Ktravis_time:start:0a1b2c3d[0K$ bundle install --jobs=3",
        "Bundle complete! 12 Gemfile dependencies, 40 gems now installed.",
        "travis_time:end:0a1b2c3d[0K",
        "[0K$ bundle exec rake test",
        "  1) Failure:",
        "CaskTest#test_audit [test/cask_test.rb:9]:",
        "Expected false to be truthy.",
        "12 runs, 30 assertions, 1 failures, 0 errors, 0 skips",
        '[31;1mThe command "bundle exec rake test" exited with 1.[0m',
        "",
        "Done. Your build exited with 1.",
    ))
    assert a.specifics["command"] == "bundle exec rake test"
    assert a.specifics["exit_code"] == 1
    assert a.category == "test_failure" and a.located
    assert "CaskTest#test_audit" in a.specifics["tests"]


def _travis(*body: str) -> bytes:
    return _log("travis_fold:start:install", "$ npm ci", "added 812 packages in 14s", "travis_fold:end:install", *body,
                "", "Done. Your build exited with 1.")


def test_travis_retried_command_is_scoped_from_its_first_attempt():
    # travis_retry runs the command up to 3 times; Travis names it "eval cmd" in the retry notes
    a = analyze(_travis(
        "$ travis_retry mvn install -DskipTests=true -B",
        "[ERROR] Failed to execute goal on project app: Could not transfer artifact org.x:y:pom:1.0 from/to central: Connection refused",
        'The command "eval mvn install -DskipTests=true -B" failed. Retrying, 2 of 3.',
        "[ERROR] Failed to execute goal on project app: Could not transfer artifact org.x:y:pom:1.0 from/to central: Connection refused",
        'The command "eval mvn install -DskipTests=true -B" failed 3 times.',
        'The command "mvn install -DskipTests=true -B" failed and exited with 1 during .',
    ))
    assert a.specifics["command"] == "mvn install -DskipTests=true -B"
    assert a.category == "network" and a.located
    assert "added 812 packages" not in " ".join(k.text for k in a.key_lines)
    # the scope starts right after the `$ travis_retry ...` echo, not at the top of the log
    from autoheal.analysis import default_kb
    from autoheal.analysis.scan import scan
    from autoheal.analysis.scoring import pick_failing_section
    from autoheal.analysis.steps import failing_scope

    data = _travis(
        "$ travis_retry mvn install -DskipTests=true -B",
        "[ERROR] Connection refused",
        'The command "eval mvn install -DskipTests=true -B" failed 3 times.',
        'The command "mvn install -DskipTests=true -B" failed and exited with 1 during .',
    )
    result = scan(data, default_kb().prefilter)
    scope = failing_scope(pick_failing_section(result.sections, None), result.log_format)
    assert scope.echo_line == 5 and scope.lines[0][0] == 6


def test_travis_multi_line_command_is_found_by_its_first_line():
    a = analyze(_travis(
        "$ if [ \"$TRAVIS_OS_NAME\" = linux ]; then",
        "  python -m pytest -q",
        "fi",
        "FAILED tests/test_io.py::test_read - OSError: [Errno 5]",
        "1 failed, 3 passed in 0.21s",
        'The command "if [ "$TRAVIS_OS_NAME" = linux ]; then',
        "  python -m pytest -q",
        'fi" exited with 1.',
    ))
    assert a.specifics["exit_code"] == 1
    assert a.category == "test_failure" and a.located
    assert a.specifics["command"].startswith("if [")


def test_travis_build_that_names_no_failing_command_failed_in_the_last_one_echoed():
    a = analyze(_travis(
        "$ ./gradlew assemble",
        "Error: Could not find or load main class org.gradle.wrapper.GradleWrapperMain",
    ))
    assert a.specifics["command"] == "./gradlew assemble"
    assert a.specifics["exit_code"] == 1
    assert a.located and a.category == "environment"


def test_jenkins_echo_of_a_command_with_options_is_found_but_not_assignments_or_diff_headers():
    # a freestyle job's "Execute shell" runs `sh -xe`: "+ cmd" echoes, then "Build step 'Execute shell' marked build as failure"
    a = analyze(_log(
        "Started by an SCM change",
        "[app] $ /bin/sh -xe /tmp/jenkins123.sh",
        "+ mvn -B -Dmaven.test.failure.ignore=false test",
        "[INFO] Running com.example.ParserTest",
        "[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.ParserTest",
        "[ERROR] parses(com.example.ParserTest)  Time elapsed: 0.01 s  <<< FAILURE!",
        "+++ b/src/main/java/com/example/Parser.java",
        "+ RESULT=1",
        "Build step 'Execute shell' marked build as failure",
        "Finished: FAILURE",
    ))
    assert a.specifics["command"] == "mvn -B -Dmaven.test.failure.ignore=false test"
    assert a.category == "test_failure" and a.located
    assert "com.example.ParserTest.parses" in a.specifics["tests"]


def _gitlab_section(ts: int, name: str, title: str = "") -> str:
    # the runner's markers: `section_end:<ts>:<prev>\r\e[0K` glued to `section_start:<ts>:<name>\r\e[0K<title>`
    # (https://docs.gitlab.com/ci/jobs/job_logs/#custom-collapsible-sections)
    return f"section_start:{ts}:{name}\r\x1b[0K\x1b[0K\x1b[36;1m{title}\x1b[0;m"


def test_gitlab_failure_reported_in_the_runner_epilogue_belongs_to_the_script():
    # A runner >= 13 prints `ERROR: Job failed` after its own epilogue sections (after_script, artifacts on
    # failure, clean-up of file variables); the failing command is the last one the step_script echoed.
    a = analyze(_log(
        "\x1b[0KRunning with gitlab-runner 16.11.0 (91a27b2a)\x1b[0;m",
        _gitlab_section(1700000000, "prepare_executor", "Preparing the \"docker\" executor"),
        "\x1b[0KUsing Docker executor with image python:3.12 ...\x1b[0;m",
        "section_end:1700000001:prepare_executor\r\x1b[0K" + _gitlab_section(1700000001, "get_sources", "Getting source from Git repository"),
        "Fetching changes with git depth set to 20...",
        "section_end:1700000002:get_sources\r\x1b[0K" + _gitlab_section(1700000002, "step_script", "Executing \"step_script\" stage of the job script"),
        "\x1b[32;1m$ pip install -e .[test]\x1b[0;m",
        "Successfully installed app-1.0",
        "\x1b[32;1m$ python -m pytest -q\x1b[0;m",
        "FAILED tests/test_api.py::test_login - AssertionError: 401 != 200",
        "1 failed, 12 passed in 0.52s",
        "section_end:1700000003:step_script\r\x1b[0K" + _gitlab_section(1700000003, "after_script", "Running after_script"),
        "\x1b[32;1mRunning after script...\x1b[0;m",
        "\x1b[32;1m$ echo done\x1b[0;m",
        "done",
        "section_end:1700000004:after_script\r\x1b[0K" + _gitlab_section(1700000004, "upload_artifacts_on_failure", "Uploading artifacts for failed job"),
        "\x1b[32;1mUploading artifacts...\x1b[0;m",
        "\x1b[0;33mWARNING: report.xml: no matching files. Ensure that the artifact path is relative to the working directory\x1b[0;m",
        "\x1b[31;1mERROR: No files to upload                         \x1b[0;m",
        "section_end:1700000005:upload_artifacts_on_failure\r\x1b[0K" + _gitlab_section(1700000005, "cleanup_file_variables", "Cleaning up project directory and file based variables"),
        "section_end:1700000006:cleanup_file_variables\r\x1b[0K\x1b[31;1mERROR: Job failed: exit code 1",
        "\x1b[0;m",
    ))
    assert a.failed_step == "step_script"
    assert a.specifics["command"] == "python -m pytest -q"
    assert a.specifics["exit_code"] == 1
    assert a.located
    assert a.category == "test_failure"
    assert a.key_lines[0].text.startswith("FAILED tests/test_api.py::test_login")


def test_gitlab_log_quoting_timestamped_service_logs_is_not_a_github_log():
    # GitLab prints a service container's log (each line timestamped) before the first section
    service = [f"2021-11-03T03:09:4{i}.981655582Z time=\"2021-11-03T03:09:40Z\" level=info msg=\"x{i}\"" for i in range(8)]
    a = analyze(_log(
        "\x1b[0KRunning with gitlab-runner 14.4.0 (bc99a056)\x1b[0;m",
        _gitlab_section(1700000000, "prepare_executor", "Preparing the \"docker+machine\" executor"),
        "*** WARNING: Service runner-0-docker-0 probably didn't start properly.",
        "",
        "Service container logs:",
        *service,
        "section_end:1700000001:prepare_executor\r\x1b[0K" + _gitlab_section(1700000001, "step_script", "Executing \"step_script\" stage of the job script"),
        "\x1b[32;1m$ make test\x1b[0;m",
        "make: *** [Makefile:12: test] Error 2",
        "section_end:1700000003:step_script\r\x1b[0K" + _gitlab_section(1700000003, "cleanup_file_variables", "Cleaning up project directory and file based variables"),
        "section_end:1700000006:cleanup_file_variables\r\x1b[0K\x1b[31;1mERROR: Job failed: exit code 2",
    ))
    assert a.specifics["command"] == "make test"
    assert a.specifics["exit_code"] == 2
    assert a.located


def test_jenkins_failure_after_post_actions_names_the_failing_stage_command():
    a = analyze(_log(
        "[Pipeline] stage",
        "[Pipeline] { (Build)",
        "[Pipeline] sh",
        "+ make build",
        "gcc -o app main.c",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] stage",
        "[Pipeline] { (Test)",
        "[Pipeline] sh",
        "+ go test ./...",
        "--- FAIL: TestParse (0.00s)",
        "    parse_test.go:12: got 3, want 4",
        "FAIL\texample.com/app\t0.01s",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] stage",
        "[Pipeline] { (Deploy)",
        'Stage "Deploy" skipped due to earlier failure(s)',
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] stage",
        "[Pipeline] { (Declarative: Post Actions)",
        "[Pipeline] junit",
        "Recording test results",
        "[Pipeline] }",
        "[Pipeline] // stage",
        "[Pipeline] End of Pipeline",
        "ERROR: script returned exit code 1",
        "Finished: FAILURE",
    ))
    assert a.failed_step == "Test"
    assert a.specifics["command"] == "go test ./..."
    assert a.located
    assert any(k.text.startswith("--- FAIL: TestParse") for k in a.key_lines[:2])


def test_gitlab_kubernetes_executor_and_a_collapsed_multi_line_command():
    # The Kubernetes executor ends with "ERROR: Job failed: command terminated with exit code N"; a multi-line
    # script entry is echoed by its first line plus " # collapsed multi-line command"
    # (https://docs.gitlab.com/ci/yaml/script/#split-long-commands); older runners say "file based variables".
    a = analyze(_log(
        "Running with gitlab-runner 16.5.0 (853330f9)",
        "Executing \"step_script\" stage of the job script",
        "$ pip install -r requirements.txt",
        "Successfully installed yamllint-1.35.1",
        "$ yamllint -f parsable deploy/ # collapsed multi-line command",
        "deploy/app.yaml:12:5: [error] syntax error: expected <block end>, but found '<block mapping start>' (syntax)",
        "Running after script...",
        "$ run \"clean-up\"",
        "Cleaning up file based variables",
        "ERROR: Job failed: command terminated with exit code 1",
    ))
    assert a.specifics["command"] == "yamllint -f parsable deploy/"
    assert a.specifics["exit_code"] == 1
    assert a.located
    assert a.key_lines[0].text.startswith("deploy/app.yaml:12:5: [error] syntax error")


def test_gitlab_script_that_failed_silently_still_owns_the_failure():
    # the script printed nothing the scan keeps; an earlier section printed a warning: the script failed
    a = analyze(_log(
        _gitlab_section(1700000000, "get_sources", "Getting source from Git repository"),
        "WARNING: Failed to remove stale lock file, retrying",
        "section_end:1700000001:get_sources\r\x1b[0K" + _gitlab_section(1700000001, "step_script", "Executing \"step_script\" stage of the job script"),
        "\x1b[32;1m$ ./scripts/check-version.sh\x1b[0;m",
        "section_end:1700000003:step_script\r\x1b[0K" + _gitlab_section(1700000003, "cleanup_file_variables", "Cleaning up project directory and file based variables"),
        "section_end:1700000006:cleanup_file_variables\r\x1b[0K\x1b[31;1mERROR: Job failed: exit code 3",
    ))
    assert a.failed_step == "step_script"
    assert a.specifics["command"] == "./scripts/check-version.sh"
    assert a.specifics["exit_code"] == 3
