"""The schema, its docs copy, the generated defaults table and the example config agree."""

import json
import re
import shutil
import subprocess

import jsonschema
import pytest
import yaml

from autoheal.config import DEFAULTS, load_config, load_schema, validate_text
from autoheal.config.defaults import category_defaults
from autoheal.config.docs import BEGIN, END, render_defaults, render_page, stale_outputs
from autoheal.config.docs import main as docs_main
from autoheal.config.marks import compose_marks
from autoheal.config.schema import schema_text

from config_helpers import PROJECT

EXAMPLE = PROJECT / "templates" / "autoheal-config.example.yml"
DOC = PROJECT / "docs" / "configuration.md"


def _declared_paths(node, prefix=()):
    """Every key path the schema declares (category fields as categories.<id>.<field>)."""
    for key, child in node.get("properties", {}).items():
        if child.get("deprecated"):  # workflow-auto-fix-shape aliases (see test_migration.py)
            continue
        yield prefix + (key,)
        yield from _declared_paths(child, prefix + (key,))


def test_schema_is_valid_draft_2020_12():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_key_has_a_description_and_a_default():
    schema = load_schema()
    missing = []
    for path in _declared_paths(schema):
        node = schema
        for part in path:
            node = node["properties"][part]
        if not node.get("description") or "default" not in node:
            missing.append(".".join(path))
    fields = schema["properties"]["categories"]["additionalProperties"]["properties"]
    missing += [f"categories.<id>.{k}" for k, v in fields.items() if not v.get("description")]
    assert missing == []


def test_defaults_validate_against_the_schema_and_match_DEFAULTS():
    schema = load_schema()
    plain = load_config(None).to_dict()
    jsonschema.Draft202012Validator(schema).validate(plain)
    assert json.loads(json.dumps(plain)) == plain
    assert load_config(None).to_dict() == json.loads(json.dumps(DEFAULTS, default=dict))


def test_the_vocabulary_other_stages_rely_on_is_present():
    # The stages are written against these keys and defaults (CONFIG task brief); renaming breaks them.
    expected = {
        "enabled": True, "min_confidence": 0, "rate_limits.max_handoffs_per_hour": 5,
        "issues.comment_on_repeat": "material", "issues.reopen_window_days": 14,
        "issues.close_after_successes": 1, "pull_requests.min_confidence": 70,
        "issues.require_located": True,
        "pull_requests.branch_prefix": "autoheal/", "pull_requests.timeout_factor": 2.0,
        "pull_requests.timeout_cap_minutes": 360, "copilot.ready_label": "copilot-ready",
        "monitor.conflict_label": "autoheal:conflict", "stale.operations_per_run": 30,
        "stale.scope": "autoheal-drafts", "health.alert_drop": 15, "sync.mode": "pr",
        "sync.workflow_file": ".github/workflows/autoheal.yml",
    }
    cfg = load_config(None)
    assert {k: cfg.get_path(k) for k in expected} == expected
    assert list(cfg.get_path("copilot.handoff_modes")) == ["coding_agent", "code_review", "comment"]
    assert list(cfg.get_path("pull_requests.skip_labels")) == ["autoheal:skip", "wontfix"]


def test_category_defaults_come_from_the_schema():
    assert category_defaults() == {"confidence": 80, "fix_type": None, "auto_pr": False, "hint": ""}


def test_docs_schema_copy_is_identical_to_the_packaged_schema():
    assert (PROJECT / "docs" / "autoheal.schema.json").read_text(encoding="utf-8") == schema_text()


def test_configuration_doc_table_is_current():
    assert stale_outputs(PROJECT) == [], "run: python -m autoheal.config.docs"


def test_generated_table_has_a_row_for_every_key_with_its_default():
    table = render_defaults()
    schema = load_schema()
    for path in _declared_paths(schema):
        node = schema
        for part in path:
            node = node["properties"][part]
        if "properties" in node:
            continue
        row = next((line for line in table.splitlines() if line.startswith(f"| `{'.'.join(path)}` |")), None)
        assert row is not None, path
        assert f"`{json.dumps(node['default'])}`" in row
    for field in ("pattern", "confidence", "fix_type", "auto_pr", "hint"):
        assert f"| `categories.<id>.{field}` |" in table


def test_render_page_only_touches_the_generated_block():
    page = f"intro\n{BEGIN}\nold table\n{END}\noutro\n"
    new = render_page(page)
    assert new.startswith(f"intro\n{BEGIN}\n") and new.endswith(f"{END}\noutro\n")
    assert "old table" not in new and "| `enabled` |" in new
    assert render_page(new) == new
    with pytest.raises(ValueError):
        render_page("no markers here")


