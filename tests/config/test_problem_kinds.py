"""Every kind of problem: right key path, right line:col, a message saying what was expected."""

import pytest

from autoheal.config import ConfigError, load_config, validate_text

from config_helpers import problems, text_at


def test_unknown_key_points_at_the_key_and_suggests_the_sibling():
    text = "issues:\n  create: true\n  lables: [x]\n"
    p = problems(text)["issues.lables"]
    assert (p.line, p.col) == (3, 3)
    assert text_at(text, p).startswith("lables:")
    assert "unknown key" in p.message
    assert p.hint == "did you mean 'labels'?"


def test_unknown_top_level_key_suggests_the_section_it_belongs_in():
    p = problems("reopen_window_days: 3\n")["reopen_window_days"]
    assert p.hint == "did you mean 'issues.reopen_window_days'?"


def test_unknown_key_with_nothing_close_gets_no_hint():
    p = problems("stale:\n  zzzqqq: 1\n")["stale.zzzqqq"]
    assert p.hint == ""
    assert "unknown key in stale" == p.message


def test_seed_key_inside_a_native_section_suggests_the_native_name():
    assert problems("pull_requests:\n  create_draft: true\n")["pull_requests.create_draft"].hint == (
        "did you mean 'draft'?"
    )


def test_wrong_type_points_at_the_value():
    text = "pull_requests:\n  draft:   'yes'\n"
    p = problems(text)["pull_requests.draft"]
    assert (p.line, p.col) == (2, 12)
    assert text_at(text, p).startswith("'yes'")
    assert p.message == "expected true or false, got text 'yes'"
    assert "without quotes" in p.hint


def test_a_single_label_instead_of_a_list_gets_a_fix_hint():
    p = problems("issues:\n  labels: autoheal\n")["issues.labels"]
    assert p.message.startswith("expected a list")
    assert p.hint == "write a list: [autoheal]"


def test_a_fractional_confidence_from_another_tool_is_explained():
    p = problems("min_confidence: 0.75\n")["min_confidence"]
    assert p.hint == "confidence is 0-100: did you mean 75?"


@pytest.mark.parametrize(
    "text, path, message",
    [
        ("min_confidence: 101\n", "min_confidence", "expected a whole number from 0 to 100, got 101"),
        ("rate_limits:\n  max_prs_per_hour: -1\n", "rate_limits.max_prs_per_hour",
         "expected a whole number of at least 0, got -1"),
        ("pull_requests:\n  timeout_factor: 0.5\n", "pull_requests.timeout_factor",
         "expected a number from 1 to 10, got 0.5"),
    ],
)
def test_out_of_range_numbers(text, path, message):
    assert problems(text)[path].message == message


def test_booleans_are_not_numbers():
    assert "got boolean true" in problems("min_confidence: true\n")["min_confidence"].message


def test_enum_value_suggests_the_closest_choice():
    text = "issues:\n  comment_on_repeat: materal\n"
    p = problems(text)["issues.comment_on_repeat"]
    assert p.message == "expected one of always, material, never; got text 'materal'"
    assert p.hint == "did you mean 'material'?"
    assert text_at(text, p).startswith("materal")


def test_version_must_be_one():
    assert problems("version: 2\n")["version"].message == "expected 1, got number 2"


def test_duplicates_in_a_list_are_named():
    p = problems("stale:\n  exempt_labels: [pinned, security, pinned]\n")["stale.exempt_labels"]
    assert "'pinned'" in p.message


def test_list_item_problems_use_an_index_path_and_point_at_the_item():
    text = "issues:\n  labels:\n    - autoheal\n    - ''\n"
    p = problems(text)["issues.labels[1]"]
    assert (p.line, p.col) == (4, 7)
    assert p.message == "expected non-empty text"


def test_the_marker_label_list_cannot_be_empty():
    assert problems("issues:\n  labels: []\n")["issues.labels"].message == "expected at least 1 item, got 0"


def test_labels_with_commas_or_too_long_are_rejected():
    found = problems("pull_requests:\n  labels: ['a,b', '" + "x" * 51 + "']\n")
    assert "no commas" in found["pull_requests.labels[0]"].message
    assert found["pull_requests.labels[1]"].message == "expected at most 50 characters, got 51"


def test_bad_date_is_a_problem_not_a_crash():
    text = "stale:\n  start_date: 2024-02-30\n"
    p = problems(text)["stale.start_date"]
    assert p.message == ("expected a date (YYYY-MM-DD) or an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SSZ), "
                         "got text '2024-02-30'")
    assert (p.line, p.col) == (2, 15)


