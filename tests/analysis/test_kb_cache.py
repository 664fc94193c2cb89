"""kb.generated.json (kb.yml parsed, plus its patterns' prefilter literals) is kb.yml's exact
equivalent while up to date, and ignored once kb.yml changes (#21: start-up without YAML)."""

from __future__ import annotations

import json
import shutil

from autoheal.analysis import kbcache, load_kb, rules


def test_generated_file_is_up_to_date():
    written = (kbcache._HERE / kbcache.CACHE_FILE).read_text(encoding="utf-8")
    assert written == kbcache.render(kbcache.source()), "kb.yml changed: run python -m autoheal.analysis.kbcache"


def test_cache_holds_what_kb_yml_gives():
    data, parts = kbcache.load()
    expected = kbcache.parse_yaml(kbcache.source())
    assert json.dumps(data) == json.dumps(expected)  # same values, same order
    assert parts, "the up-to-date cache is used"
    for rx in kbcache.builtin_regexes(expected) + list(rules.STRUCTURE_PATTERNS):
        assert parts[rx] == rules.prefilter_parts(rx), rx


def test_knowledge_base_is_the_same_with_and_without_the_cache():
    custom = {"mine": {"pattern": r"boom (?P<module>\w+) \d+"}, "network": {"pattern": "upstream flaked"}}
    for extra in (None, custom):
        kb = load_kb(extra)
        regexes = [p.regex for p in kb.patterns]
        assert kb.prefilter_source == rules.prefilter_source(regexes)  # derived afresh, no cache
        assert kb.prefilter_source == rules.prefilter_source(regexes, rules._builtin_parts())


def _copy_kb(tmp_path, monkeypatch):
    for name in (kbcache.KB_FILE, kbcache.CACHE_FILE):
        shutil.copy(kbcache._HERE / name, tmp_path / name)
    monkeypatch.setattr(kbcache, "_HERE", tmp_path)
    return tmp_path / kbcache.KB_FILE


def test_stale_cache_is_ignored_and_main_rewrites_it(tmp_path, monkeypatch, capsys):
    kb_yml = _copy_kb(tmp_path, monkeypatch)
    assert kbcache.load()[1]
    kb_yml.write_text(kb_yml.read_text(encoding="utf-8").replace(
        "generic:\n", "generic:\n  - regex: 'stale-cache-probe-\\d+'\n    weight: 0.5\n", 1), encoding="utf-8")
    data, parts = kbcache.load()
    assert parts == {}  # not the stale literals
    assert data["generic"][0]["regex"] == r"stale-cache-probe-\d+"  # kb.yml as it is now

    assert kbcache.main(["--check"]) == 1
    assert "OUT OF DATE" in capsys.readouterr().out
    assert kbcache.main([]) == 0
    assert kbcache.main(["--check"]) == 0
    data, parts = kbcache.load()
    assert data["generic"][0]["regex"] == r"stale-cache-probe-\d+"
    assert parts[r"stale-cache-probe-\d+"] == rules.prefilter_parts(r"stale-cache-probe-\d+")


def test_unreadable_cache_falls_back_to_kb_yml(tmp_path, monkeypatch):
    _copy_kb(tmp_path, monkeypatch)
    (tmp_path / kbcache.CACHE_FILE).write_text("{not json", encoding="utf-8")
    data, parts = kbcache.load()
    assert parts == {} and data == kbcache.parse_yaml(kbcache.source())
    (tmp_path / kbcache.CACHE_FILE).unlink()
    assert kbcache.load() == (data, {})
