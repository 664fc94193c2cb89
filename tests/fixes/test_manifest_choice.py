"""choose_target / choose_manifest: pick the manifest CI really installs, and say why."""

from __future__ import annotations

import pytest

from autoheal.fixes.dependency import choose_manifest, choose_target

from .helpers import read_fixture

SETUPTOOLS = read_fixture("manifests", "pyproject-setuptools.toml")
UV = read_fixture("manifests", "pyproject-uv.toml")
POETRY = read_fixture("manifests", "pyproject-poetry.toml")
DYNAMIC = read_fixture("manifests", "pyproject-dynamic.toml")
HASHED = read_fixture("manifests", "requirements-hashed.txt")
GROUPS_PYPROJECT = """[project]
name = "fmt"
dependencies = ["click>=8"]

[dependency-groups]
tests = ["pytest"]
cov-tests = [{include-group = "tests"}, "coverage"]
typing = ["mypy"]
dev = ["ruff", "tox"]
"""


def workflow(*commands: str) -> str:
    steps = "".join(f"      - run: {command}\n" for command in commands)
    return f"name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


REQS_WITH_DEV = {
    "requirements.txt": "requests\n",
    "requirements-dev.txt": "-r requirements.txt\npytest\n",
}

SCENARIOS = [
    # (id, files, dev, expected path, expected group)
    ("ci-installs-dev-which-includes-base", {**REQS_WITH_DEV, ".github/workflows/ci.yml": workflow(
        "pip install -r requirements-dev.txt", "pytest")}, False, "requirements.txt", None),
    ("ci-installs-dev-test-dep", {**REQS_WITH_DEV, ".github/workflows/ci.yml": workflow(
        "pip install -r requirements-dev.txt")}, True, "requirements-dev.txt", None),
    ("ci-installs-only-a-dev-file", {"requirements.txt": "flask\n", "requirements-test.txt": "pytest\n",
        ".github/workflows/ci.yml": workflow("pip install -r requirements-test.txt")}, False,
        "requirements-test.txt", None),
    ("no-ci-root-requirements-first", {"requirements.txt": "", "pyproject.toml": SETUPTOOLS}, False,
        "requirements.txt", None),
    ("no-ci-pyproject", {"pyproject.toml": SETUPTOOLS}, False, "pyproject.toml", None),
    ("ci-installs-project-beats-requirements", {"requirements.txt": "", "pyproject.toml": SETUPTOOLS,
        ".github/workflows/ci.yml": workflow('python -m pip install -e ".[test]"')}, False, "pyproject.toml", None),
    ("ci-installs-extra-for-tests", {"pyproject.toml": SETUPTOOLS,
        ".github/workflows/ci.yml": workflow('python -m pip install -e ".[test]"')}, True, "pyproject.toml", "test"),
    ("uv-sync-dev-group", {"pyproject.toml": UV, "uv.lock": "", ".github/workflows/ci.yml": workflow(
        "uv sync", "uv run pytest")}, True, "pyproject.toml", "dev"),
    ("tox-deps-reference", {"requirements.txt": "", "requirements/test.txt": "pytest\n",
        "tox.ini": "[testenv]\nskip_install = true\ndeps =\n    -r{toxinidir}/requirements/test.txt\ncommands = pytest\n"},
        True, "requirements/test.txt", None),
    ("requirements-dir-base", {"requirements/base.txt": "", "requirements/prod.txt": "-r base.txt\n",
        "requirements/dev.txt": "-r base.txt\n"}, False, "requirements/base.txt", None),
    ("requirements-dir-dev", {"requirements/base.txt": "", "requirements/dev.txt": "-r base.txt\n",
        "requirements/docs.txt": ""}, True, "requirements/dev.txt", None),
    ("hashed-file-skipped", {"requirements.txt": HASHED, "requirements-dev.txt": "pytest\n"}, False, None, None),
    ("constraints-never-chosen", {"requirements.txt": "-c constraints.txt\nrequests\n", "constraints.txt": "",
        ".github/workflows/ci.yml": workflow("pip install -r requirements.txt -c requirements-constraints.txt")},
        False, "requirements.txt", None),
    ("poetry-not-editable", {"pyproject.toml": POETRY}, False, None, None),
    ("dynamic-deps-from-file", {"pyproject.toml": DYNAMIC, "requirements.txt": "",
        ".github/workflows/ci.yml": workflow("pip install .")}, False, "requirements.txt", None),
    ("nested-file-referenced-by-ci", {"backend/requirements.txt": "django\n",
        ".github/workflows/ci.yml": workflow("pip install -r backend/requirements.txt")}, False,
        "backend/requirements.txt", None),
    ("test-dep-falls-back-to-runtime", {"requirements.txt": ""}, True, "requirements.txt", None),
    ("dev-extra-by-convention", {"pyproject.toml": SETUPTOOLS}, True, "pyproject.toml", "test"),
    ("nothing", {"README.md": "hi"}, False, None, None),
    # pip >= 25.1 / uv `--group`, tox `dependency_groups` (ini and [tool.tox]), uv's default `dev` group
    ("tox-ini-dependency-groups", {"pyproject.toml": GROUPS_PYPROJECT, "tox.ini": (
        "[testenv]\nskip_install = True\ndependency_groups = cov-tests\ncommands = pytest\n"
        "[testenv:pypy3]\ndependency_groups =\n    tests\n"),
        ".github/workflows/test.yml": workflow("python -m pip install --group tox", "tox -e py")},
        True, "pyproject.toml", "tests"),
    ("pyproject-tool-tox-groups", {"pyproject.toml": GROUPS_PYPROJECT + (
        '\n[tool.tox.env_run_base]\ndependency_groups = ["tests"]\n'),
        ".github/workflows/test.yml": workflow("uv run --locked --no-default-groups --group dev tox run")},
        True, "pyproject.toml", "tests"),
    ("pip-group-flag", {"pyproject.toml": GROUPS_PYPROJECT,
        ".github/workflows/test.yml": workflow("python -m pip install -e . --group cov-tests", "pytest")},
        True, "pyproject.toml", "cov-tests"),
    ("only-non-test-group-installed-falls-back-to-convention", {"pyproject.toml": GROUPS_PYPROJECT,
        ".github/workflows/test.yml": workflow("python -m pip install -e . --group typing", "mypy src")},
        True, "pyproject.toml", "tests"),
    ("installed-non-test-extra-is-not-a-test-home", {"pyproject.toml": SETUPTOOLS.replace("docs = [", "colorama = ["),
        ".github/workflows/ci.yml": workflow('pip install ".[colorama]"')}, True, "pyproject.toml", "test"),
    ("prefixed-test-requirements-via-tox", {"pyproject.toml": SETUPTOOLS, "test-requirements.txt": "pytest\n",
        "tox.ini": "[testenv]\ndeps =\n    -r test-requirements.txt\ncommands = pytest\n",
        ".github/workflows/test.yml": workflow("pip install tox", "tox -e py")}, True, "test-requirements.txt", None),
]


