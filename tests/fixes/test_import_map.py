"""distribution_for and is_own_module: the right package, or a refusal when no package can be the fix."""

from __future__ import annotations

import pytest

from autoheal.fixes.dependency import distribution_for, is_own_module
from autoheal.fixes.import_map import mapping_table
from autoheal.fixes.pkgname import check_requirement


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("yaml", "PyYAML"), ("cv2", "opencv-python"), ("sklearn", "scikit-learn"), ("PIL", "Pillow"),
        ("bs4", "beautifulsoup4"), ("dateutil", "python-dateutil"), ("attr", "attrs"), ("jwt", "PyJWT"),
        ("Crypto", "pycryptodome"), ("google.protobuf", "protobuf"), ("dotenv", "python-dotenv"),
        ("serial", "pyserial"), ("magic", "python-magic"),
        # dotted modules map by their top-level package (or the longest listed prefix)
        ("sklearn.linear_model", "scikit-learn"), ("PIL.Image", "Pillow"), ("yaml.constructor", "PyYAML"),
        ("google.protobuf.json_format", "protobuf"), ("dateutil.parser", "python-dateutil"),
        ("mysql.connector.errors", "mysql-connector-python"),
        # namespace packages name their distributions after deeper parts
        ("google.cloud.storage", "google-cloud-storage"), ("google.cloud.bigquery_storage", "google-cloud-bigquery-storage"),
        ("google.cloud.secretmanager", "google-cloud-secret-manager"), ("google.api_core.exceptions", "google-api-core"),
        ("azure.storage.blob", "azure-storage-blob"), ("azure.identity", "azure-identity"),
        ("azure.core.exceptions", "azure-core"), ("backports.zoneinfo", "backports.zoneinfo"),
        ("zope.interface", "zope.interface"), ("ruamel.yaml", "ruamel.yaml"),
        ("opentelemetry.trace", "opentelemetry-api"), ("opentelemetry.exporter.otlp", "opentelemetry-exporter-otlp"),
        # unknown modules map to their own top-level name
        ("requests", "requests"), ("numpy.linalg", "numpy"), ("some_unlisted_pkg.sub", "some_unlisted_pkg"),
        # removed from the standard library, with a drop-in package
        ("distutils.core", "setuptools"), ("asyncore", "pyasyncore"), ("cgi", "legacy-cgi"),
    ],
)
def test_python_module_to_distribution(module, expected):
    assert distribution_for(module) == expected


@pytest.mark.parametrize(
    "module",
    ["os", "os.path", "sys", "json", "tomllib", "asyncio.subprocess", "_ssl", "__future__", "__main__",
     "google", "google.cloud", "azure", "", "1abc", "foo-bar", "foo..bar", "foo bar", "yaml'; rm -rf /"],
)
def test_refused_python_modules(module):
    assert distribution_for(module) is None


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [("lodash", "lodash"), ("lodash/fp", "lodash"), ("@babel/core", "@babel/core"),
     ("@babel/core/lib/config", "@babel/core"), ("express", "express"), ("test", "test"),
     ("fs", None), ("fs/promises", None), ("node:test", None), ("node:fs", None), ("path", None),
     ("./local", None), ("../x", None), ("/abs/path", None), ("React", None), ("", None), ("C:\\x", None)],
)
def test_node_specifier_to_package(specifier, expected):
    assert distribution_for(specifier, "node") == expected


def test_unknown_ecosystem_is_an_error():
    with pytest.raises(ValueError, match="ecosystem"):
        distribution_for("yaml", "ruby")


def test_data_table_is_large_sorted_and_every_value_is_a_writable_requirement():
    python = mapping_table()["python"]
    modules = python["modules"]
    assert len(modules) >= 60
    assert list(modules) == sorted(modules)
    for distribution in [*modules.values(), *python["removed_from_stdlib"].values()]:
        assert check_requirement(distribution) == distribution
    for rule in python["namespaces"].values():
        assert rule["depth"] >= 2


REPO = [
    "README.md", "app.py", "mypkg/__init__.py", "mypkg/core.py", "src/srcpkg/__init__.py",
    "src/nsonly/sub/mod.py", "tests/helpers.py", "tests/test_app.py", "scripts/tooling/run.py",
    ".venv/lib/python3.12/site-packages/yaml/__init__.py", "node_modules/x/y.py", "build/lib/built/__init__.py",
    "docs/conf.py",
]


@pytest.mark.parametrize(
    ("module", "own"),
    [("app", True), ("mypkg", True), ("mypkg.core", True), ("mypkg.missing", True), ("srcpkg.x", True),
     ("nsonly", True), ("helpers", True), ("tooling", True), ("conf", True),
     ("yaml", False), ("built", False), ("requests", False), ("x", False), ("", False)],
)
def test_is_own_module_for_python(module, own):
    assert is_own_module(module, REPO) is own
    assert is_own_module(module, {path: "" for path in REPO}) is own


@pytest.mark.parametrize(
    ("specifier", "own"),
    [("./util", True), ("@/components/Button", True), ("#internal", True), ("@acme/shared", True),
     ("@acme/shared/sub", True), ("lodash", False), ("@acme/other", False)],
)
def test_is_own_module_for_node_workspaces_and_paths(specifier, own):
    files = {
        "package.json": '{"name": "root", "workspaces": ["packages/*"]}',
        "packages/shared/package.json": '{"name": "@acme/shared"}',
        "packages/broken/package.json": "{not json",
        "node_modules/@acme/other/package.json": '{"name": "@acme/other"}',
    }
    assert is_own_module(specifier, files, "node") is own
