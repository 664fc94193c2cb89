"""Property tests: validation never crashes, accepts every valid value, and pins a wrong value to
its own key and position whatever else the file holds."""

import re
import shutil
import subprocess

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoheal.config import Problem, load_config, load_schema, validate_text

from config_helpers import text_at

SCHEMA = load_schema()
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABELS = st.from_regex(r"[a-z][a-z0-9:-]{0,20}", fullmatch=True)


def leaves():
    """(section, key, schema node) for every declared leaf inside a section."""
    for section, node in SCHEMA["properties"].items():
        if node.get("deprecated"):
            continue
        for key, child in node.get("properties", {}).items():
            yield section, key, child


def _node(section, key):
    return SCHEMA["properties"][section]["properties"][key]


SPECIAL = {
    id(_node("pull_requests", "branch_prefix")): st.from_regex(r"[a-z][a-z0-9-]{0,10}(/[a-z0-9]{1,5})?[/-]", fullmatch=True),
    id(_node("sync", "workflow_file")): st.from_regex(r"\.github/workflows/[a-z][a-z0-9_-]{0,10}\.ya?ml", fullmatch=True),
    id(_node("stale", "start_date")): st.none() | st.dates().map(lambda d: d.isoformat()),
    id(_node("monitor", "transitions")): (
        st.lists(st.sampled_from(_node("monitor", "transitions")["anyOf"][0]["items"]["enum"]), unique=True)
        | st.dictionaries(st.sampled_from(_node("monitor", "transitions")["anyOf"][0]["items"]["enum"]), st.booleans())
    ),
}


BY_EXPECTED = {  # strategies for patterned text, keyed by the start of the schema's x-expected
    "expected a label name": LABELS,
    "expected a GitHub login": st.from_regex(r"[a-z][a-z0-9-]{0,10}(\[bot\])?", fullmatch=True),
    "expected a GitHub user login": st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    "expected a team slug": st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True),
    "expected a path inside the repository": st.from_regex(r"[a-z]{1,8}(/[a-z.]{1,8}){0,2}\.j2", fullmatch=True),
}


def valid_value(node):
    """A strategy of values the schema node accepts, or None when it is not simple to generate."""
    if id(node) in SPECIAL:
        return SPECIAL[id(node)]
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(node.get("minimum", -(10**6)), node.get("maximum", 10**6))
    if kind == "number":
        return st.floats(node.get("minimum", -1e6), node.get("maximum", 1e6), allow_nan=False)
    if kind == "array":
        items = valid_value(node["items"])
        return None if items is None else st.lists(items, min_size=node.get("minItems", 0), max_size=4, unique=True)
    text = None
    if "pattern" in node:
        text = next((v for k, v in BY_EXPECTED.items() if node.get("x-expected", "").startswith(k)), None)
    elif kind in ("string", ["string", "null"]):
        text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20).filter(
            lambda t: len(t) >= node.get("minLength", 0))
    if text is None:
        return None
    return st.none() | text if kind == ["string", "null"] else text


GENERABLE = [(s, k, n, valid_value(n)) for s, k, n in leaves() if valid_value(n) is not None]


@st.composite
def valid_configs(draw):
    doc = {}
    for section, key, _node, strategy in GENERABLE:
        if draw(st.booleans()):
            doc.setdefault(section, {})[key] = draw(strategy)
    return doc


def test_generators_cover_every_key():
    assert {(s, k) for s, k, *_ in GENERABLE} == {(s, k) for s, k, _ in leaves()}


@FAST
@given(st.text(max_size=300) | st.text(alphabet=":-[]{}#&*!|>'\"%@` \t\n\rab1", max_size=80))
def test_any_text_gives_problems_or_none_never_an_exception(text):
    found = validate_text(text, "fuzz.yml")
    assert all(isinstance(p, Problem) for p in found)
    assert all("\n" not in str(p) and "\r" not in str(p) for p in found)  # one output line each
    for p in found:
        if p.line is not None:
            lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)
            assert 1 <= p.line <= len(lines)
            assert 1 <= p.col <= len(lines[p.line - 1]) + 1


@FAST
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=12))
def test_any_yaml_structure_is_checked_without_crashing(value):
    doc = {"issues": value, "notifications": value, "categories": value}
    validate_text(yaml.safe_dump(doc), "fuzz.yml")


@FAST
@given(valid_configs(), st.booleans())
def test_every_valid_value_is_accepted_and_read_back(doc, flow):
    text = yaml.safe_dump(doc, default_flow_style=flow, sort_keys=False)
    assert validate_text(text) == []
    cfg = load_config(text).to_dict()
    for section, values in doc.items():
        for key, value in values.items():
            assert cfg[section][key] == value


def _wrong_value(node):
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if "boolean" in kinds or "integer" in kinds or "number" in kinds:
        return "not-a-value"
    return 12345  # not text, not a list, not a mapping


@FAST
@given(valid_configs(), st.data())
def test_one_wrong_value_is_one_problem_at_that_value(doc, data):
    section, key, node, _ = data.draw(st.sampled_from(GENERABLE))
    doc.setdefault(section, {})[key] = _wrong_value(node)
    text = yaml.safe_dump(doc, default_flow_style=False, sort_keys=False)
    found = validate_text(text)
    assert [p.path for p in found] == [f"{section}.{key}"]
    assert text_at(text, found[0]).startswith(yaml.safe_dump(doc[section][key]).split("\n")[0][:5])


@FAST
@given(valid_configs(), st.data())
def test_one_misspelt_key_is_one_problem_with_the_right_suggestion(doc, data):
    section, key, node, strategy = data.draw(st.sampled_from([g for g in GENERABLE if len(g[1]) > 6]))
    typo = key[:-2] + key[-1] + key[-2] if key[-1] != key[-2] else key + "x"
    doc.setdefault(section, {}).pop(key, None)
    doc[section][typo] = data.draw(strategy)
    text = yaml.safe_dump(doc, default_flow_style=False, sort_keys=False)
    (problem,) = validate_text(text)
    assert problem.path == f"{section}.{typo}"
    assert problem.hint == f"did you mean '{key}'?"
    assert text_at(text, problem).startswith(f"{typo}:")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="ab./-_@{:~^ ", min_size=1, max_size=12))
def test_every_accepted_branch_prefix_makes_a_valid_git_branch(prefix):
    accepted = validate_text(yaml.safe_dump({"pull_requests": {"branch_prefix": prefix}})) == []
    if accepted:
        branch = f"{prefix}12-fix-timeout"
        ok = subprocess.run(["git", "check-ref-format", "--branch", branch], capture_output=True).returncode == 0
        assert ok, branch