def test_docs_module_check_mode_reports_a_stale_page(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "configuration.md").write_text(f"{BEGIN}\n{END}\n", encoding="utf-8")
    args = ["--root", str(tmp_path)]
    assert docs_main(args + ["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert docs_main(args) == 0
    assert "wrote docs/configuration.md" in capsys.readouterr().out
    assert docs_main(args + ["--check"]) == 0
    assert docs_main(["--root", str(tmp_path / "missing")]) == 2


def test_example_config_is_valid_and_equals_the_defaults():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert validate_text(text, str(EXAMPLE)) == []
    assert load_config(text).to_dict() == load_config(None).to_dict()


def test_example_config_names_every_key():
    text = EXAMPLE.read_text(encoding="utf-8")
    written = {tuple(p) for p in compose_marks(text).keys}
    declared = set(_declared_paths(load_schema()))
    assert declared - written == set()
    # category fields appear in the commented sample, and that sample is itself valid
    sample = "\n".join(
        line[1:] for line in text.splitlines() if re.match(r"#  ( |\w)", line)
    )
    sample_cfg = yaml.safe_load("categories:\n" + sample)
    assert set(sample_cfg["categories"]["flaky_selenium"]) == {"pattern", "confidence", "fix_type", "auto_pr", "hint"}
    assert validate_text(yaml.safe_dump(sample_cfg)) == []


def test_every_example_key_is_commented():
    """Each key line carries a comment, or sits under a comment (its section's or its own)."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    bare = [
        line for i, line in enumerate(lines)
        if re.match(r"^ *[a-z_]+:", line) and "#" not in line and not lines[i - 1].lstrip().startswith("#")
    ]
    assert bare == []


def test_doc_examples_of_problem_lines_are_what_validation_prints():
    doc = DOC.read_text(encoding="utf-8")
    text = (
        "version: 1\n"
        "min_confidence: 70\n"
        "issues:\n"
        "  lables: [autoheal]\n"
        "pull_requests:\n"
        "  create: true\n"
        "  min_confidence: 0.8\n"
        "categories:\n"
        "  flaky:\n"
        "    confidence: 50\n"
        "    pattern: '(a)\\1'\n"
    )
    for problem in validate_text(text):
        assert str(problem) in doc


def test_editors_using_the_schema_accept_the_seed_shape_too():
    """The schema maps to .github/autoheal.yml in editors; a workflow-auto-fix-shaped file there must not be
    flagged, since autoheal accepts it unchanged."""
    from config_helpers import DATA

    validator = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())
    for path in (DATA / "seed-workflow-auto-fix-config.yml", EXAMPLE):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(document)) == [], path
    assert list(validator.iter_errors({"pr_settings": {"create_drafts": True}}))


def test_seed_aliases_are_marked_deprecated_and_have_no_defaults():
    props = load_schema()["properties"]
    assert [k for k, v in props.items() if v.get("deprecated")] == [
        "auto_healing", "error_patterns", "pr_settings", "issue_settings"]
    assert not {"auto_healing", "error_patterns", "pr_settings", "issue_settings"} & set(DEFAULTS)


@pytest.mark.skipif(shutil.which("check-jsonschema") is None, reason="check-jsonschema is not installed")
def test_a_third_party_validator_reads_the_docs_schema(tmp_path):
    """check-jsonschema (what CI and pre-commit users run) agrees with autoheal on good and bad files."""
    from config_helpers import DATA

    bad = tmp_path / "bad.yml"
    bad.write_text("issues:\n  lables: [x]\n", encoding="utf-8")
    cmd = ["check-jsonschema", "--schemafile", str(PROJECT / "docs" / "autoheal.schema.json")]
    good = subprocess.run(cmd + [str(EXAMPLE), str(DATA / "seed-workflow-auto-fix-config.yml")],
                          capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    failed = subprocess.run(cmd + [str(bad)], capture_output=True, text=True)
    assert failed.returncode == 1 and "lables" in failed.stdout


def test_seed_error_pattern_fields_are_described_like_category_fields():
    props = load_schema()["properties"]
    seed = props["error_patterns"]["additionalProperties"]["properties"]
    native = props["categories"]["additionalProperties"]["properties"]
    assert seed == {k: native[k] for k in ("pattern", "confidence", "fix_type", "auto_pr")}


def test_python_usage_shown_in_the_doc_runs():
    """The 'Using the config in code' snippet calls the real API (with `text`/`source` supplied)."""
    block = re.search(r"## Using the config in code\n\n```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "the doc lost its usage snippet"
    namespace = {"text": "categories:\n  timeout: {auto_pr: false}\n", "source": "x.yml"}
    exec(compile(block.group(1), "docs/configuration.md", "exec"), namespace)  # noqa: S102 - our own doc
    assert namespace["cfg"].category("timeout") == {"auto_pr": False}
