"""Category and calibration rules for the mistake classes corpus part J showed (issue #17): each class on a small
log in the real program's output format (sources cited per test). Each test fails when its rule is removed."""

from __future__ import annotations

from autoheal.analysis import analyze

from .conftest import make_gh_log

# --- BuildKit built the image, then a registry or cache service answered 5xx ----------------------------------


def test_a_cache_export_answered_502_is_the_network_not_the_image_build():
    # real docker/build-push-action output (buildx with `cache-to: type=gha`, corpus part J): every layer was built
    # and pushed; exporting the cache to the GitHub Actions cache service got GitHub's 502 error page back
    a = analyze(make_gh_log(
        "#24 pushing manifest for ghcr.io/octo/fips-python:3.10@sha256:5e0d done",
        "#26 exporting to GitHub Actions Cache",
        "#26 preparing build cache for export 170.5s done",
        "#26 writing layer sha256:712c2c3b7268728055cbfe6d437f6631c53be2e77f278f353f75087ad5f676df 115.5s done",
        "#26 ERROR: error writing layer blob: failed to parse error response 502: <!DOCTYPE html>",
        "<html>",
        "  <title>Unicorn! &middot; GitHub</title>",
        "------",
        " > exporting to GitHub Actions Cache:",
        "------",
        "ERROR: failed to build: failed to solve: error writing layer blob: failed to parse error response 502: "
        "<!DOCTYPE html>",
        "##[error]buildx failed with: </html>",
        step="Run docker/build-push-action@v6", exit_code=None))
    assert a.category == "network"
    assert a.scores[1]["category"] == "docker_build"


def test_a_push_answered_503_by_the_registry_is_the_network():
    # containerd's resolver (remotes/docker/pusher.go: "unexpected status from %s request to %s: %s") under BuildKit
    a = analyze(make_gh_log(
        "#27 exporting to image",
        "#27 pushing layers 0.8s done",
        "#27 ERROR: failed to push ghcr.io/octo/app:latest: unexpected status from PUT request to "
        "https://ghcr.io/v2/octo/app/manifests/latest: 503 Service Unavailable",
        "------",
        " > exporting to image:",
        "------",
        "ERROR: failed to solve: failed to push ghcr.io/octo/app:latest: unexpected status from PUT request to "
        "https://ghcr.io/v2/octo/app/manifests/latest: 503 Service Unavailable",
        step="Run docker buildx build --push -t ghcr.io/octo/app:latest ."))
    assert a.category == "network"


def test_a_failed_instruction_echoed_by_build_push_action_stays_a_docker_build_failure():
    # build-push-action repeats buildx's last stderr line; the instruction's failure is still the image build's
    a = analyze(make_gh_log(
        "#9 [build 4/6] RUN curl -fsSL https://example.org/x.tgz | tar xz",
        "#9 0.512 curl: (22) The requested URL returned error: 503",
        "#9 ERROR: process \"/bin/sh -c curl -fsSL https://example.org/x.tgz | tar xz\" did not complete "
        "successfully: exit code: 2",
        "ERROR: failed to solve: process \"/bin/sh -c curl -fsSL https://example.org/x.tgz | tar xz\" did not "
        "complete successfully: exit code: 2",
        "##[error]buildx failed with: ERROR: failed to solve: process \"/bin/sh -c curl -fsSL "
        "https://example.org/x.tgz | tar xz\" did not complete successfully: exit code: 2",
        step="Run docker/build-push-action@v6", exit_code=None))
    assert a.category == "docker_build"


# --- the runner's own verdict after the step's exit marker -------------------------------------------------------


def test_the_runner_s_shutdown_signal_after_the_exit_marker_is_a_lost_runner():
    # actions/runner's messages (real, corpus part J): the step's process got SIGTERM (143) when the hosted runner
    # was shut down; the runner says so on the line after `Process completed`
    log = make_gh_log("Running vulnerability scan...", step="Run govulncheck ./...", exit_code=143).replace(
        "Post job cleanup.",
        "##[error]The runner has received a shutdown signal. This can happen when the runner service is stopped, "
        "or a manually started runner is canceled.\n2026-01-05T10:00:05.0500000Z Cleaning up orphan processes")
    a = analyze(log)
    assert a.category == "runner_lost"
    assert a.confidence >= 70  # dominant, its own evidence, in the failing command's scope
    assert a.located


# --- an action naming the secret it was not given ----------------------------------------------------------------


def test_an_action_asking_for_a_secret_by_its_expression_is_a_missing_secret():
    # 8398a7/action-slack (src/client.ts: `throw new Error('Specify secrets.SLACK_WEBHOOK_URL')`); GitHub passes the
    # unset secret as an empty env value
    a = analyze(make_gh_log(
        "env:",
        "  SLACK_WEBHOOK_URL: ",
        "##[error]Specify secrets.SLACK_WEBHOOK_URL",
        step="Run 8398a7/action-slack@v3", exit_code=None))
    assert a.category == "missing_secret"
    assert a.confidence < 70  # a pattern, no parser of the action's output


def test_gpg_refusing_the_imported_key_is_a_missing_secret():
    # actions/setup-java with gpg-private-key (src/gpg.ts: `Importing private gpg key`, then `gpg --batch --import`);
    # @actions/exec's failure message names the process
    a = analyze(make_gh_log(
        "Creating settings.xml with server-id: ossrh",
        "Importing private gpg key",
        "##[error]The process '/usr/bin/gpg' failed with exit code 2",
        step="Run actions/setup-java@v4", exit_code=None))
    assert a.category == "missing_secret"
    b = analyze(make_gh_log("gpg: no valid OpenPGP data found.", "gpg: Total number processed: 0",
                            step="Run echo \"$GPG_PRIVATE_KEY\" | gpg --batch --import"))
    assert b.category == "missing_secret"


# --- Kubernetes says a container keeps crashing ------------------------------------------------------------------


def test_a_pod_in_crashloopbackoff_is_a_crash_not_the_api_server_s_eof():
    # kubectl get pods / get events as a diagnostics step prints them after `helm --wait` timed out (real k3d output,
    # corpus part J); the kubelet log request the same step makes fails with EOF
    a = analyze(make_gh_log(
        'echo "❌ Helm release did not become ready. Dumping diagnostics …"',
        "NAMESPACE     NAME                     READY   STATUS             RESTARTS       AGE",
        "default       migrations-n5r26         0/1     CrashLoopBackOff   5 (116s ago)   5m",
        "default       3m41s       Warning   BackOff     pod/migrations-n5r26     Back-off restarting failed container",
        'Error from server: Get "https://172.18.0.2:10250/containerLogs/default/migrations-n5r26/alembic?tailLines=100":'
        " EOF",
        step='Run echo "❌ Helm release did not become ready. Dumping diagnostics …"'))
    assert a.category == "crash"
    assert a.confidence < 70


# --- trivy's misconfiguration report -----------------------------------------------------------------------------


def test_trivy_config_findings_are_a_security_scan():
    # `trivy config .` (aquasecurity/trivy-action; https://trivy.dev/latest/docs/scanner/misconfiguration/), real
    # report shape: per target the test counts, the failures by the severities asked for, then each finding
    a = analyze(make_gh_log(
        "Running Trivy with options: trivy config .",
        "docker/Dockerfile.build (dockerfile)",
        "====================================",
        "Tests: 27 (SUCCESSES: 19, FAILURES: 8)",
        "Failures: 8 (HIGH: 8, CRITICAL: 0)",
        "",
        "AVD-DS-0029 (HIGH): '--no-install-recommends' flag is missed: 'apt-get update && apt-get install -y jq'",
        " docker/Dockerfile.build:266-269",
        step="Run entrypoint.sh"))
    assert a.category == "security_scan"
    assert a.key_lines[0].text.startswith(("Failures: 8", "AVD-DS-0029"))


def test_a_clean_trivy_target_is_no_finding():
    a = analyze(make_gh_log(
        "Tests: 27 (SUCCESSES: 27, FAILURES: 0)",
        "Failures: 0 (HIGH: 0, CRITICAL: 0)",
        "Error: unable to read docker/Dockerfile.prod: open docker/Dockerfile.prod: no such file or directory",
        step="Run entrypoint.sh"))
    assert a.category != "security_scan"


# --- AAPT2 resource linking: a library's style not found ---------------------------------------------------------


def test_aapt_not_finding_a_material_theme_is_a_missing_library_below_the_gate():
    # real AGP 8 output (processDebugResources, corpus part J); Theme.Material3 comes from
    # com.google.android.material:material, missing or too old: a symptom that does not say which
    a = analyze(make_gh_log(
        "> Task :app:processDebugResources FAILED",
        "",
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        "Execution failed for task ':app:processDebugResources'.",
        "> A failure occurred while executing com.android.build.gradle.internal.res.LinkApplicationAndroidResourcesTask"
        "$TaskAction",
        "   > Android resource linking failed",
        "     error: resource style/Theme.Material3.DayNight (aka me.app.debug:style/Theme.Material3.DayNight) not "
        "found.",
        "     me.app-mergeDebugResources-2:/values/values.xml:12: error: style attribute 'attr/colorPrimary (aka "
        "me.app.debug:attr/colorPrimary)' not found.",
        "     error: failed linking references.",
        "",
        "BUILD FAILED in 1m 7s",
        step="Run ./gradlew clean assembleDebug"))
    assert a.category == "missing_dependency"
    assert 50 <= a.confidence < 70


# --- Gradle's wrapper task could not fetch the distribution it writes --------------------------------------------


def test_the_wrapper_task_s_distribution_url_check_is_the_network_below_the_gate():
    # Gradle 9's wrapper task (real output, corpus part J); the URL check fails when the download does
    a = analyze(make_gh_log(
        "> Task :wrapper FAILED",
        "",
        "FAILURE: Build failed with an exception.",
        "",
        "* What went wrong:",
        "Execution failed for task ':wrapper'.",
        "> Test of distribution url https://services.gradle.org/distributions/gradle-8.9-bin.zip failed. Please check "
        "the values set with --gradle-distribution-url and --gradle-version.",
        "",
        "BUILD FAILED in 1m 16s",
        step="Run gradle wrapper --gradle-version 8.9"))
    assert a.category == "network"
    assert a.confidence < 70  # a version that does not exist reads the same
