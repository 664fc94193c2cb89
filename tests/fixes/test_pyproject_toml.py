"""Adding to pyproject.toml: surgical text edits that tomllib reads as exactly one new item."""

from __future__ import annotations

import copy
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes.dependency import add_dependency
from autoheal.fixes.tomlscan import scan

from .helpers import line_changes, read_fixture

SETUPTOOLS = read_fixture("manifests", "pyproject-setuptools.toml")
UV = read_fixture("manifests", "pyproject-uv.toml")
HATCH = read_fixture("manifests", "pyproject-hatch.toml")
POETRY = read_fixture("manifests", "pyproject-poetry.toml")
DYNAMIC = read_fixture("manifests", "pyproject-dynamic.toml")


def with_item(text: str, path: tuple[str, ...], item: str, index: int | None = None) -> dict:
    """The data of `text` with `item` added to the array at `path` (created if missing)."""
    data = copy.deepcopy(tomllib.loads(text))
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    array = node.setdefault(path[-1], [])
    array.insert(len(array) if index is None else index, item)
    return data


@pytest.mark.parametrize(
    ("text", "requirement", "group", "path", "index", "removed", "added"),
    [
        pytest.param(SETUPTOOLS, "PyYAML", None, ("project", "dependencies"), None, [],
                     ['    "PyYAML",\n'], id="multiline-trailing-comma-unsorted"),
        pytest.param(SETUPTOOLS, "pytest-mock", "test", ("project", "optional-dependencies", "test"), None, [],
                     ['    "pytest-mock",\n'], id="optional-group-multiline"),
        pytest.param(SETUPTOOLS, "myst-parser", "docs", ("project", "optional-dependencies", "docs"), None,
                     ['docs = ["sphinx>=7", "furo"]\n'], ['docs = ["sphinx>=7", "furo", "myst-parser"]\n'],
                     id="optional-group-single-line-unsorted"),
        pytest.param('[project]\ndependencies = ["attrs", "zipp"]\n', "PyYAML", None, ("project", "dependencies"), 1,
                     ['dependencies = ["attrs", "zipp"]\n'], ['dependencies = ["attrs", "PyYAML", "zipp"]\n'],
                     id="single-line-sorted-slot"),
        pytest.param(HATCH, "pytest-mock", "test", ("project", "optional-dependencies", "test"), None,
                     ['optional-dependencies = { test = ["pytest"] }\n'],
                     ['optional-dependencies = { test = ["pytest", "pytest-mock"] }\n'], id="inline-table-group"),
        pytest.param('project.name = "x"\nproject.dependencies = []\n', "PyYAML", None, ("project", "dependencies"),
                     None, ["project.dependencies = []\n"], ['project.dependencies = ["PyYAML"]\n'], id="dotted-keys"),
        pytest.param(SETUPTOOLS, "hypothesis", "property", ("project", "optional-dependencies", "property"), None,
                     [], ['property = ["hypothesis"]\n'], id="new-group-in-existing-table"),
        pytest.param(UV, "pydantic>=2", None, ("project", "dependencies"), 2,
                     [], ["  'pydantic>=2',\n"], id="sorted-single-quotes-no-trailing-comma"),
        pytest.param(UV, "zstandard", None, ("project", "dependencies"), 3,
                     ["  'uvicorn[standard]>=0.29'\n"], ["  'uvicorn[standard]>=0.29',\n", "  'zstandard'\n"],
                     id="sorted-append-adds-comma-keeps-style"),
        pytest.param(UV, "pytest-cov", "dev", ("dependency-groups", "dev"), None, [], ["  'pytest-cov',\n"],
                     id="pep735-group-with-include"),
        pytest.param(HATCH, "PyYAML", None, ("project", "dependencies"), 2,
                     ['dependencies = ["attrs", "cattrs"]   # keep this list short\n'],
                     ['dependencies = ["attrs", "cattrs", "PyYAML"]   # keep this list short\n'],
                     id="single-line-keeps-comment"),
        pytest.param(SETUPTOOLS.replace("\n", "\r\n"), "PyYAML", None, ("project", "dependencies"), None, [],
                     ['    "PyYAML",\r\n'], id="crlf"),
        pytest.param('[project]\nname = "x"\n', "PyYAML", None, ("project", "dependencies"), None, [],
                     ['dependencies = ["PyYAML"]\n'], id="no-dependencies-key"),
        pytest.param('[project]\nname = "x"\ndependencies = [\n  # nothing yet\n]\n', "PyYAML", None,
                     ("project", "dependencies"), None, [], ['    "PyYAML",\n'], id="empty-multiline-with-comment"),
        pytest.param("[project]\ndependencies = ['a', 'b', ]\n", 'c; python_version<"3.12"', None,
                     ("project", "dependencies"), None, ["dependencies = ['a', 'b', ]\n"],
                     ["dependencies = ['a', 'b', 'c; python_version<\"3.12\"', ]\n"], id="marker-with-quotes"),
        pytest.param('[project]\ndependencies = ["z",\n  "a"]\n', "m", None, ("project", "dependencies"), None,
                     ['  "a"]\n'], ['  "a",\n', '  "m"]\n'], id="closing-bracket-on-last-item-line"),
    ],
)
def test_pyproject_edits(text, requirement, group, path, index, removed, added):
    result = add_dependency("pyproject.toml", text, requirement, group=group)
    assert result.changed, result.summary
    assert tomllib.loads(result.new) == with_item(text, path, requirement, index)
    assert line_changes(text, result.new) == (removed, added)


