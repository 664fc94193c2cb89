"""The seed plan's config shape is read unchanged, as native config, with notices."""

import pytest

from autoheal.config import ConfigError, load_config, validate_text

from config_helpers import DATA, problems, text_at

SEED = (DATA / "seed-workflow-auto-fix-config.yml").read_text(encoding="utf-8")


def test_the_seed_example_loads_without_edits():
    cfg = load_config(SEED, "workflow-auto-fix-config.yml")
    assert cfg["enabled"] is True
    assert cfg.get_path("pull_requests.min_confidence") == 70  # workflow-auto-fix's min_confidence gates PRs
    assert cfg["min_confidence"] == 0
    assert cfg.get_path("rate_limits.max_prs_per_hour") == 5
    assert cfg.get_path("rate_limits.max_issues_per_hour") == 10
    assert list(cfg["excluded_workflows"])[0] == "Copilot Agent Auto-Healing"
    assert cfg.get_path("pull_requests.draft") is True
    assert cfg.get_path("copilot.enabled") is True
    assert list(cfg.get_path("pull_requests.labels")) == ["automated-fix", "workflow-fix", "copilot-ready"]
    assert cfg.get_path("issues.create") is True
    assert list(cfg.get_path("issues.labels")) == ["automated", "workflow-failure", "auto-healing"]
    assert cfg["notifications"]["on_pr_created"] is True  # kept as given
    # keys workflow-auto-fix does not have keep their native defaults
    assert cfg.get_path("issues.reopen_window_days") == 14
    assert cfg.get_path("rate_limits.max_comments_per_hour") == 30


def test_seed_error_patterns_become_categories_with_every_field():
    cfg = load_config(SEED)
    assert set(cfg["categories"]) == {
        "dependency_error", "syntax_error", "test_failure", "timeout", "permission_error",
        "network_error", "docker_error", "resource_error", "env_error",
    }
    assert cfg.category("timeout") == {
        "pattern": "(?i)(timeout|timed out|exceeded the maximum execution time)",
        "confidence": 95, "fix_type": "increase_timeout", "auto_pr": True,
    }


def test_migration_is_reported_in_notices():
    cfg = load_config(SEED, "seed.yml")
    assert cfg.notices[0] == "seed.yml: workflow-auto-fix-shape configuration read as native autoheal configuration"
    assert "seed.yml: pr_settings.auto_assign_copilot is read as copilot.enabled" in cfg.notices
    assert "seed.yml: error_patterns is read as categories" in cfg.notices
    assert load_config("enabled: true\n").notices == ()


def test_seed_and_native_shapes_give_the_same_config():
    native = """
enabled: false
pull_requests: {draft: false, labels: [fix]}
issues: {create: false, labels: [bug]}
copilot: {enabled: false}
categories: {oom: {pattern: 'Killed', confidence: 60, fix_type: none, auto_pr: false}}
"""
    seed = """
auto_healing: {enabled: false}
pr_settings: {create_draft: false, add_labels: [fix], auto_assign_copilot: false}
issue_settings: {create_issue: false, add_labels: [bug]}
error_patterns: {oom: {pattern: 'Killed', confidence: 60, fix_type: none, auto_pr: false}}
"""
    assert load_config(seed).to_dict() == load_config(native).to_dict()


def test_problems_in_seed_keys_name_and_point_at_what_the_user_wrote():
    text = (
        "auto_healing:\n"
        "  enabled: 'yes'\n"
        "error_patterns:\n"
        "  broken:\n"
        "    pattern: '(?<=x)y'\n"
        "    confidence: 0.9\n"
        "pr_settings:\n"
        "  add_labels: automated\n"
    )
    found = problems(text)
    assert set(found) == {
        "auto_healing.enabled", "error_patterns.broken.pattern",
        "error_patterns.broken.confidence", "pr_settings.add_labels",
    }
    assert text_at(text, found["auto_healing.enabled"]).startswith("'yes'")
    assert text_at(text, found["error_patterns.broken.pattern"]).startswith("'(?<=x)y'")
    assert found["error_patterns.broken.confidence"].hint == "confidence is 0-100: did you mean 90?"
    assert found["pr_settings.add_labels"].hint == "write a list: [automated]"


def test_unknown_seed_keys_are_problems_with_suggestions():
    text = "pr_settings:\n  create_drafts: true\nerror_patterns:\n  x:\n    pattern: a\n    confidance: 5\n"
    found = problems(text)
    assert found["pr_settings.create_drafts"].hint == "did you mean 'create_draft'?"
    assert (found["pr_settings.create_drafts"].line, found["pr_settings.create_drafts"].col) == (2, 3)
    assert found["error_patterns.x.confidance"].hint == "did you mean 'confidence'?"


def test_same_setting_in_both_shapes_is_a_conflict():
    text = "enabled: true\nauto_healing:\n  enabled: false\n"
    p = problems(text)["auto_healing.enabled"]
    assert "set twice" in p.message and "enabled" in p.message
    assert (p.line, p.col) == (3, 3)