@pytest.mark.parametrize(("files", "dev", "path", "group"), [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_python_manifest_choice(files, dev, path, group):
    target = choose_target(files, "python", dev=dev)
    assert (target.path if target else None) == path
    assert (target.group if target else None) == group
    assert choose_manifest(files, "python", dev=dev) == path
    if target:
        assert target.reason


def test_lock_and_pip_compile_caveats():
    uv = choose_target({"pyproject.toml": UV, "uv.lock": ""})
    assert "uv lock" in uv.caveat
    compiled = choose_target({"requirements.txt": "# This file is autogenerated by pip-compile with Python 3.12\nx==1\n"})
    assert "pip-compile" in compiled.caveat
    assert choose_target({"requirements.txt": "x\n"}).caveat is None


@pytest.mark.parametrize(
    ("files", "dev", "expected"),
    [
        ({"package.json": "{}"}, False, ("package.json", None, None)),
        ({"package.json": "{}"}, True, ("package.json", "devDependencies", None)),
        ({"package.json": "{}", "package-lock.json": "{}"}, False, ("package.json", None, "npm ci")),
        ({"packages/a/package.json": "{}"}, False, None),
    ],
)
def test_node_manifest_choice(files, dev, expected):
    target = choose_target(files, "node", dev=dev)
    if expected is None:
        assert target is None
        return
    assert (target.path, target.group) == expected[:2]
    assert (expected[2] in target.caveat) if expected[2] else target.caveat is None


def test_unknown_ecosystem():
    with pytest.raises(ValueError):
        choose_target({}, "cobol")


@pytest.mark.parametrize(
    "pyproject",
    [
        'tool = "x"\n[project]\nname = "a"\ndynamic = "dependencies"\n',
        '[project]\nname = "a"\noptional-dependencies = ["not", "a", "table"]\ndependency-groups = 3\n',
        '[tool.tox]\nenv = 1\nenv_run_base = {dependency_groups = "tests"}\n[tool.uv]\ndefault-groups = "all"\n',
        '[project]\nname = "a"\ndynamic = ["dependencies"]\n[tool.setuptools.dynamic]\ndependencies = 5\n',
        "project = 1\n",
        "not toml at all [[[\n",
    ],
)
def test_odd_pyproject_shapes_never_crash(pyproject):
    files = {"pyproject.toml": pyproject, ".github/workflows/ci.yml": workflow("uv sync", "tox", "pip install -e .[x]")}
    for dev in (False, True):
        target = choose_target(files, dev=dev)
        assert target is None or target.path == "pyproject.toml"
