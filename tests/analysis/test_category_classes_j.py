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
