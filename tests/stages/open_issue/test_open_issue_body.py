"""Issue titles, bodies and comments: the format, the in-place update, and hostile text made harmless."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from .test_open_issue_support import (
    ASSERT_LOG,
    HOSTILE,
    MODULE_LOG,
    assert_neutral,
    make_analysis,
    prose,
)

from autoheal.config import load_config
from autoheal.errors import InputError
from autoheal.markdown import GITHUB_BODY_LIMIT
from autoheal.stages.open_issue.render import (
    SECTION_BEGIN,
    SECTION_END,
    issue_title,
    render_body,
    repeat_comment,
    reproduce_commands,
    safe_url,
    updated_body,
)
from autoheal.stages.open_issue.decide import settings_from
from autoheal.stages.open_issue.state import add_occurrence, new_record, occurrence_from, record_of
from autoheal.stages.shared.issue_blocks import analysis_from_issue_body

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
SETTINGS = settings_from(load_config(None))
def body_for(analysis, **kwargs):
    record = new_record(analysis, occurrence_from(analysis, NOW))
    return render_body(analysis, record, SETTINGS, **kwargs), record


def test_title_format_from_a_real_analysis():
    analysis = make_analysis(MODULE_LOG)
    module = analysis["specifics"]["modules"][0]
    assert issue_title(analysis) == f"CI / test: missing dependency — {module}"
    failing = make_analysis(ASSERT_LOG)
    assert issue_title(failing).startswith("CI / test: test failure — ")


def test_title_is_one_safe_short_line_whatever_the_names():
    analysis = make_analysis(workflow="CI @org/team\n#12 " + "w" * 200, job="job\r\nGH-7 " + "j" * 200,
                             specifics={"modules": ["@evil #9 " + "m" * 300]})
    title = issue_title(analysis)
    assert len(title) <= 120 and "\n" not in title and "\r" not in title
    assert not re.search(r"@[A-Za-z]", title) and not re.search(r"#\d", title) and not re.search(r"GH-\d", title)
    assert title.startswith("CI @\u200dorg/team #\u200d12 ")
    assert ": missing dependency — " in title


def test_body_has_every_section_and_the_hidden_record():
    analysis = make_analysis(MODULE_LOG)
    body, record = body_for(analysis)
    for heading in ("## Missing dependency in CI / test", "### Occurrences", "### Key lines", "### Suggested fix",
                    "### Reproduce locally", "<details><summary>How autoheal handles this issue</summary>"):
        assert heading in body, heading
    assert f"[run 101]({analysis['run_url']})" in body
    assert analysis["key_lines"][0]["text"] in body
    assert "python -c 'import " in body and "gh run view 101 --log-failed" in body
    assert "| `issues.comment_on_repeat` | material |" in body
    assert record_of(body).to_json() == record.to_json()
    assert analysis_from_issue_body(body)["category"] == "missing_dependency"
    assert body.index(SECTION_BEGIN) < body.index("### Key lines")  # near the top: never cut by truncation


def test_hostile_log_text_and_names_are_neutralized_everywhere():
    analysis = make_analysis(
        workflow=HOSTILE[:60], job="test @someone", failed_step=HOSTILE, head_branch="feat/$(touch pwn)`x`|y",
        key_lines=[{"line": 3, "text": HOSTILE}, {"line": 4, "text": "````` five backticks"}],
        novel_lines=[{"line": 5, "text": HOSTILE}],
        specifics={"modules": [HOSTILE], "tests": ["tests/t.py::test_x; rm -rf ~"], "exit_code": 1},
        suggested_fix=HOSTILE, run_url="javascript:alert(1)")
    body, _ = body_for(analysis)
    assert_neutral(body)
    assert "javascript:" not in prose(body) and "](javascript" not in body  # kept only in the hidden record
    # The key lines sit in a fence longer than any backtick run inside them.
    assert "``````\n" in body and "````` five backticks" in body
    # Shell commands quote untrusted arguments.
    assert "python -m pytest 'tests/t.py::test_x; rm -rf ~'" in body
    # The record still reads back exactly.
    assert record_of(body).branches == {"feat/$(touch pwn)`x`|y": {"count": 1, "last_seen": "2026-01-05T11:00:00Z"}}
    # A forged marker in a log line does not change which fingerprint the issue has.
    assert re.findall(r"<!-- autoheal:fingerprint=([^\s>]*) -->", body)[0] == analysis["fingerprint"]
    assert "<!-- autoheal:fingerprint=evil" not in body


def test_body_never_exceeds_githubs_limit_and_says_so():
    huge = [{"line": n, "text": "E" * 999} for n in range(20)]
    analysis = make_analysis(key_lines=huge, novel_lines=huge, suggested_fix="x" * 100_000,
                             specifics={f"k{n}": ["v" * 400] * 30 for n in range(40)})
    body, record = body_for(analysis)
    assert len(body) <= GITHUB_BODY_LIMIT
    assert "Truncated by autoheal" in body
    assert record_of(body).to_json() == record.to_json() and SECTION_END in body
    # Updates keep it under the limit too, even when a human made the rest longer.
    grown = updated_body(body + "\n" + "h" * 20_000, None, record)
    assert len(grown) <= GITHUB_BODY_LIMIT and SECTION_END in grown


def test_update_replaces_only_the_occurrences_and_keeps_human_edits():
    analysis = make_analysis(run_id=1)
    body, record = body_for(analysis)
    edited = body.replace("### Suggested fix", "### Suggested fix\n\nMaintainer note: pin it to 6.0.") + "\nThanks!\n"
    newer, _ = add_occurrence(record, occurrence_from(make_analysis(run_id=2, branch="dev"), NOW))
    updated = updated_body(edited, analysis, newer)
    assert "Maintainer note: pin it to 6.0." in updated and updated.endswith("Thanks!\n")
    assert updated.count(SECTION_BEGIN) == 1 and "Seen **2** times" in updated
    assert "`dev` (1)" in updated and record_of(updated).count == 2
    # Nothing outside the hidden head and the section changed.
    def strip(text: str) -> str:
        text = re.sub(r"<!-- autoheal:(analysis|occurrences)\n.*?\n-->", "", text, flags=re.DOTALL)
        return re.sub(re.escape(SECTION_BEGIN) + ".*?" + re.escape(SECTION_END), "", text, flags=re.DOTALL)

    assert strip(updated) == strip(edited) and strip(updated) != strip(body)


def test_section_is_restored_when_a_human_deleted_it():
    analysis = make_analysis()
    body, record = body_for(analysis)
    start, end = body.index(SECTION_BEGIN), body.index(SECTION_END) + len(SECTION_END)
    without = body[:start] + body[end:]
    restored = updated_body(without, None, record)
    assert restored.count(SECTION_BEGIN) == 1 and record_of(restored).count == 1


def test_user_template_is_sandboxed_and_gets_safe_values(tmp_path):
    template = "# {{ title }}\n{{ occurrences }}\nraw step: {{ step }}\n{{ key_lines_block }}\nfix: {{ suggested_fix }}\n"
    analysis = make_analysis(failed_step=HOSTILE, suggested_fix=HOSTILE,
                             key_lines=[{"line": 1, "text": HOSTILE}])
    body, record = body_for(analysis, template_text=template)
    assert body.count(SECTION_BEGIN) == 1 and "raw step:" in body
    assert_neutral_user = prose(body)
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", assert_neutral_user)
    assert "<img" not in assert_neutral_user and "![" not in assert_neutral_user
    assert record_of(body).to_json() == record.to_json()
    # No placeholder: the section goes right after the hidden head.
    plain, _ = body_for(analysis, template_text="Just text.\n")
    assert plain.index(SECTION_BEGIN) < plain.index("Just text.")
    with pytest.raises(InputError, match="input 'template'.*cannot be rendered"):
        body_for(analysis, template_text="{% for x in %}")
    with pytest.raises(InputError, match="template"):
        body_for(analysis, template_text="{{ ''.__class__.__mro__[1].__subclasses__() }}")


def test_repeat_comment_says_what_is_new_and_is_safe():
    analysis = make_analysis(run_id=1)
    record = new_record(analysis, occurrence_from(analysis, NOW))
    again = make_analysis(run_id=2, branch="@evil/#1", key_lines=[{"line": 9, "text": HOSTILE}], confidence=20)
    newer, changes = add_occurrence(record, occurrence_from(again, NOW))
    text = repeat_comment(newer, again, changes)
    assert "occurrence **2**" in text and "First time on branch" in text and "New error lines" in text
    assert "Confidence changed from" in text and "to low" in text
    assert_neutral(text + "\n<details><summary></summary></details>")


def test_reproduce_commands_quote_everything():
    analysis = make_analysis(specifics={"tests": ["t.py::a b", "t.py::$(x)"], "modules": []}, category="test_failure")
    assert reproduce_commands(analysis)[0] == "python -m pytest 't.py::a b' 't.py::$(x)'"
    go = make_analysis(specifics={"tests": ["TestParse", "TestLoad"]}, category="test_failure", run_id=5)
    assert reproduce_commands(go) == ["go test ./... -run '^(TestParse|TestLoad)$'", "gh run view 5 --log-failed",
                                      "gh run rerun 5 --failed"]


@pytest.mark.parametrize("url,ok", [
    ("https://github.com/o/r/actions/runs/1", True),
    ("http://127.0.0.1:8080/o/r/actions/runs/1", True),
    ("javascript:alert(1)", False),
    ("https://x.example/a b", False),
    ("https://x.example/a)(b", False),
    ("https://x.example/\"onmouseover", False),
    ("ftp://x.example/", False),
    ("", False),
    (None, False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok
