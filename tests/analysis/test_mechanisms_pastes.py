"""Job-log pastes from non-GitHub CI (corpus part P, docs/analysis.md "Non-GitHub pastes"): messages of Jenkins,
GitLab runner, the Docker daemon, git/libcurl, xUnit.net, nose, Azure Pipelines and Buildkite that the analyzer was
silent on or misread in text without step structure. Each message is quoted from the tool's documented or real
output (cited per test); none is a corpus log. Every paste here has no step marker, so `located` rests on a line that
states the cause by itself (analyze.UNSTRUCTURED_CAUSE_WEIGHT)."""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.extract import exit_code_in, locations_in


def _plain(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _key_texts(a, n: int = 5) -> list[str]:
    return [k.text for k in a.key_lines[:n]]


# -- a program the agent does not have (Java's ProcessBuilder) --------------------------------------------------


def test_jenkins_cannot_run_program_error_2_is_a_missing_tool():
    # Jenkins' launcher (hudson.Proc via java.lang.ProcessBuilder) when the agent has no such program:
    # `java.io.IOException: Cannot run program "docker" (in directory "/ws"): error=2, No such file or directory`
    a = analyze(_plain(
        "[build-images] $ docker build -t example/app:latest --pull=true /home/jenkins/workspace/build-images",
        'ERROR: Cannot run program "docker" (in directory "/home/jenkins/workspace/build-images"): error=2, '
        "No such file or directory",
        'java.io.IOException: Cannot run program "docker" (in directory "/home/jenkins/workspace/build-images"): '
        "error=2, No such file or directory",
        "\tat java.lang.ProcessBuilder.start(ProcessBuilder.java:1048)",
        "Finished: FAILURE",
    ))
    assert a.category == "environment"
    assert a.specifics["modules"][:1] == ["docker"]
    assert a.located
    assert "Cannot run program" in a.key_lines[0].text


def test_windows_createprocess_error_2_names_the_program_without_its_path():
    # the same IOException on a Windows agent (ProcessImpl): `CreateProcess error=2, The system cannot find the file
    # specified`; a program given by path is the tool its last component names
    a = analyze(_plain(
        'java.io.IOException: Cannot run program "C:\\tools\\bin\\node.exe": CreateProcess error=2, '
        "The system cannot find the file specified",
    ))
    assert a.category == "environment"
    assert a.specifics["modules"][:1] == ["node.exe"]


def test_cannot_run_program_permission_is_not_a_missing_tool():
    # error=13 (EACCES): the program is there but not executable - a permission, not the environment's gap
    a = analyze(_plain(
        'java.io.IOException: Cannot run program "./gradlew" (in directory "/ws"): error=13, Permission denied',
    ))
    assert a.category == "permission_denied"


# -- TLS verification (libcurl through git) -------------------------------------------------------------------


def test_git_ssl_certificate_problem_in_a_gitlab_trace_is_network():
    # GitLab runner's fetch of the repository over HTTPS with git on libcurl (curl_easy_strerror of
    # CURLE_PEER_FAILED_VERIFICATION): `fatal: unable to access '<url>': SSL certificate problem: unable to get local
    # issuer certificate`, then the runner's `ERROR: Job failed: exit status 1`
    a = analyze(_plain(
        "Running with gitlab-runner 15.11.0 (436955cb)",
        "  on shell-runner abc12345",
        "Preparing the \"shell\" executor",
        "Using Shell executor...",
        "Getting source from Git repository",
        "Fetching changes...",
        "fatal: unable to access 'https://gitlab.example.com/group/project.git/': SSL certificate problem: "
        "unable to get local issuer certificate",
        "ERROR: Job failed: exit status 1",
    ))
    assert a.category == "network"
    assert a.specifics["exit_code"] == 1
    assert a.located
    assert "SSL certificate problem" in a.key_lines[0].text


def test_gnutls_certificate_verification_failure_is_network():
    # git built on GnuTLS (Debian/Ubuntu's git): `fatal: unable to access '<url>': server certificate verification
    # failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none`
    a = analyze(_plain(
        "Fetching changes with git depth set to 20...",
        "fatal: unable to access 'https://git.example.org/a/b.git/': server certificate verification failed. "
        "CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none",
    ))
    assert a.category == "network"
    assert a.located


# -- test runners without a parser run: xUnit.net, nose --------------------------------------------------------


def test_xunit_fail_line_behind_jenkins_timestamps_names_the_test():
    # xUnit.net's console runner: `    Ns.Class.Method [FAIL]`, then xunit.assert's message (`Assert.Equal() Failure`,
    # `Expected:`/`Actual:`) and `Stack Trace:`; Jenkins' Timestamper prefixes `HH:mm:ss` (its default format)
    a = analyze(_plain(
        "16:02:11       Contoso.Billing.Tests.InvoiceTests.TotalIncludesTax [FAIL]",
        "16:02:11         Assert.Equal() Failure",
        "16:02:11         Expected: 110",
        "16:02:11         Actual:   100",
        "16:02:11         Stack Trace:",
        "16:02:11           at Contoso.Billing.Tests.InvoiceTests.TotalIncludesTax()",
    ))
    assert a.category == "test_failure"
    assert "Contoso.Billing.Tests.InvoiceTests.TotalIncludesTax" in a.specifics["tests"]
    assert a.located
    assert any("Assert.Equal() Failure" in t for t in _key_texts(a))


def test_xunit_theory_display_name_and_other_asserts():
    # a theory's display name carries its arguments; `Assert.True() Failure` is xunit.assert's too
    a = analyze(_plain(
        '    Contoso.Parsing.Tests.ParserTests.Parses(input: "1+2", expected: 3) [FAIL]',
        "      Assert.True() Failure",
        "      Expected: True",
        "      Actual:   False",
    ))
    assert a.category == "test_failure"
    assert any(t.startswith("Contoso.Parsing.Tests.ParserTests.Parses") for t in a.specifics["tests"])


def test_nose_function_test_is_read_by_its_dotted_name():
    # nose's report of a module-level test function (nose/case.py FunctionTestCase: `FAIL: module.function`), in a
    # paste cut before nose's summary (`Ran N tests`, `FAILED (failures=1)`), which is what lets the unittest
    # parser run
    a = analyze(_plain(
        "======================================================================",
        "FAIL: test_ops.test_dropout_ratio",
        "----------------------------------------------------------------------",
        "Traceback (most recent call last):",
        '  File "/usr/lib/python3/dist-packages/nose/case.py", line 198, in runTest',
        "    self.test(*self.arg)",
        '  File "/src/tests/test_ops.py", line 42, in test_dropout_ratio',
        "    assert out.min() == 0",
        "AssertionError",
        "-------------------- >> begin captured logging << --------------------",
        "root: INFO: seed 42",
        "--------------------- >> end captured logging << ---------------------",
    ))
    assert a.category == "test_failure"
    assert "test_ops.test_dropout_ratio" in a.specifics["tests"]
    assert a.located


def test_a_runner_error_line_is_not_read_as_a_nose_test():
    # `ERROR: Job failed: ...` has the `ERROR: ` prefix but no dotted test name
    a = analyze(_plain("ERROR: Job failed: exit code 1"))
    assert a.specifics["tests"] == []


# -- container images that do not exist -----------------------------------------------------------------------


def test_circleci_image_tag_not_found_is_a_missing_image():
    # CircleCI 'Spin up environment' relaying the Docker daemon: `Error response from daemon: manifest for
    # <image>:<tag> not found: manifest unknown: manifest unknown` (the registry API's MANIFEST_UNKNOWN)
    a = analyze(_plain(
        "Build-agent version 1.0.200000-abcdef12 (2023-05-01T10:00:00+0000)",
        "Starting container cimg/node:99.1",
        "  image cache not found on this host, downloading cimg/node:99.1",
        "",
        "Error response from daemon: manifest for cimg/node:99.1 not found: manifest unknown: manifest unknown",
    ))
    assert a.category == "missing_dependency"
    assert a.specifics["modules"][:1] == ["cimg/node"]
    assert a.located


def test_gitlab_runner_pull_of_a_missing_image_on_a_registry_with_a_port():
    # GitLab runner (docker executor) pulling the job image: `WARNING: Failed to pull image with policy "always":
    # Error response from daemon: manifest for <ref> not found: manifest unknown: manifest unknown (manager.go:237:0s)`
    # then `ERROR: Job failed: failed to pull image "<ref>" with specified policies [always]: ...`
    ref = "registry.example.com:5005/group/ci"
    a = analyze(_plain(
        f"Using Docker executor with image {ref}:abc123 ...",
        f"Pulling docker image {ref}:abc123 ...",
        f'WARNING: Failed to pull image with policy "always": Error response from daemon: manifest for {ref}:abc123 '
        "not found: manifest unknown: manifest unknown (manager.go:237:0s)",
        f'ERROR: Job failed: failed to pull image "{ref}:abc123" with specified policies [always]: Error response '
        f"from daemon: manifest for {ref}:abc123 not found: manifest unknown: manifest unknown (manager.go:237:0s)",
    ))
    assert a.category == "missing_dependency"
    assert a.specifics["modules"][:1] == [ref]
    # the registry's host:port and the runner's own Go source are not places in the repository
    assert a.specifics["locations"] == []


def test_pull_access_denied_for_a_repository_that_does_not_exist_is_a_missing_image():
    # moby's pull error for a repository the registry does not show: `pull access denied for <repo>, repository does
    # not exist or may require 'docker login': denied: requested access to the resource is denied`. The image
    # reference is what gets fixed (labeling: missing_dependency, alt invalid_config), not a token's permission.
    a = analyze(_plain(
        "Using Docker executor with image example/nonexistent:7 ...",
        "Pulling docker image example/nonexistent:7 ...",
        'ERROR: Job failed: failed to pull image "example/nonexistent:7" with specified policies [always]: Error '
        "response from daemon: pull access denied for example/nonexistent, repository does not exist or may require "
        "'docker login': denied: requested access to the resource is denied (manager.go:237:0s)",
    ))
    assert a.category == "missing_dependency"
    assert a.specifics["modules"][:1] == ["example/nonexistent"]


def test_push_denied_stays_a_permission():
    # docker push to a repository the login may not write: `denied: requested access to the resource is denied`
    a = analyze(_plain(
        "The push refers to repository [docker.io/example/app]",
        "5f70bf18a086: Preparing",
        "denied: requested access to the resource is denied",
    ))
    assert a.category == "permission_denied"


# -- places and exit codes in runner messages -----------------------------------------------------------------


def test_host_port_and_go_caller_with_duration_are_not_file_locations():
    assert locations_in(["manifest for registry.example.com:5005/group/ci:abc not found"]) == []
    assert locations_in(["Error response from daemon: ... (manager.go:237:0s)"]) == []
    # real places keep reading: a compiler's line:col, a Ruby frame, a Go test line
    assert [(x["file"], x["line"]) for x in locations_in(["src/main.c:12:5: error: x"])] == [("src/main.c", 12)]
    assert [(x["file"], x["line"]) for x in locations_in(["app/models/user.rb:12:in `save'"])] == [
        ("app/models/user.rb", 12)]
    assert [(x["file"], x["line"]) for x in locations_in(["    calc_test.go:31: got 2, want 3"])] == [
        ("calc_test.go", 31)]


def test_buildkite_and_azure_exit_statuses_are_read():
    # Buildkite's agent: `🚨 Error: The command exited with status 4`; Azure Pipelines' task-lib ToolRunner:
    # `<tool> exited with code '<code>'`
    assert exit_code_in(["\U0001f6a8 Error: The command exited with status 4"]) == 4
    assert exit_code_in(["[error]Bash exited with code '1'."]) == 1
    a = analyze(_plain(
        ":buildkite: Uploading output via 'buildkite annotate'",
        "\U0001f6a8 Error: The command exited with status 4",
        'user command error: running "plugin docker command" shell hook: The plugin docker command hook exited with '
        "status 4",
    ))
    assert a.specifics["exit_code"] == 4
    # the exit status says that the command failed, not why: not located, no category
    assert a.category == "unknown"
    assert not a.located


# -- Azure Pipelines debug lines ------------------------------------------------------------------------------


def test_azure_debug_lines_pasted_without_hashes_are_not_key_lines():
    # Azure Pipelines with system.debug on prints the agent's trace as `##[debug]...`; a copy from the web page keeps
    # `[debug]` without `##`. They restate the verdict (`[error]Bash exited with code '1'.`), never its cause.
    lines = (
        "Tests passed, packaging",
        "[debug]Exit code 1 received from tool '/bin/bash'",
        "[debug]STDIO streams have closed for tool '/bin/bash'",
        "[error]Bash exited with code '1'.",
        "[debug]Processed: ##vso[task.issue type=error;]Bash exited with code '1'.",
        "[debug]task result: Failed",
        "[debug]Processed: ##vso[task.complete result=Failed;done=true;]",
        "[section]Finishing: build",
    )
    for prefix in ("", "##"):
        a = analyze(_plain(*(prefix + t if t.startswith("[") else t for t in lines)))
        texts = _key_texts(a)
        assert not any("[debug]" in t for t in texts), texts
        assert any("Bash exited with code '1'" in t for t in texts), texts


# -- agents that went away, pipelines that do not compile, feeds and TLS, sbt ---------------------------------


def test_lost_agents_of_jenkins_azure_and_buildkite_are_runner_lost():
    # Jenkins remoting (hudson.remoting.Channel), Azure Pipelines' server, Buildkite's job state for a vanished agent
    for lines in (
        ("[Pipeline] sh", "+ make test", "FATAL: command execution failed",
         "java.io.IOException: Backing channel 'linux-agent-3' is disconnected.", "Finished: FAILURE"),
        ("##[error]We stopped hearing from agent Hosted Agent. Verify the agent machine is running and has a healthy "
         "network connection. Anything that terminates an agent process, starves it for CPU, or blocks its network "
         "access can cause this error.",),
        ("$ make test", "Exited with status -1 (agent lost)"),
    ):
        a = analyze(_plain(*lines))
        assert a.category == "runner_lost", lines
        assert a.located, lines


def test_jenkinsfile_that_does_not_compile_is_invalid_config():
    # Pipeline's Groovy compile of the Jenkinsfile (WorkflowScript) and a step name no installed plugin provides
    a = analyze(_plain(
        "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:",
        "WorkflowScript: 14: Expected a step @ line 14, column 17.",
        "                   if (env.BRANCH_NAME == 'main') {",
        "                   ^",
        "",
        "1 error",
        "Finished: FAILURE",
    ))
    assert a.category == "invalid_config"
    assert a.located
    b = analyze(_plain(
        "java.lang.NoSuchMethodError: No such DSL method 'publishHTML' found among steps [archive, bat, build, "
        "catchError, checkout, deleteDir, echo, error, fileExists, git, input, isUnix, junit, mail, node]",
        "Finished: FAILURE",
    ))
    assert b.category == "invalid_config"


def test_python_tls_verification_and_nuget_feed_failures_are_network():
    a = analyze(_plain(
        "WARNING: Retrying (Retry(total=0, ...)) after connection broken by 'SSLError(SSLCertVerificationError(1, "
        "'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain "
        "(_ssl.c:1129)'))': /simple/requests/",
        "ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='pypi.org', port=443): Max "
        "retries exceeded with url: /simple/requests/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
        "CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain "
        "(_ssl.c:1129)')))",
    ))
    assert a.category == "network"
    assert a.located
    b = analyze(_plain(
        "  Determining projects to restore...",
        "/ws/App/App.csproj : error NU1301: Unable to load the service index for source "
        "https://pkgs.example.com/nuget/v3/index.json.",
    ))
    assert b.category == "network"


def test_sbt_tests_failed_exception_is_a_test_failure():
    # sbt's verdict on a failing test task (Tests.showResults), in a paste cut after the test output
    a = analyze(_plain(
        "[error] (Test / test) sbt.TestsFailedException: Tests unsuccessful",
        "[error] Total time: 14 s, completed Jan 5, 2024 10:00:00 AM",
    ))
    assert a.category == "test_failure"
    assert a.located


def test_a_paste_of_debug_and_warning_lines_is_not_located():
    # `located` gates filing an issue: agent debug trace and warnings never state a cause
    a = analyze(_plain(
        "[debug]Evaluating condition for step: 'Publish'",
        "[debug]Evaluating: succeeded()",
        "npm WARN deprecated request@2.88.2: request has been deprecated",
        "[debug]Result: False",
    ))
    assert not a.located


# -- Jenkins' hidden console notes ----------------------------------------------------------------------------


def test_jenkins_console_notes_are_not_part_of_the_line():
    # a Jenkins build's `log` file on disk: each annotated line starts with a hidden ConsoleNote, `ESC[8mha:` + base64
    # of the serialized note + `ESC[0m` (hudson.console.ConsoleNote PREAMBLE/POSTAMBLE)
    note = b"\x1b[8mha:////4BC0V3LynH2uLjcGn/rGAkm4zIteAS6Z5NC/xOByRi8nAAAAYB+LCAAAAAAAAP9b85aBtbiIQSmjNKU4P0+vJLE4u1gvPjex==\x1b[0m"
    log = b"\n".join([
        b"[demo] $ /usr/bin/mvn -B clean verify",
        note + b"[INFO] BUILD FAILURE",
        note + b"[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile "
               b"(default-compile) on project demo: Compilation failure",
        note + b"[ERROR] /ws/src/main/java/demo/App.java:[12,5] cannot find symbol",
        b"Finished: FAILURE",
        b"",
    ])
    a = analyze(log)
    assert a.category == "compile_error"
    assert all("ha:" not in k.text for k in a.key_lines)
    assert any(k.text.startswith("[ERROR] /ws/src/main/java/demo/App.java:[12,5] cannot find symbol")
               for k in a.key_lines)


def test_console_notes_strip_the_same_natively_and_in_python():
    import pytest

    from autoheal.analysis import logformat
    from autoheal.analysis.native import NATIVE

    cases = [
        b"a\x1b[8mha:////AB+/==\x1b[0m[ERROR] x\n",  # a note before a line's words goes whole
        b"\r\x1b[8mha:AB\x1b[0m\n",  # between \r and \n, like any escape: GitLab's two line ends stay two
        b"\r\x1b[0K\x1b[8mha:AB\x1b[0m\n",
        b"\x1b[8mha:AB",  # no POSTAMBLE (a cut log): only the escape goes
        b"\x1b[8mha:A B\x1b[0m",  # not base64: ordinary escapes
        b"\x1b[8mh\x1b[0m",
    ]
    assert logformat.strip_ansi_py(cases[0]) == b"a[ERROR] x\n"
    assert logformat.strip_ansi_py(cases[3]) == b"ha:AB"
    if NATIVE is None:
        pytest.skip("native module not built")
    for data in cases:
        assert NATIVE.strip_ansi(data) == logformat.strip_ansi_py(data), data


# -- Jenkins' Timestamper prefixes ----------------------------------------------------------------------------

_PYTEST_RUN = (
    "+ python -m pytest tests",
    "tests/test_a.py ..F                                                      [100%]",
    "=================================== FAILURES ===================================",
    "___________________________________ test_c ____________________________________",
    ">       assert add(1, 2) == 4",
    "E       assert 3 == 4",
    "tests/test_a.py:9: AssertionError",
    "=========================== short test summary info ============================",
    "FAILED tests/test_a.py::test_c - assert 3 == 4",
    "========================= 1 failed, 2 passed in 0.05s =========================",
    "script returned exit code 1",
    "Finished: FAILURE",
)
_ESLINT_RUN = (
    "+ npx eslint .",
    "",
    "/ws/src/app.js",
    "  12:5  error  'x' is assigned a value but never used  no-unused-vars",
    "",
    "\u2716 1 problem (1 error, 0 warnings)",
    "script returned exit code 1",
    "Finished: FAILURE",
)


def _digest(a):
    return (a.category, a.confidence, a.located, a.tool, a.specifics["tests"], a.specifics["locations"],
            a.specifics["command"], a.specifics["exit_code"], [k.text for k in a.key_lines])


def test_timestamper_prefixes_do_not_hide_lines_from_the_tool_parsers():
    # Jenkins' Timestamper plugin: `HH:mm:ss ` (its default), `HH:mm:ss.SSS ` (elapsed), and a Pipeline's
    # `timestamps {}` form `[2024-01-05T10:00:00.123Z] ` before every line: the same run reads the same
    for run in (_PYTEST_RUN, _ESLINT_RUN):
        plain = analyze(_plain(*run))
        for stamp in ("12:00:{:02d} ", "00:00:{:02d}.250 ", "[2024-01-05T10:00:{:02d}.123Z] "):
            stamped = analyze(_plain(*(stamp.format(i) + line for i, line in enumerate(run))))
            assert _digest(stamped) == _digest(plain), stamp


def test_timestamper_prefix_is_cut_the_same_on_every_path():
    from autoheal.analysis.logformat import clean_line, line_text, line_text_bytes

    for raw, text in (
        ("16:26:44         Assert.Equal() Failure", "        Assert.Equal() Failure"),
        ("[2024-01-05T10:00:00.123Z] + make test", "+ make test"),
        ("16:26:44 \u2716 1 problem", "\u2716 1 problem"),
        # GitHub's own prefix goes, the program's time after it stays
        ("2024-01-05T10:00:00.1234567Z 10:15:00 INFO started", "10:15:00 INFO started"),
        # not a stamp: no space after it, or a clock time without seconds
        ("12:00:01,200 INFO x", "12:00:01,200 INFO x"),
        ("12:00 noon", "12:00 noon"),
    ):
        assert clean_line(raw).text == text, raw
        assert line_text(raw.encode()) == text, raw
        assert line_text_bytes(raw.encode()) == text.encode(), raw


# -- Buildkite's command echo ---------------------------------------------------------------------------------


def test_buildkite_failing_command_is_its_last_echo_before_the_agent_verdict():
    # Buildkite's agent echoes each command as `$ cmd` inside its `~~~`/`---` groups and ends a failed one with
    # `🚨 Error: The command exited with status N` (then `^^^ +++` to expand the group)
    a = analyze(_plain(
        "~~~ Preparing working directory",
        "$ cd /var/lib/buildkite-agent/builds/agent-1/acme/app",
        "$ git fetch -v --prune -- origin main",
        "--- :hammer: Tests",
        "$ go test ./...",
        "--- FAIL: TestAdd (0.00s)",
        "    add_test.go:9: got 3, want 4",
        "FAIL",
        "FAIL\texample.com/calc\t0.002s",
        "\U0001f6a8 Error: The command exited with status 1",
        "^^^ +++",
    ))
    assert a.category == "test_failure"
    assert a.specifics["command"] == "go test ./..."
    assert a.specifics["exit_code"] == 1
    assert a.located


def test_a_paste_cut_before_the_runner_verdict_names_its_last_echoed_command():
    # GitLab/Travis/Buildkite echo each script command as `$ cmd`; a paste that stops at the tool's error (no
    # `ERROR: Job failed`) still shows which command was running; a shell builtin echo (`$ cd x`) is not it
    a = analyze(_plain(
        "$ cd frontend",
        "$ npx tsc --noEmit",
        "src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    ))
    assert a.category == "type_error"
    assert a.specifics["command"] == "npx tsc --noEmit"
    assert a.specifics["exit_code"] is None


# -- more runner and tool messages of non-GitHub jobs ---------------------------------------------------------


def test_go_programs_lower_case_no_space_left_is_disk_full_even_in_a_runner_system_failure():
    # Go's ENOSPC text is lower-case (docker, containerd, the GitLab runner); GitLab wraps the daemon's error in
    # `ERROR: Job failed (system failure): ...`: the full disk is the cause, not a lost runner
    a = analyze(_plain(
        "ERROR: Job failed (system failure): Error response from daemon: write /var/lib/docker/tmp/GetImageBlob1: "
        "no space left on device (docker.go:624:0s)",
    ))
    assert a.category == "disk_full"
    b = analyze(_plain(
        "$ docker build -t app .",
        "failed to register layer: Error processing tar file(exit status 1): write /usr/lib/x86_64-linux-gnu/libLLVM.so: "
        "no space left on device",
        "ERROR: Job failed: exit code 1",
    ))
    assert b.category == "disk_full"
    assert b.located


def test_jenkins_scm_and_pipeline_configuration_messages():
    cases = {
        # git plugin: the branch specifier matches no branch
        "ERROR: Couldn't find any revision to build. Verify the repository and branch configuration for this job.":
            "invalid_config",
        # a Jenkinsfile using an undefined variable
        "groovy.lang.MissingPropertyException: No such property: deployEnv for class: groovy.lang.Binding":
            "invalid_config",
        # script security: a call an administrator has not approved
        "org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException: Scripts not permitted to use method "
        "java.lang.String execute": "permission_denied",
        # git over HTTPS with a refused credential
        "fatal: Authentication failed for 'https://git.example.com/acme/app.git/'": "permission_denied",
    }
    for line, category in cases.items():
        a = analyze(_plain(line, "Finished: FAILURE"))
        assert a.category == category, line
        assert a.located, line


def test_deployment_tool_configuration_errors_in_a_gitlab_job():
    a = analyze(_plain(
        "$ docker build -t app -f docker/Dockerfile .",
        "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
        "/builds/acme/app/docker/Dockerfile: no such file or directory",
        "ERROR: Job failed: exit code 1",
    ))
    assert a.category == "invalid_config"
    assert a.located
    b = analyze(_plain(
        "$ kubectl apply -f k8s/",
        'error: unable to recognize "k8s/deploy.yaml": no matches for kind "Deployment" in version '
        '"extensions/v1beta1"',
        "ERROR: Job failed: exit code 1",
    ))
    assert b.category == "invalid_config"


def test_php_memory_limit_is_out_of_memory():
    a = analyze(_plain(
        "$ composer install",
        "PHP Fatal error:  Allowed memory size of 1610612736 bytes exhausted (tried to allocate 4096 bytes) in "
        "phar:///usr/local/bin/composer/src/Composer/DependencyResolver/Solver.php on line 223",
        "ERROR: Job failed: exit code 255",
    ))
    assert a.category == "out_of_memory"
