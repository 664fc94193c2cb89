"""Start-up work deferred (#21): the knowledge base's patterns, the tools' line rules and the analysis
modules' own regexes are compiled only when used, with the same results and the same errors as compiling
them up front; ctypes (the reader's heap setting) is not imported for a small log."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import textwrap

import pytest
import re2

from autoheal.analysis import RuleError, load_kb, rules
from autoheal.analysis import tools as tools_mod
from autoheal.analysis.tools.catalog import TOOLS
from autoheal.lazyre import LazyPattern, lazy_re

# Modules whose module-level regexes are lazy_re: most of them serve one tool or one log shape.
LAZY_MODULES = ("autoheal.analysis.tools", "autoheal.analysis.steps", "autoheal.analysis.scoring",
                "autoheal.analysis.extract", "autoheal.analysis.logformat", "autoheal.analysis.analyze")


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
    assert report.tool == "pytest" and report.tests == ["tests/test_a.py::test_b"]
    detected = tools_mod._rules.cache_info().currsize
    assert 0 < detected < len([t for t in TOOLS if t.rules])
    # Of the detected tools' rules, only those the RE2 set picked for a line were compiled.
    pytest_rules = tools_mod._rules(next(t for t in TOOLS if t.name == "pytest"))
    compiled = [rule for rule, rx in pytest_rules if rx._rx is not None]
    assert 0 < len(compiled) < len(pytest_rules)
    # Every tool's rules still compile, to what re.compile gives.
    for tool in TOOLS:
        rules_ = tools_mod._rules(tool)
        assert len(rules_) == len(tool.rules)
        assert all(rx.compiled() is re.compile(rule.regex) for rule, rx in rules_)


def test_lazy_pattern_is_the_compiled_pattern_on_first_use():
    namespace: dict = {}
    exec("from autoheal.lazyre import lazy_re\nWORD = lazy_re(r'(?P<w>b\\w+)', 2)\nKEPT = (WORD,)", namespace)
    stand_in = namespace["WORD"]
    assert isinstance(stand_in, LazyPattern) and stand_in._rx is None
    assert stand_in.pattern == r"(?P<w>b\w+)" and stand_in._rx is None  # the source, without compiling
    assert stand_in.search("a Boom").group("w") == "Boom"
    eager = re.compile(r"(?P<w>b\w+)", re.I)
    assert namespace["WORD"] is eager  # the module's global is now the compiled pattern itself
    # A copy held elsewhere keeps working, with every method and attribute of the pattern.
    held = namespace["KEPT"][0]
    assert held.sub("x", "bad boy") == eager.sub("x", "bad boy") == "x x"
    assert held.findall("ba bb") == ["ba", "bb"] and held.groupindex == eager.groupindex
    assert [m.span() for m in held.finditer("b1 b2")] == [(0, 2), (3, 5)]
    assert held.match("bx") and not held.match("xb") and held.fullmatch("bx") and held.split("abc") == ["a", "bc", ""]
    assert held.subn("", "bb") == ("", 1) and held.flags == eager.flags


def test_broken_lazy_pattern_fails_when_used():
    with pytest.raises(re.error):
        lazy_re("unclosed(").search("x")


LAZY_PROBE = textwrap.dedent(
    """
    import importlib, json, re, sys
    mods = sys.argv[1].split(",")
    eager = {m: sorted(k for k, v in vars(importlib.import_module(m)).items() if isinstance(v, re.Pattern)) for m in mods}
    from autoheal.analysis import analyze
    doc = analyze(sys.argv[2].encode()).to_dict()
    from autoheal.lazyre import LazyPattern
    lazy = {m: sorted(k for k, v in vars(sys.modules[m]).items() if isinstance(v, LazyPattern)) for m in mods}
    print("@@" + json.dumps({"eager": eager, "lazy": lazy, "ctypes": "ctypes" in sys.modules,
                             "category": doc["category"]}))
    """
)


def _probe(log: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", LAZY_PROBE, ",".join(LAZY_MODULES), log], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.rsplit("@@", 1)[-1])


def test_analysis_modules_compile_their_regexes_on_first_use():
    """A module-level ``re.compile`` in these modules (or an import-time use of a lazy one) is paid by every
    start: they stay lazy_re, and a small analysis leaves most of them uncompiled."""
    got = _probe("Run make test\nerror: cannot find module 'left-pad'\nProcess completed with exit code 1.\n")
    assert got["eager"] == {m: [] for m in LAZY_MODULES}
    assert got["category"]  # it did analyse
    assert len(got["lazy"]["autoheal.analysis.tools"]) >= 10
    assert sum(len(v) for v in got["lazy"].values()) >= 30


def test_small_log_does_not_import_ctypes_a_big_one_pins_the_heap():
    assert not _probe("error: boom\n")["ctypes"]
    assert _probe("ok\n" * 20000 + "error: boom\n")["ctypes"]


def test_cli_pauses_the_collector_until_the_stage_is_imported(tmp_path):
    """As the process's entry point, the CLI runs the stage with start-up's objects frozen out of the cyclic
    collector's sight and the collector on; called with argv (as tests do), it leaves the collector alone."""
    log = tmp_path / "job.log"
    log.write_text("Run make\nerror: boom\nProcess completed with exit code 1.\n", encoding="utf-8")
    probe = textwrap.dedent(
        """
        import gc, sys
        import autoheal.stages.analyze_failure.stage as stage
        seen = []
        real = stage.analyze_jobs
        def spy(*a, **k):
            seen.append((gc.isenabled(), gc.get_freeze_count()))
            return real(*a, **k)
        stage.analyze_jobs = spy
        from autoheal.cli import main
        mode, sys.argv[1:] = sys.argv[1], sys.argv[2:]
        code = main() if mode == "entry" else main(sys.argv[1:])
        print("@@", code, seen[0][0], seen[0][1] > 1000, gc.isenabled())
        """
    )
    args = ["analyze-failure", "--log", str(log), "--analysis-file", str(tmp_path / "out.json")]
    for mode, frozen in (("entry", "True"), ("argv", "False")):
        proc = subprocess.run([sys.executable, "-c", probe, mode, *args], capture_output=True, text=True, timeout=120)
        assert proc.stdout.rsplit("@@", 1)[-1].split() == ["0", "True", frozen, "True"], proc.stderr