def test_native_and_seed_sections_merge_when_they_do_not_overlap():
    cfg = load_config("pull_requests:\n  min_confidence: 90\npr_settings:\n  create_draft: false\n")
    assert cfg.get_path("pull_requests.min_confidence") == 90
    assert cfg.get_path("pull_requests.draft") is False


def test_native_categories_and_seed_error_patterns_merge_and_conflict_by_id():
    text = "categories:\n  a: {pattern: x}\nerror_patterns:\n  b: {pattern: y}\n"
    assert set(load_config(text)["categories"]) == {"a", "b"}
    clash = "categories:\n  a: {pattern: x}\nerror_patterns:\n  a: {pattern: y}\n"
    assert "set twice" in problems(clash)["error_patterns.a"].message


def test_a_seed_section_of_the_wrong_type_is_a_problem():
    assert problems("pr_settings: [a]\n")["pr_settings"].message == "expected a mapping"


def test_empty_seed_sections_are_accepted():
    assert load_config("auto_healing:\nerror_patterns: {}\n").to_dict() == load_config(None).to_dict()


def test_a_seed_error_pattern_id_that_cannot_be_a_label_is_reported():
    with pytest.raises(ConfigError) as info:
        load_config("error_patterns:\n  'bad id!': {pattern: x}\n")
    (p,) = info.value.problems
    assert p.path == "error_patterns.bad id!"
    assert (p.line, p.col) == (2, 3)


def test_validate_text_agrees_with_load_config_on_the_seed():
    assert validate_text(SEED) == []


def test_the_seed_pr_threshold_gates_pull_requests_not_issues():
    # workflow-auto-fix's comments: min_confidence is what a PR needs; below it, only an issue
    for text in ("auto_healing:\n  min_confidence: 65\n", "min_confidence_for_pr: 65\n",
                 "auto_healing: {enabled: true}\nmin_confidence: 65\n"):
        cfg = load_config(text)
        assert cfg.get_path("pull_requests.min_confidence") == 65, text
        assert cfg["min_confidence"] == load_config(None)["min_confidence"], text
    # in a native file the top-level key keeps its native meaning: the issue threshold
    assert load_config("min_confidence: 65\n")["min_confidence"] == 65
    assert load_config("min_confidence: 65\n").get_path("pull_requests.min_confidence") == 70


def test_the_flat_seed_shape_maps_with_converted_values():
    cfg = load_config(
        "auto_create_pr: false\nauto_comment_on_issue: false\n"
        "pr: {create_as_draft: false, labels: [fix], default_reviewers: [alice]}\n"
        "issue_tracking: {create_tracking_issue: true, comment_on_existing: false, labels: [ci]}\n"
        "copilot: {enabled: true, auto_mention: true}\n"
    )
    assert cfg.get_path("pull_requests.create") is False
    assert cfg.get_path("pull_requests.draft") is False
    assert list(cfg.get_path("pull_requests.labels")) == ["fix"]
    assert list(cfg.get_path("monitor.reviewers")) == ["alice"]
    assert cfg.get_path("issues.create") is True
    assert list(cfg.get_path("issues.labels")) == ["ci"]
    assert cfg.get_path("copilot.allow_comment_fallback") is True
    # two old keys for one setting must agree: auto_comment_on_issue false vs comment_on_existing true
    assert "set twice, to different values" in problems(
        "auto_comment_on_issue: false\nissue_tracking: {comment_on_existing: true}\n"
    )["issue_tracking.comment_on_existing"].message


def test_unused_seed_keys_are_one_notice_each_not_problems():
    text = ("fix_types: {a: {enabled: true}, b: {enabled: false}}\ndebug: {dry_run: false}\n"
            "copilot: {use_agent_mode: true, enabled: true}\n"
            "error_patterns:\n  x: {pattern: a, description: one}\n  y: {pattern: b, description: two}\n")
    assert validate_text(text) == []
    notices = load_config(text, "c.yml").notices
    assert "c.yml: fix_types is not used by autoheal: fixes are chosen per category (categories.<id>.fix_type, " \
           "auto_pr); pull_requests.min_confidence is the one PR threshold" in notices
    assert sum(n.startswith("c.yml: debug is not used") for n in notices) == 1
    assert sum("copilot.use_agent_mode is not used" in n for n in notices) == 1
    assert sum("description is not used" in n for n in notices) == 1
    # a key workflow-auto-fix never had is still a problem, even in a workflow-auto-fix-shaped file
    assert "pr.titel" in problems("pr: {titel: x}\n")


def test_notifications_are_reported_as_not_used_in_a_native_file_too():
    cfg = load_config("notifications:\n  on_pr_created: true\n", "n.yml")
    assert [n for n in cfg.notices if "notifications" in n] == [
        "n.yml: notifications.on_pr_created is not used by autoheal: autoheal sends no notifications: it writes "
        "the step summary, one issue per failure and one comment per new fact"]
