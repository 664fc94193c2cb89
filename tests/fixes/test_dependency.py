"""The whole missing-dependency fix, as the draft-pr stage calls it."""

from __future__ import annotations

import tomllib

import pytest

from autoheal.fixes.dependency import add_dependency, fix_missing_dependency

from .helpers import line_changes, read_fixture

WEBAPP = read_fixture("manifests", "requirements-webapp.txt")
SETUPTOOLS = read_fixture("manifests", "pyproject-setuptools.toml")
APP_JSON = read_fixture("manifests", "package-app.json")

CI = """name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m pip install -r requirements.txt -r requirements-dev.txt
      - run: pytest
"""

DJANGO_REPO = {
    "requirements.txt": WEBAPP,
    "requirements-dev.txt": "pytest>=8\npytest-django\n",
    ".github/workflows/ci.yml": CI,
    "manage.py": "",
    "shop/__init__.py": "",
    "shop/models.py": "",
    "tests/test_models.py": "",
}


def test_missing_yaml_becomes_pyyaml_in_the_requirements_ci_installs():
    result = fix_missing_dependency("yaml", DJANGO_REPO)
    assert result.changed and result.path == "requirements.txt"
    assert line_changes(WEBAPP, result.new) == ([], ["PyYAML\n"])
    assert "Added PyYAML to requirements.txt" in result.summary and "CI installs it" in result.summary
    rerun = fix_missing_dependency("yaml", {**DJANGO_REPO, "requirements.txt": result.new})
    assert not rerun.changed and "already required" in rerun.summary


def test_test_only_dependency_goes_to_the_dev_requirements():
    result = fix_missing_dependency("pytest_mock", DJANGO_REPO, dev=True)
    assert result.path == "requirements-dev.txt"
    assert result.new == "pytest>=8\npytest-django\npytest-mock\n"


@pytest.mark.parametrize(
    ("module", "reason"),
    [("os.path", "standard library"), ("shop.models", "own code"), ("manage", "own code"),
     ("google", "not an installable package"), ("django", "already required")],
)
def test_refusals_explain_themselves(module, reason):
    result = fix_missing_dependency(module, DJANGO_REPO)
    assert not result.changed and result.new == result.old
    assert reason in result.summary


def test_pyproject_project_gets_the_dependency():
    files = {"pyproject.toml": SETUPTOOLS, ".github/workflows/ci.yml": CI.replace(
        "-r requirements.txt -r requirements-dev.txt", "-e .[test]"), "src/inventory/__init__.py": ""}
    result = fix_missing_dependency("cv2.aruco", files)
    assert result.path == "pyproject.toml"
    assert "opencv-python" in tomllib.loads(result.new)["project"]["dependencies"]
    assert fix_missing_dependency("inventory.cli", files).summary.endswith("not a missing dependency")


def test_node_cannot_find_module_with_lockfile_caveat():
    files = {"package.json": APP_JSON, "package-lock.json": "{}", "src/index.js": ""}
    result = fix_missing_dependency("lodash/fp", files, "node")
    assert result.changed and '"lodash": "*"' in result.new
    assert "npm ci" in result.summary
    assert not fix_missing_dependency("node:fs", files, "node").changed
    assert not fix_missing_dependency("./util", files, "node").changed


def test_no_manifest_at_all():
    result = fix_missing_dependency("yaml", {"main.py": ""})
    assert not result.changed and result.path == "" and "no manifest" in result.summary


@pytest.mark.parametrize("path", ["setup.py", "Pipfile", "environment.yml", "go.mod"])
def test_unsupported_manifests_raise(path):
    with pytest.raises(ValueError, match="not a manifest"):
        add_dependency(path, "", "PyYAML")


def test_diff_is_a_reviewable_unified_diff():
    result = fix_missing_dependency("yaml", DJANGO_REPO)
    diff = result.diff()
    assert diff.startswith("--- a/requirements.txt\n+++ b/requirements.txt\n")
    assert "\n+PyYAML\n" in diff and diff.count("\n+") == 2  # the +++ header and the one new line
    assert fix_missing_dependency("os", DJANGO_REPO).diff() == ""


@pytest.mark.parametrize("module,ecosystem", [("reqeusts", "python"), ("numpyy.core", "python"),
                                              ("lodahs", "node"), ("@evil/pkg/x", "node")])
def test_a_name_only_the_log_vouches_for_is_never_added(module, ecosystem):
    """`No module named 'reqeusts'` on a contributor's branch must not become a typosquat in a manifest."""
    files = {**DJANGO_REPO, "package.json": APP_JSON}
    result = fix_missing_dependency(module, files, ecosystem)
    assert not result.changed and result.new == result.old
    assert "named neither by autoheal's import map nor by the repository's lock files" in result.summary


@pytest.mark.parametrize("lock,text", [
    ("uv.lock", 'version = 1\n\n[[package]]\nname = "acme-widgets"\nversion = "1.0"\n'),
    ("poetry.lock", '[[package]]\nname = "Acme_Widgets"\nversion = "1.0"\n'),
    ("Pipfile.lock", '{"default": {"acme-widgets": {"version": "==1.0"}}, "develop": {}}'),
])
def test_a_package_the_python_lock_file_names_is_added(lock, text):
    result = fix_missing_dependency("acme_widgets", {**DJANGO_REPO, lock: text})
    assert result.changed and "acme-widgets" in result.new.lower().replace("_", "-")
    # the same module without the lock file: refused
    assert not fix_missing_dependency("acme_widgets", DJANGO_REPO).changed


@pytest.mark.parametrize("lock,text", [
    ("package-lock.json", '{"packages": {"": {}, "node_modules/left-pad": {"version": "1.3.0"}}}'),
    ("yarn.lock", '# yarn lockfile v1\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n'),
    ("pnpm-lock.yaml", "lockfileVersion: '6.0'\npackages:\n  /left-pad@1.3.0:\n    resolution: {}\n"),
])
def test_a_package_the_node_lock_file_names_is_added(lock, text):
    result = fix_missing_dependency("left-pad", {"package.json": APP_JSON, lock: text, "src/index.js": ""}, "node")
    assert result.changed and '"left-pad"' in result.new
