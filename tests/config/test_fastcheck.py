"""The quick schema check (config/fastcheck.py) says "valid" only where jsonschema finds no error, so skipping
jsonschema then cannot hide a problem; and a valid config file costs no jsonschema import (#21)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoheal.config import load_schema
from autoheal.config.fastcheck import INVALID, VALID, _check, surely_valid
from autoheal.config.validate import check_text

from conftest import SHARED_DIR

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = load_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
EXAMPLE = (ROOT / "src" / "autoheal" / "scaffold" / "autoheal-config.example.yml").read_text(encoding="utf-8")
LEGACY = Path(os.environ.get("AUTOHEAL_SHARED_DIR", SHARED_DIR)) / "legacy-configs"
TEXTS = [EXAMPLE, (ROOT / "tests" / "config" / "data" / "seed-workflow-auto-fix-config.yml").read_text(encoding="utf-8")]
TEXTS += [p.read_text(encoding="utf-8") for p in sorted(LEGACY.glob("*.yml"))] if LEGACY.is_dir() else []


def _document(text: str) -> dict:
    return check_text(text).document


def _agrees(document) -> bool:
    """The claim the fast path makes: when it says valid, jsonschema finds nothing."""
    return not surely_valid(document, SCHEMA) or not list(VALIDATOR.iter_errors(document))


@pytest.mark.parametrize("text", TEXTS, ids=[f"config{i}" for i in range(len(TEXTS))])
def test_real_configs_are_judged_like_jsonschema(text):
    doc = _document(text)
    assert _agrees(doc)
    if not list(VALIDATOR.iter_errors(doc)):
        assert surely_valid(doc, SCHEMA)  # the fast path is taken for real files, not only in theory


def test_example_config_takes_the_fast_path():
    assert surely_valid(_document(EXAMPLE), SCHEMA)


@pytest.mark.parametrize("value, schema, want", [
    (1.0, {"type": "integer"}, VALID), (True, {"type": "integer"}, INVALID), (True, {"type": "number"}, INVALID),
    (True, {"enum": [1]}, INVALID), (1, {"enum": [True]}, INVALID), (1.0, {"const": 1}, VALID),
    ("unknown", {"not": {"const": "unknown"}}, INVALID), ("x", {"not": {"const": "unknown"}}, VALID),
    ("ab", {"pattern": "b"}, VALID), ("ab", {"pattern": "^b"}, INVALID), (3, {"pattern": "^b"}, VALID),
    (["a", "a"], {"uniqueItems": True}, INVALID), ([1, True], {"uniqueItems": True}, -1),
    ("2024-01-01", {"format": "date"}, -1), ({"a": 1}, {"unknownKeyword": 1}, -1),
    ({"a": 1}, {"properties": {"a": {"type": "string"}}}, INVALID),
    ({"b": 1}, {"properties": {"a": {}}, "additionalProperties": False}, INVALID),
])
def test_keywords_follow_jsonschema(value, schema, want):
    assert _check(value, schema) == want
    if want != -1:  # what it is sure of, jsonschema says too
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(value))
        assert (not errors) == (want == VALID)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 400) | st.floats(-2, 2, allow_nan=False) | st.sampled_from(
        ["", "x", "unknown", "always", "pr", "main", "bug", "2024-01-01", "autoheal/", ".github/workflows/a.yml"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "pattern", "mode", "x"]), inner,
                                                                max_size=3),
    max_leaves=6,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


BASE = _document(EXAMPLE)
PATHS = [p for p in _paths(BASE) if p]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES, st.booleans()), min_size=1, max_size=3))
def test_edited_configs_are_never_called_valid_when_jsonschema_objects(edits):
    doc = copy.deepcopy(BASE)
    for path, value, add_key in edits:
        node = doc
        try:
            for key in path[:-1]:
                node = node[key]
            if add_key and isinstance(node, dict):
                node[str(path[-1]) + "_x"] = value  # a key the schema may not know
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    assert _agrees(doc), json.dumps(doc)[:500]


def test_a_valid_config_file_imports_no_jsonschema(tmp_path):
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "autoheal.yml").write_text(EXAMPLE, encoding="utf-8")
    (tmp_path / "job.log").write_text("Run make\nerror: boom\nProcess completed with exit code 1.\n", encoding="utf-8")
    probe = ("import sys\nfrom autoheal.cli import main\ncode = main(sys.argv[1:])\n"
             "print('@@', code, 'jsonschema' in sys.modules, 'autoheal.config.validate' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe, "analyze-failure", "--log", "job.log", "--analysis-file",
                           "out.json"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.stdout.rsplit("@@", 1)[-1].split() == ["0", "False", "True"], proc.stderr
    # A config with a mistake is still explained by jsonschema, as before.
    (tmp_path / ".github" / "autoheal.yml").write_text("issues:\n  comment_on_repeat: sometimes\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "autoheal", "validate-config", ".github/autoheal.yml"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode != 0 and "comment_on_repeat" in proc.stdout + proc.stderr
