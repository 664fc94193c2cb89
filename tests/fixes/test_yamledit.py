"""yamledit: positions, rendering and insertion that the YAML fixes build on."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes import yamledit


def test_on_key_is_found_by_its_text_although_yaml_11_loads_it_as_true():
    root = yamledit.compose("on:\n  push:\n    branches: [main]\n")
    assert yaml.safe_load("on: x\n") == {True: "x"}
    assert yamledit.find(root, ["on", "push", "branches"]).value[0].value == "main"
    assert yamledit.find(root, ["on", "pull_request"]) is None


def test_last_duplicate_key_wins_like_loading():
    root = yamledit.compose("a: 1\na: 2\n")
    assert yamledit.get(root, "a")[1].value == "2"


def test_merged_keys_are_visible_through_get_effective():
    root = yamledit.compose("base: &b {x: 1}\njob:\n  <<: *b\n  y: 2\n")
    job = yamledit.find(root, ["job"])
    _, value, explicit = yamledit.get_effective(job, "x")
    assert (value.value, explicit) == ("1", False)
    assert yamledit.get_effective(job, "y")[2] is True
    assert yamledit.get(job, "x") is None
    assert yamledit.get_effective(job, "z") is None


@pytest.mark.parametrize(
    ("text", "expected_tail"),
    [
        ("k:\n  a: 1\n  b: plain  # c\nnext: 1\n", "b: plain"),
        ("k:\n  b: [1, 2]\n\n# comment\nnext: 1\n", "b: [1, 2]"),
        ("k:\n  b: |\n    line\n    # not a comment\n\n  # comment\nnext: 1\n", "# not a comment"),
        ("k:\n  b:\n    - x\n    - y  # c\n  # comment\nnext: 1\n", "- y"),
        ("a: &a 1\nk:\n  b: *a\n# c\n", "b: *a"),
        ("k:\n  b:\n# c\nnext: 1\n", "b"),
    ],
)
def test_content_end_stops_before_trailing_comments(text, expected_tail):
    key, value = yamledit.get(yamledit.compose(text), "k")
    end = yamledit.content_end(text, value, key.end_mark.index)
    assert text[:end].endswith(expected_tail)


def test_insert_key_after_sibling_first_and_in_sequence_items():
    text = "- name: a\n  run: x\n"
    item = yamledit.compose(text).value[0]
    assert yamledit.insert_key(text, item, "if: always()") == "- if: always()\n  name: a\n  run: x\n"
    assert yamledit.insert_key(text, item, "if: always()", after="name") == "- name: a\n  if: always()\n  run: x\n"
    assert yamledit.insert_key(text, item, "if: b", after="missing").startswith("- if: b\n  name: a")


def test_insert_key_at_end_of_file_without_newline():
    text = "job:\n  a: 1"
    job = yamledit.find(yamledit.compose(text), ["job"])
    assert yamledit.insert_key(text, job, "b: 2", after="a") == "job:\n  a: 1\n  b: 2\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("j: {}\n", "j: {b: 2}\n"), ("j: {a: 1}\n", "j: {a: 1, b: 2}\n"), ("j: {a: 1, }\n", "j: {a: 1, b: 2 }\n")],
)
def test_insert_key_into_flow_mapping(text, expected):
    job = yamledit.find(yamledit.compose(text), ["j"])
    assert yamledit.insert_key(text, job, "b: 2") == expected


def test_replace_value_keeps_anchor_and_tag_prefixes():
    text = "a: &x !!str 5  # c\n"
    key, value = yamledit.get(yamledit.compose(text), "a")
    assert yamledit.replace_value(text, key, value, "'6'") == "a: &x !!str '6'  # c\n"


def test_replace_value_refuses_block_scalars():
    text = "a: |\n  x\n"
    key, value = yamledit.get(yamledit.compose(text), "a")
    with pytest.raises(yamledit.YamlEditError):
        yamledit.replace_value(text, key, value, "y")


def test_compose_errors_carry_line_and_column():
    with pytest.raises(yamledit.YamlEditError, match=r"^4:1: expected the node content"):
        yamledit.compose("a: 1\nb:\n  - [\n")


@pytest.mark.parametrize(
    ("value", "ok"),
    [("CI", True), ("Build and test", True), ("on", False), ("yes", False), ("1.0", False), ("null", False),
     ("a: b", False), ("a #b", False), ("-x", False), ("*x", False), ("", False), (" x", False),
     ("2024-01-01", False), ("x,y", True), ("Deploy (prod)", True)],
)
def test_plain_ok(value, ok):
    assert yamledit.plain_ok(value) is ok


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=40), style=st.sampled_from([None, "'", '"']), flow=st.booleans())
def test_rendered_strings_load_back_unchanged(value, style, flow):
    rendered = yamledit.render_string(value, style, flow=flow)
    doc = f"k: [{rendered}]\n" if flow else f"k:\n  - {rendered}\n"
    try:
        loaded = yaml.safe_load(doc)
    except yaml.reader.ReaderError:
        return  # characters YAML cannot hold at all (e.g. lone surrogates); nothing can render them
    assert loaded == {"k": [value]}


def test_quote_style_majority_and_ties():
    nodes = yamledit.compose("[a, 'b', \"c\", \"d\"]").value
    assert yamledit.quote_style(nodes) == '"'
    assert yamledit.quote_style(nodes[:3]) is None
    assert yamledit.quote_style([]) is None


def test_check_only_change_catches_collateral_edits():
    yamledit.check_only_change("a: 1\nb: 2\n", "a: 3\nb: 2\n", lambda d: d.__setitem__("a", 3))
    with pytest.raises(yamledit.YamlEditError):
        yamledit.check_only_change("a: 1\nb: 2\n", "a: 3\nb: 3\n", lambda d: d.__setitem__("a", 3))
    with pytest.raises(yamledit.YamlEditError, match="not valid YAML"):
        yamledit.check_only_change("a: 1\n", "a: [\n", lambda d: None)
