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
    assert a.key_lines[0].text.startswith("--- FAIL: TestParse")
    assert "TestParse" in a.specifics["tests"]


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