def test_a_valid_unquoted_date_is_kept_as_text():
    assert load_config("stale:\n  start_date: 2024-02-29\n").get_path("stale.start_date") == "2024-02-29"


def test_section_of_the_wrong_type():
    p = problems("issues: [a, b]\n")["issues"]
    assert p.message == "expected a mapping, got a list"


def test_null_section_is_a_problem():
    assert problems("issues:\n")["issues"].message == "expected a mapping, got null"


def test_duplicate_key_is_reported_at_the_second_occurrence():
    text = "enabled: true\nmin_confidence: 60\nenabled: false\n"
    p = problems(text)["enabled"]
    assert (p.line, p.col) == (3, 1)
    assert "duplicate key (first given at line 1)" in p.message


def test_non_text_key_is_reported():
    found = validate_text("on: 1\n", "cfg.yml")
    assert len(found) == 1
    assert "expected a text key, got boolean true" in found[0].message
    assert (found[0].line, found[0].col) == (1, 1)
    assert "quote it" in found[0].hint


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_top_level_must_be_a_mapping(text):
    (p,) = validate_text(text, "cfg.yml")
    assert p.path == ""
    assert p.message.startswith("expected a mapping of keys to values")
    assert (p.line, p.col) == (1, 1)


def test_yaml_syntax_error_has_its_position():
    text = "issues:\n  labels: [a, b\nstale: {}\n"
    (p,) = validate_text(text, "cfg.yml")
    assert p.message.startswith("expected valid YAML")
    assert p.line == 3  # where PyYAML notices the unclosed flow sequence


def test_tab_indentation_is_a_yaml_problem():
    (p,) = validate_text("issues:\n\tcreate: true\n", "cfg.yml")
    assert p.message.startswith("expected valid YAML")
    assert (p.line, p.col) == (2, 1)


def test_unsafe_yaml_tags_are_refused():
    (p,) = validate_text("enabled: !!python/object/apply:os.system ['true']\n", "cfg.yml")
    assert p.message.startswith("expected valid YAML")


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("notifications: {bomb: *a8}")
    found = validate_text("\n".join(lines) + "\n", "cfg.yml")
    assert len(found) == 1 and "aliases expand too far" in found[0].message


def test_oversized_file_is_refused():
    (p,) = validate_text("#" * 1_000_001, "cfg.yml")
    assert p.message.startswith("expected at most")


def test_every_problem_at_once_in_file_order():
    text = (
        "enabeld: true\n"              # 1 unknown
        "min_confidence: high\n"       # 2 type
        "issues:\n"
        "  comment_on_repeat: often\n"  # 4 enum
        "categories:\n"
        "  x:\n"
        "    pattern: '(a)\\1'\n"      # 7 regex
        "stale:\n"
        "  scope: all\n"               # 9 enum
    )
    with pytest.raises(ConfigError) as info:
        load_config(text, "cfg.yml")
    found = info.value.problems
    assert [p.line for p in found] == [1, 2, 4, 7, 9]
    assert [p.path for p in found] == [
        "enabeld", "min_confidence", "issues.comment_on_repeat", "categories.x.pattern", "stale.scope",
    ]
    assert str(info.value).splitlines()[0] == "5 problems in configuration"
    assert str(info.value).splitlines()[1] == "cfg.yml:1:1: enabeld: unknown key in the top level (did you mean 'enabled'?)"


def test_problem_renders_as_file_line_col_path_message_hint():
    (p,) = validate_text("issues:\n  lables: [x]\n", ".github/autoheal.yml")
    assert str(p) == ".github/autoheal.yml:2:3: issues.lables: unknown key in issues (did you mean 'labels'?)"


def test_sync_workflow_file_must_be_a_workflow_path():
    p = problems("sync:\n  workflow_file: autoheal.yml\n")["sync.workflow_file"]
    assert p.message.startswith("expected a path like .github/workflows/<name>.yml")


@pytest.mark.parametrize("value", ["2024-02-29", "2024-02-29T10:00:00Z", "2024-02-29T10:00:00+02:00"])
def test_start_date_accepts_dates_and_zoned_date_times(value):
    assert load_config(f"stale:\n  start_date: {value}\n").get_path("stale.start_date") == value


def test_a_date_time_without_timezone_is_ambiguous_and_rejected():
    assert "stale.start_date" in problems("stale:\n  start_date: 2024-02-29T10:00:00\n")


def test_monitor_transitions_as_list_or_mapping():
    assert list(load_config(None).get_path("monitor.transitions"))[0] == "mark_ready"
    assert load_config("monitor: {transitions: []}").get_path("monitor.transitions") == ()
    cfg = load_config("monitor: {transitions: {mark_ready: false}}")
    assert cfg.get_path("monitor.transitions") == {"mark_ready": False}


