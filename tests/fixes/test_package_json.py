"""Adding to package.json: key order, indentation, CRLF and minified layout all survive."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes.dependency import add_dependency

from .helpers import line_changes, read_fixture

APP = read_fixture("manifests", "package-app.json")
TABS = read_fixture("manifests", "package-tabs-crlf.json")
MINI = read_fixture("manifests", "package-minified.json")


@pytest.mark.parametrize(
    ("text", "spec", "group", "removed", "added"),
    [
        pytest.param(APP, "lodash", None, [], ['    "lodash": "*",\n'], id="sorted-slot"),
        pytest.param(APP, "@types/express@^4.17.21", "dev", [], ['    "@types/express": "^4.17.21",\n'],
                     id="dev-sorted-first"),
        pytest.param(APP, "zustand@^4", None, ['    "zod": "^3.23.8"\n'],
                     ['    "zod": "^3.23.8",\n', '    "zustand": "^4"\n'], id="sorted-last"),
        pytest.param(TABS, "ora", None, ['\t\t"chalk": "^5.3.0"\r\n'], ['\t\t"chalk": "^5.3.0",\r\n', '\t\t"ora": "*"\r\n'],
                     id="tabs-crlf-unsorted-appends"),
        pytest.param(MINI, "b@2", None, [MINI], [MINI.replace('"c"', '"b":"2","c"')], id="minified"),
    ],
)
def test_package_json_edits(text, spec, group, removed, added):
    result = add_dependency("package.json", text, spec, group=group)
    assert result.changed, result.summary
    assert line_changes(text, result.new) == (removed, added)
    old, new = json.loads(text), json.loads(result.new)
    assert list(new) == list(old)  # top-level key order kept


def test_missing_block_is_added_at_the_end_in_the_file_style():
    text = '{\n    "name": "x",\n    "private": true\n}\n'
    result = add_dependency("package.json", text, "lodash", group="devDependencies")
    assert result.new == '{\n    "name": "x",\n    "private": true,\n    "devDependencies": {\n        "lodash": "*"\n    }\n}\n'


def test_empty_block_and_string_values_with_braces():
    text = '{\n  "description": "uses {braces} and \\"quotes\\" [x]",\n  "dependencies": {}\n}\n'
    result = add_dependency("package.json", text, "left-pad")
    assert json.loads(result.new)["dependencies"] == {"left-pad": "*"}
    assert result.new.endswith('  "dependencies": {\n    "left-pad": "*"\n  }\n}\n')


@pytest.mark.parametrize(
    ("text", "spec", "reason"),
    [
        (APP, "vitest", "already in devDependencies"),
        (APP, "react@^19", "already in dependencies"),
        ("{not json", "lodash", "not valid JSON"),
        ("[1]", "lodash", "not a JSON object"),
        ('{"dependencies": []}', "lodash", "not an object"),
    ],
)
def test_package_json_refusals(text, spec, reason):
    result = add_dependency("package.json", text, spec)
    assert not result.changed and result.new == text
    assert reason in result.summary


@pytest.mark.parametrize("spec", ["Lodash", "lodash@", 'x@"1"', "../x", "x\ny", "@scope"])
def test_invalid_npm_specs_are_never_written(spec):
    with pytest.raises(ValueError, match="refusing"):
        add_dependency("package.json", APP, spec)


def test_unknown_group_is_an_error():
    with pytest.raises(ValueError, match="group"):
        add_dependency("package.json", APP, "lodash", group="bundled")


keys = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), max_size=5, unique=True)


@settings(max_examples=80, deadline=None)
@given(deps=keys, others=keys, indent=st.sampled_from([2, 4, "\t", None]), new=st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True),
       crlf=st.booleans())
def test_any_layout_gets_the_dependency(deps, others, indent, new, crlf):
    data = {f"k{key}": key for key in others}
    data["dependencies"] = {key: "^1.0.0" for key in deps}
    text = json.dumps(data, indent=indent) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    result = add_dependency("package.json", text, new)
    if new in deps:
        assert not result.changed
        return
    loaded = json.loads(result.new)
    assert loaded["dependencies"] == {**data["dependencies"], new: "*"}
    assert list(loaded) == list(data)
    assert [k for k in loaded["dependencies"] if k != new] == deps
    if indent is not None:
        removed, added = line_changes(text, result.new)
        assert len(removed) <= 1 and 1 <= len(added) <= (2 if deps else 3)  # `{}` opens into three lines


def test_byte_order_mark_is_kept():
    text = '\ufeff{\n  "name": "x"\n}\n'
    result = add_dependency("package.json", text, "lodash")
    assert result.new.startswith('\ufeff{\n  "name": "x",\n')
    assert json.loads(result.new[1:])["dependencies"] == {"lodash": "*"}
