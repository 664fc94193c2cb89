"""Families of failures read as one mechanism each, not message by message (corpus part Q's dev misses):

- an uncaught Python exception ending a script is a crash for the builtin runtime errors with no category of their
  own (https://docs.python.org/3/library/exceptions.html), the tracebacks made here by running real Python;
- a lock file out of sync with its manifest is invalid_config (catalog.LOCK_OUT_OF_SYNC) whichever package manager
  refuses to rewrite it under its frozen/locked mode;
- a file URL in a stack frame ("at file:///home/runner/work/...") is a path, not a drive "e:".
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from autoheal.analysis import analyze
from autoheal.analysis.extract import locations_in
from autoheal.analysis.tools.catalog import LOCK_OUT_OF_SYNC

from .conftest import make_gh_log


def _traceback(body: str, tmp_path, env: dict | None = None) -> list[str]:
    """The stderr of a real Python script whose ``main()`` runs ``body`` and lets its exception escape."""
    script = tmp_path / "setup_env.py"
    script.write_text("import sys\n\ndef main():\n    " + body + "\n\nmain()\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         env={**os.environ, **(env or {})}, timeout=60, check=False)
    assert run.returncode == 1 and "Traceback (most recent call last):" in run.stderr
    return ["Setting up the environment", *run.stderr.splitlines()]


# The builtin runtime errors (and json's JSONDecodeError) that end a script: none has a category of its own.
CRASHES = [
    ("print('\\u2713 ok')", {"PYTHONIOENCODING": "cp1252"}, "UnicodeEncodeError: 'charmap' codec"),  # a Windows console
    ("b'\\xff'.decode('utf-8')", None, "UnicodeDecodeError:"),
    ("import json; json.loads('<html>')", None, "json.decoder.JSONDecodeError:"),
    ("raise NotImplementedError('todo')", None, "NotImplementedError:"),
    ("import math; math.exp(1000)", None, "OverflowError:"),
    ("next(iter([]))", None, "StopIteration"),  # no message: the bare class name
    ("input()", None, "EOFError:"),
    ("import codecs; codecs.lookup('no-such-codec')", None, "LookupError:"),
]


@pytest.mark.parametrize("body,env,last", CRASHES, ids=[c[2].split(":")[0].split(".")[-1] for c in CRASHES])
def test_an_uncaught_builtin_runtime_error_is_a_crash(body, env, last, tmp_path):
    lines = _traceback(body, tmp_path, env)
    assert lines[-1].startswith(last)
    a = analyze(make_gh_log(*lines, step="Run python setup_env.py"))
    assert a.category == "crash"


# Exceptions whose category is their own keep it; those that say only what failed stay with the lines around them.
KEPT = [
    ("import no_such_module_xyz", "missing_dependency"),
    ("raise MemoryError()", "out_of_memory"),
    ("raise PermissionError(13, 'Permission denied', '/etc/shadow')", "permission_denied"),
]


@pytest.mark.parametrize("body,category", KEPT)
def test_exceptions_with_their_own_category_keep_it(body, category, tmp_path):
    a = analyze(make_gh_log(*_traceback(body, tmp_path), step="Run python setup_env.py"))
    assert a.category == category


def test_a_missing_file_is_not_called_a_crash(tmp_path):
    a = analyze(make_gh_log(*_traceback("open('no-such-file.txt')", tmp_path), step="Run python setup_env.py"))
    assert a.category != "crash"


def test_an_exception_name_inside_a_sentence_is_not_a_crash():
    a = analyze(make_gh_log("Checking that the handler raises LookupError: ok", "Error: Evaluation failed.",
                            step="Run ./check.sh"))
    assert a.category != "crash"


# Package managers refusing to rewrite an out-of-sync lock file under their frozen/locked mode, in their own words.
LOCKS = [
    # real bun 1.4.5 output (`bun install --frozen-lockfile` after editing package.json), captured here
    ("bun install --frozen-lockfile", [
        "bun install v1.4.5 (a7733435c)",
        "error: lockfile had changes, but lockfile is frozen",
        "note: dependencies in package.json changed since bun.lock was saved: left-pad changed from 1.2.0 to 1.3.0",
        "note: try re-running without --frozen-lockfile and commit the updated lockfile"]),
    # deno's lockfile check (cli/lockfile: "The lockfile is out of date. Run `deno install --frozen=false`, ...")
    ("deno install --frozen", [
        "error: The lockfile is out of date. Run `deno install --frozen=false`, or rerun with `--frozen=false` to "
        "update it.", "changes:", ' 4 | +    "npm:ms@^2.1.3": "2.1.3"']),
    # pipenv install --deploy
    ("pipenv install --deploy", [
        "Your Pipfile.lock (221d14) is out of date. Expected: (939fe0).",
        "Usage: pipenv install [OPTIONS] [PACKAGES]...", "", "ERROR:: Aborting deploy"]),
    # NuGet locked mode (https://learn.microsoft.com/nuget/reference/errors-and-warnings/nu1004)
    ("dotnet restore --locked-mode", [
        "/home/runner/work/app/app/src/App/App.csproj : error NU1004: The package reference Foo version has changed "
        "from [1.0.0, ) to [2.0.0, ). The packages lock file is inconsistent with the project dependencies so restore "
        "can't be run in locked mode. Disable the RestoreLockedMode MSBuild property or pass an explicit "
        "--force-evaluate option to run restore to update the lock file. [/home/runner/work/app/app/App.sln]"]),
    # Mix.Dep.Lock under `mix deps.get --check-locked`
    ("mix deps.get --check-locked", [
        "Resolving Hex dependencies...",
        "** (Mix) Your mix.lock is out of date and must be updated without the --check-locked flag"]),
    # SwiftPM (Workspace) with automatic resolution disabled, as xcodebuild relays it
    ("xcodebuild -resolvePackageDependencies -disableAutomaticPackageResolution", [
        "xcodebuild: error: Could not resolve package dependencies:",
        "  an out-of-date resolved file was detected at /Users/runner/work/app/app/App.xcodeproj/project.xcworkspace/"
        "xcshareddata/swiftpm/Package.resolved, which is not allowed when automatic dependency resolution is disabled; "
        "please make sure to update the file to reflect the changes in dependencies."]),
    # dart pub get --enforce-lockfile
    ("dart pub get --enforce-lockfile", [
        "Resolving dependencies...", "Unable to satisfy `pubspec.yaml` using `pubspec.lock`.", "",
        "To update `pubspec.lock` run `dart pub get` without `--enforce-lockfile`."]),
    # go's -mod=readonly refusing to edit go.mod (cmd/go modload)
    ("go build ./...", ["go: updates to go.mod needed; to update it:", "\tgo mod tidy"]),
    # already read before this family was completed (kept: the family is one mechanism)
    ("yarn install --frozen-lockfile", [
        "yarn install v1.22.22", "[1/4] Resolving packages...",
        "error Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`."]),
    ("uv sync --locked", [
        "error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided. To update the lockfile, "
        "run `uv lock`."]),
]


@pytest.mark.parametrize("step,lines", LOCKS, ids=[s.split()[0] for s, _ in LOCKS])
def test_a_lock_file_out_of_sync_is_invalid_config_for_every_package_manager(step, lines):
    a = analyze(make_gh_log(*lines, step=f"Run {step}"))
    assert a.category == LOCK_OUT_OF_SYNC


@pytest.mark.parametrize("frame,file", [
    ("    at main (file:///home/runner/work/app/app/src/cli.js:12:7)", "src/cli.js"),
    ("    at file:///home/runner/work/app/app/scripts/build.mjs:3:1", "scripts/build.mjs"),
    ("    at file:///D:/a/app/app/src/cli.mjs:3:4", "src/cli.mjs"),
    ("root:/home/runner/work/app/app/tools/gen.py:8", "tools/gen.py"),
])
def test_a_file_url_or_a_word_before_a_path_is_not_a_drive(frame, file):
    (loc,) = locations_in([frame])
    assert loc["file"] == file and loc["in_repo"]


def test_a_windows_drive_is_still_a_drive():
    (loc,) = locations_in(["C:\\tools\\lib\\x.cs(12,5): error CS1002: ; expected"])
    assert loc["file"] == "C:/tools/lib/x.cs" and not loc["in_repo"]


def test_a_package_managers_lock_file_message_is_calibrated_like_any_tool_reading():
    """bun, deno, pipenv, NuGet, mix, SwiftPM and dart print these messages, not the runner: they must not read as the
    runner's own statement (evidence kind `runner`), which the score calibration exempts (scoring.SELF_STATED_KINDS)."""
    from autoheal.analysis.scoring import PR_GATE
    a = analyze(make_gh_log("bun install v1.4.5", "Resolving dependencies",
                            "error: lockfile had changes, but lockfile is frozen",
                            "note: try re-running without --frozen-lockfile and commit the updated lockfile",
                            step="Run bun install --frozen-lockfile"))
    assert a.category == LOCK_OUT_OF_SYNC
    assert a.confidence < PR_GATE