def test_new_optional_dependencies_table_goes_right_after_project():
    text = '[project]\nname = "x"\ndependencies = []\n\n[tool.ruff]\nline-length = 100\n'
    result = add_dependency("pyproject.toml", text, "pytest", group="test")
    assert result.new == (
        '[project]\nname = "x"\ndependencies = []\n\n[project.optional-dependencies]\ntest = ["pytest"]\n'
        "\n[tool.ruff]\nline-length = 100\n"
    )
    assert "[project.optional-dependencies].test" in result.summary


@pytest.mark.parametrize(
    ("text", "requirement", "group", "reason"),
    [
        (SETUPTOOLS, "sqlalchemy", None, "already listed"),
        (SETUPTOOLS, "Click[extra]>=9", "test", "already listed"),  # runtime deps count for every group
        (SETUPTOOLS, "pytest_cov", "test", "already listed"),
        (UV, "PYTEST", "dev", "already listed"),
        (POETRY, "PyYAML", None, "no [project] table"),
        (DYNAMIC, "PyYAML", None, "dynamic"),
        (HATCH, "sphinx", "docs", "inline or with dotted keys"),
        ('project.name = "x"\n', "PyYAML", None, "inline or with dotted keys"),
        ("[project\n", "PyYAML", None, "not valid TOML"),
    ],
)
def test_pyproject_refusals(text, requirement, group, reason):
    result = add_dependency("pyproject.toml", text, requirement, group=group)
    assert not result.changed and result.new == text
    assert reason in result.summary


def test_scanner_is_not_fooled_by_strings_that_look_like_structure():
    text = (
        'title = """\n[project]\ndependencies = ["fake"]\n"""\n'
        "pattern = '[not-a-table]'\n"
        'esc = "quote \\" and [bracket"\n'
        '[project]\nname = "x"\n'
        "dependencies = [ # why\n  \"a\", # first\n  '''b''',\n]\n"
    )
    layout = scan(text)
    assert [t.path for t in layout.tables] == [(), ("project",)]
    array = layout.arrays[("project", "dependencies")]
    assert [item.value for item in array.items] == ["a", "b"]
    result = add_dependency("pyproject.toml", text, "c")
    assert tomllib.loads(result.new)["project"]["dependencies"] == ["a", "b", "c"]
    assert tomllib.loads(result.new)["title"] == tomllib.loads(text)["title"]


# --- property: random array layouts -----------------------------------------------------------------------------

names = st.lists(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), min_size=0, max_size=6, unique=True)


@settings(max_examples=100, deadline=None)
@given(items=names, quote=st.sampled_from(['"', "'"]), multiline=st.booleans(), trailing=st.booleans(),
       comments=st.booleans(), indent=st.sampled_from(["  ", "    ", "\t"]), new=st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_any_array_layout_takes_the_new_item(items, quote, multiline, trailing, comments, indent, new, newline):
    rendered = [f"{quote}{item}{quote}" for item in items]
    if multiline:
        body = "".join(
            f"{indent}{r}{',' if (i < len(rendered) - 1 or trailing) else ''}{'  # c' if comments else ''}{newline}"
            for i, r in enumerate(rendered)
        )
        array = f"[{newline}{body}]"
    else:
        array = "[" + ", ".join(rendered) + (", " if trailing and rendered else "") + "]"
    text = f"[project]{newline}name = 'p'{newline}dependencies = {array}{newline}[tool.x]{newline}a = 1{newline}"
    result = add_dependency("pyproject.toml", text, new)
    if new in items:
        assert not result.changed
        return
    loaded = tomllib.loads(result.new)
    assert sorted(loaded["project"]["dependencies"]) == sorted(items + [new])
    assert loaded["tool"] == {"x": {"a": 1}}
    removed, added = line_changes(text, result.new)
    assert len(removed) <= 1 and 1 <= len(added) <= 2
    assert not add_dependency("pyproject.toml", result.new, new).changed


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ('[project]\nname = "a"\ndynamic = 5\ndependencies = "requests"\n', None),
        ('[project]\nname = "a"\noptional-dependencies = 3\n', "test"),
        ('dependency-groups = 7\n[project]\nname = "a"\n', "test"),
        ('[project]\nname = "a"\n[project.optional-dependencies]\ntest = "pytest"\n', "test"),
    ],
)
def test_odd_value_types_never_crash(text, group):
    result = add_dependency("pyproject.toml", text, "PyYAML", group=group)
    assert result.summary
    if result.changed:  # e.g. a new extra next to a nonsense `dependency-groups = 7`
        assert tomllib.loads(result.new)["project"]["optional-dependencies"][group] == ["PyYAML"]
    else:
        assert result.new == text