def test_monitor_transitions_problems_point_inside_the_value():
    text = "monitor:\n  transitions: [mark_ready, hand_bak]\n"
    p = problems(text)["monitor.transitions[1]"]
    assert p.hint == "did you mean 'hand_back'?"
    assert text_at(text, p).startswith("hand_bak")
    found = problems("monitor:\n  transitions: {ready_lable: true, mark_ready: maybe}\n")
    assert found["monitor.transitions.ready_lable"].hint == "did you mean 'ready_label'?"
    assert found["monitor.transitions.mark_ready"].message == "expected true or false, got text 'maybe'"
    assert problems("monitor:\n  transitions: 3\n")["monitor.transitions"].message == (
        "expected a list of transitions, or a mapping of transition to true/false, got number 3")


def test_hostile_keys_cannot_forge_output_lines():
    text = 'issues:\n  "x\\n::error file=a::forged\\r": 1\n  "' + "k" * 500 + '": 2\n'
    found = validate_text(text, "cfg.yml")
    assert len(found) == 2
    for p in found:
        assert "\n" not in str(p) and "\r" not in str(p)
        assert len(p.path) <= len("issues.") + 60
    assert "\\n::error" in found[0].path


def test_yaml_errors_get_hints_for_the_usual_causes():
    (flow,) = validate_text("pull_requests: {skip_authors: [dependabot[bot]]}\n")
    assert "quote values" in flow.hint
    (tab,) = validate_text("issues:\n\tcreate: true\n")
    assert tab.hint == "indent with spaces, not tabs"


def test_people_and_teams_are_checked_with_fix_hints():
    found = problems("monitor:\n  reviewers: ['@alice', bob]\n  team_reviewers: [octo/core]\n")
    assert found["monitor.reviewers[0]"].hint == "write it without '@': alice"
    assert found["monitor.team_reviewers[0]"].hint == "drop the organization: core"
    assert set(found) == {"monitor.reviewers[0]", "monitor.team_reviewers[0]"}
    assert validate_text("pull_requests:\n  skip_authors:\n    - dependabot[bot]\n    - octo-cat\n") == []


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "a/../../b", "C:/x", "..\\x", "a\tb"])
def test_templates_must_stay_inside_the_repository(path):
    import json

    found = problems(f"issues:\n  template: {json.dumps(path)}\n")
    assert found["issues.template"].message.startswith("expected a path inside the repository")


@pytest.mark.parametrize("path", [".github/autoheal/issue.md.j2", "templates/..hidden/x.j2", "a b.md"])
def test_ordinary_template_paths_are_fine(path):
    assert validate_text(f"pull_requests:\n  template: '{path}'\n") == []


def test_several_yaml_documents_are_refused():
    (p,) = validate_text("enabled: true\n---\nenabled: false\n")
    assert p.message.startswith("expected valid YAML") and "single document" in p.message


def test_anchors_and_aliases_work_and_problems_point_at_the_written_value():
    cfg = load_config("issues:\n  labels: &ours [autoheal, ci]\npull_requests:\n  labels: *ours\n")
    assert cfg.get_path("pull_requests.labels") == ("autoheal", "ci")
    text = "issues:\n  reopen_window_days: &n -3\nhealth:\n  window_days: *n\n"
    found = problems(text)
    assert (found["issues.reopen_window_days"].line, found["health.window_days"].line) == (2, 2)


def test_merge_keys_are_expanded():
    text = "stale: &s\n  stale_label: old\nhealth:\n  alert_label: x\nmonitor:\n  <<: {ready_label: go}\n  max_fix_rounds: 1\n"
    cfg = load_config(text)
    assert cfg.get_path("monitor.ready_label") == "go" and cfg.get_path("monitor.max_fix_rounds") == 1


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_files_get_the_same_positions(newline):
    text = newline.join(["version: 1", "issues:", "  lables: [x]", ""])
    p = problems(text)["issues.lables"]
    assert (p.line, p.col) == (3, 3)


def test_a_leading_byte_order_mark_is_ignored():
    assert load_config("\ufeffmin_confidence: 60\n").get_path("min_confidence") == 60


@pytest.mark.parametrize("char, code", [("\x00", "U+0000"), ("\x07", "U+0007")])
def test_control_characters_are_located_in_one_line_messages(char, code):
    (p,) = validate_text(f"a: 1\nb: x{char}y\n")
    assert (p.line, p.col) == (2, 5)
    assert code in p.message and "\n" not in p.message
