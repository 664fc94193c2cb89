"""Start-up work deferred (#21): the knowledge base's patterns and the tools' line rules are
compiled only when used, with the same results and the same errors as compiling them up front."""

from __future__ import annotations

import copy

import pytest
import re2

from autoheal.analysis import RuleError, load_kb, rules
from autoheal.analysis import tools as tools_mod
from autoheal.analysis.tools.catalog import TOOLS


@pytest.fixture
def builtin(monkeypatch):
    """Edit a copy of kb.yml's data for one test."""
    data = copy.deepcopy(rules._builtin_data())
    monkeypatch.setattr(rules, "_builtin_data", lambda: data)
    return data


@pytest.mark.parametrize("where", ["generic", "category", "noise"])
def test_broken_builtin_pattern_is_still_named(builtin, where):
    if where == "generic":
        builtin["generic"].append({"regex": "unclosed(", "weight": 0.5})
        key = f"kb.generic[{len(builtin['generic']) - 1}]"
    elif where == "category":
        cat, spec = next(iter(builtin["categories"].items()))
        spec["patterns"].append({"regex": "unclosed(", "weight": 0.5})
        key = f"kb.{cat}.patterns[{len(spec['patterns']) - 1}]"
    else:
        builtin["noise"].append("unclosed(")
        key = f"kb.noise[{len(builtin['noise']) - 1}]"
    with pytest.raises(RuleError) as info:
        load_kb()
    assert info.value.key == key


def test_builtin_pattern_must_be_a_string(builtin):
    builtin["generic"].append({"regex": "", "weight": 0.5})
    with pytest.raises(RuleError) as info:
        load_kb()
    assert info.value.key == f"kb.generic[{len(builtin['generic']) - 1}]"


def test_builtin_patterns_compile_on_first_use_with_the_same_groups():
    kb = load_kb()
    builtins = [p for p in kb.patterns if not p.user]
    assert builtins and all(p.compiled._rx is None for p in builtins)  # nothing compiled at load
    samples = ["ModuleNotFoundError: No module named 'left_pad'", "npm ERR! 404 Not Found - GET https://x/y",
               "error TS2307: Cannot find module './a' or its corresponding type declarations.",
               "FAILED tests/test_a.py::test_b - AssertionError", "  File \"a.py\", line 3, in <module>"]
    grouped = 0
    for p in builtins:
        eager = re2.compile(p.regex)
        for text in samples:
            m = eager.search(text)
            want = {k: v for k, v in m.groupdict().items() if v} if (m and p.has_groups) else {}
            assert p.groups(text) == want, p.regex
            grouped += bool(want)
    assert grouped  # the samples do exercise patterns with named groups


def test_user_patterns_are_checked_and_compiled_at_load():
    kb = load_kb({"mine": {"pattern": r"boom (?P<module>\w+)"}})
    mine = next(p for p in kb.patterns if p.user)
    assert not isinstance(mine.compiled, rules._LazyRegex)
    assert mine.groups("boom left_pad") == {"module": "left_pad"}


def test_tool_rules_compiled_only_for_detected_tools():
    tools_mod._rules.cache_clear()
    tools_mod._rule_set.cache_clear()  # it holds the compiled rules of tool sets seen by earlier tests
    report = tools_mod.read_step("pytest -q", [(1, "FAILED tests/test_a.py::test_b - AssertionError: x")])
    assert report.tool == "pytest"
    compiled = tools_mod._rules.cache_info().currsize
    assert 0 < compiled < len([t for t in TOOLS if t.rules])
    # Every tool's rules still compile (what a detection of it would do).
    for tool in TOOLS:
        assert len(tools_mod._rules(tool)) == len(tool.rules)
