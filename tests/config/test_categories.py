"""`categories`: new ids need a pattern, built-in ids may be partially overridden, and what the
config accepts the analyzer's knowledge base accepts too."""

import pytest

from autoheal.config import load_config
from autoheal.config.validate import builtin_category_ids, validate_text

from config_helpers import problems

BUILTIN = builtin_category_ids()
needs_kb = pytest.mark.skipif(BUILTIN is None, reason="autoheal.analysis ships no kb.yml yet")


@needs_kb
def test_a_built_in_id_may_be_overridden_without_a_pattern():
    some_id = sorted(BUILTIN)[0]
    cfg = load_config(f"categories:\n  {some_id}:\n    auto_pr: false\n")
    assert cfg.category(some_id) == {"auto_pr": False}


@needs_kb
def test_a_misspelt_built_in_id_without_a_pattern_is_caught_with_a_suggestion():
    some_id = max(BUILTIN, key=len)
    typo = some_id[:-1]
    text = f"categories:\n  {typo}:\n    auto_pr: false\n"
    p = problems(text)[f"categories.{typo}"]
    assert (p.line, p.col) == (2, 3)
    assert p.message.startswith("expected a pattern")
    assert p.hint == f"did you mean '{some_id}'?"


@needs_kb
def test_a_new_id_without_a_pattern_lists_the_built_in_ids():
    p = problems("error_patterns:\n  zzzz_mine: {confidence: 50}\n")["error_patterns.zzzz_mine"]
    assert p.hint.startswith("built-in ids: ") and all(i in p.hint for i in BUILTIN)


def test_unknown_is_reserved():
    p = problems("categories:\n  unknown: {pattern: x}\n")["categories.unknown"]
    assert "reserved" in p.message and (p.line, p.col) == (2, 3)


@pytest.mark.parametrize("cid", ["a" * 41, "-lead", "has space", "dot.ted", "colon:x", "émoji"])
def test_ids_that_cannot_make_a_label_or_a_key_path_are_rejected(cid):
    found = validate_text(f"categories:\n  '{cid}': {{pattern: x}}\n")
    assert [p.path for p in found] == [f"categories.{cid}"]


def test_fix_type_is_a_snake_case_name_or_null():
    assert validate_text("categories:\n  a: {pattern: x, fix_type: null}\n") == []
    assert validate_text("categories:\n  a: {pattern: x, fix_type: raise_timeout}\n") == []
    p = problems("categories:\n  a: {pattern: x, fix_type: Raise Timeout}\n")["categories.a.fix_type"]
    assert p.message.startswith("expected a fix type name in lower_snake_case")


def test_category_entries_must_be_mappings_of_known_fields():
    found = problems("categories:\n  a: x\n  b: {pattern: x, weight: 2}\n")
    assert found["categories.a"].message == "expected a mapping, got text 'x'"
    assert found["categories.b.weight"].message == "unknown key in categories.b"


CONTRACT_CASES = [
    {"mine": {"pattern": r"boom \d+", "confidence": 90, "fix_type": None, "auto_pr": True, "hint": "h"}},
    {"mine": {"pattern": "(?i)flaky"}},
    {"timeout": {"auto_pr": False}},
    {"timeout": {"pattern": "took too long", "confidence": 99}},
    {"mine": {"pattern": r"(a)\1"}},
    {"mine": {"pattern": "(?=x)"}},
    {"zzzz_new": {"confidence": 50}},
    {"unknown": {"pattern": "x"}},
    {"mine": {"pattern": "x", "auto_pr": "yes"}},
    {"mine": {"pattern": "x", "hint": 3}},
    {"mine": {"pattern": "x", "fix_type": 3}},
    {"mine": "not a mapping"},
]


@needs_kb
@pytest.mark.parametrize("categories", CONTRACT_CASES, ids=lambda c: repr(c)[:50])
def test_what_validation_rejects_the_analyzer_rejects_too(categories):
    """Validation runs first in every stage; if it let through what load_kb refuses, a stage would
    crash mid-run instead of failing fast with line:col."""
    import yaml

    analysis = pytest.importorskip("autoheal.analysis")
    text = yaml.safe_dump({"categories": categories})
    config_ok = validate_text(text) == []
    try:
        analysis.load_kb(custom=categories)
        kb_ok = True
    except analysis.RuleError:
        kb_ok = False
    if config_ok:
        assert kb_ok, "config accepted what the analyzer refuses"
        analysis.load_kb(custom=load_config(text)["categories"])  # the read-only view works as is


def test_fix_types_the_schema_names_are_ones_draft_pr_applies():
    """The docs promise these names produce a code change; draft-pr's table must agree."""
    from autoheal.config import load_schema

    model = pytest.importorskip("autoheal.stages.draft_pr.model")
    node = load_schema()["properties"]["categories"]["additionalProperties"]["properties"]["fix_type"]
    assert node["examples"]
    for name in node["examples"] + ["increase_timeout"]:
        assert model.FIX_TYPE_TO_KIND.get(name, "task") != "task", name