@pytest.mark.parametrize("message", [
    'denied: Permission "artifactregistry.repositories.uploadArtifacts" denied on resource '
    '"projects/p/locations/us-central1/repositories/images" (or it may not exist)',
    "denied: User: arn:aws:sts::123456789012:assumed-role/ci/gha is not authorized to perform: "
    "ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:123456789012:repository/app because no "
    "identity-based policy allows the ecr:InitiateLayerUpload action",
    "denied: installation not allowed to Write organization package",
])
def test_a_registry_refusing_a_push_is_permission_denied(message):
    """The distribution API's DENIED error code (OCI distribution spec), as docker prints it: `denied: <message>`."""
    a = analyze(make_gh_log("The push refers to repository [registry.example.com/team/app]",
                            "5f70bf18a086: Preparing", "e3b0c44298fc: Waiting", message,
                            step="Run docker push registry.example.com/team/app:1.2.3"))
    assert a.category == "permission_denied"
    assert message in a.key_lines[0].text


def test_the_word_denied_inside_a_sentence_is_not_a_registry_refusal():
    a = analyze(make_gh_log("Checking access...", "Access denied: see https://example.com/help",
                            "FAILED tests/test_app.py::test_home - assert 500 == 200", "1 failed in 0.1s",
                            step="Run pytest -q"))
    assert a.category == "test_failure"