def test_hot_classes_are_not_dataclasses_and_keep_their_semantics():
    """Record, Section, ScanResult, Chunk, Rule and Tool are written out (a dataclass compiles its methods at
    import); they keep the dataclass behaviour callers rely on."""
    import dataclasses

    from autoheal.analysis.reader import Chunk
    from autoheal.analysis.scan import Record, ScanResult, Section
    from autoheal.analysis.tools.catalog import Rule, Tool

    for cls in (Record, Section, ScanResult, Chunk, Rule, Tool):
        assert not dataclasses.is_dataclass(cls), cls
    assert Record(3, b"x") == Record(3, b"x", b"", b"", "") != Record(3, b"x", marker="error")
    assert repr(Record(3, b"x")) == "Record(line=3, raw=b'x', before=b'', after=b'', marker='')"
    a, b = Section("s", "step", 1), Section("s", "step", 1)
    assert a != b and a == a and len({a, b}) == 2  # identity
    assert a.head == [] and a.tail.maxlen is not None and a.head is not b.head and a.tail is not b.tail
    assert Chunk(b"x", True) == Chunk(b"x", True) and hash(Chunk(b"x", True)) == hash(Chunk(b"x", True))
    rule = Rule("x", None, 0.5)
    assert rule == Rule("x", None, 0.5, "error", 0.0) and hash(rule) == hash(Rule("x", None, 0.5))
    tool = Tool("t", "test", "c", "", "", (rule,))
    assert tool == Tool("t", "test", "c", "", "", (Rule("x", None, 0.5),)) != Tool("u", "test", "c", "", "")
    for frozen in (Chunk(b"x", True), rule, tool):
        with pytest.raises(AttributeError):
            frozen.__setattr__("data", 1)
