"""Adding to requirements files: one new line, every other byte untouched, no duplicates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes.dependency import add_dependency
from autoheal.fixes.pkgname import normalize
from autoheal.fixes.requirements_txt import parse

from .helpers import line_changes, read_fixture

WEBAPP = read_fixture("manifests", "requirements-webapp.txt")
FROZEN = read_fixture("manifests", "requirements-frozen.txt")
HASHED = read_fixture("manifests", "requirements-hashed.txt")


def names(text: str) -> list[str]:
    return [normalize(entry.name) for entry in parse(text) if entry.name]


@pytest.mark.parametrize(
    ("text", "requirement", "line_before", "line_after"),
    [
        pytest.param(WEBAPP, "PyYAML", "sentry-sdk[django]>=1.40\n", "# end of file\n", id="unsorted-after-last-requirement"),
        pytest.param(FROZEN, "PyYAML", "idna==3.6\n", "requests==2.31.0\n", id="sorted-alphabetical-slot"),
        pytest.param(FROZEN, "aiohttp>=3.9", None, "attrs==23.2.0\n", id="sorted-first"),
        pytest.param(FROZEN, "zipp", "urllib3==2.2.1\n", None, id="sorted-last"),
        pytest.param(WEBAPP.replace("\n", "\r\n"), "PyYAML", "sentry-sdk[django]>=1.40\r\n", "# end of file\r\n",
                     id="crlf"),
        pytest.param("# only comments\n-r base.txt\n", "PyYAML", "-r base.txt\n", None, id="no-requirements-yet"),
        pytest.param("", "PyYAML", None, None, id="empty-file"),
    ],
)
def test_adds_exactly_one_line_in_the_right_place(text, requirement, line_before, line_after):
    result = add_dependency("requirements.txt", text, requirement)
    assert result.changed, result.summary
    newline = "\r\n" if "\r\n" in text else "\n"
    assert line_changes(text, result.new) == ([], [requirement + newline])
    lines = result.new.splitlines(keepends=True)
    at = lines.index(requirement + newline)
    assert (lines[at - 1] if at else None) == line_before
    assert (lines[at + 1] if at + 1 < len(lines) else None) == line_after
    assert names(result.new).count(normalize(requirement.split(">")[0])) == 1


def test_file_without_final_newline_gets_one_line_more_and_nothing_else():
    result = add_dependency("requirements.txt", "requests\nclick", "PyYAML")
    assert result.new == "requests\nclick\nPyYAML\n"


@pytest.mark.parametrize(
    "listed",
    [
        "pyyaml", "PYYAML>=5", "PyYAML[libyaml]==6.0.1 ; python_version < \"3.13\"", "pyyaml  # config files",
        "-e git+https://github.com/yaml/pyyaml.git@6.0.1#egg=PyYAML",
        "https://example.org/wheels/PyYAML-6.0.1-cp312-cp312-manylinux_2_17_x86_64.whl",
        "pyyaml @ https://example.org/pyyaml-6.0.1.tar.gz", "PyYAML \\\n    >=6",
    ],
)
def test_already_present_under_any_spelling_is_a_no_op(listed):
    text = f"requests\n{listed}\nclick\n"
    result = add_dependency("requirements.txt", text, "PyYAML")
    assert not result.changed and result.new == text
    assert "already required" in result.summary


@pytest.mark.parametrize(("listed", "wanted"), [("Foo.Bar", "foo-bar"), ("foo__bar", "FOO-BAR"), ("a-b", "A_B>=2")])
def test_pep503_normalization(listed, wanted):
    assert not add_dependency("r.txt", f"{listed}\n", wanted).changed


def test_hash_checking_mode_is_refused_with_a_reason():
    result = add_dependency("requirements.txt", HASHED, "PyYAML")
    assert not result.changed and result.new == HASHED
    assert "hash-checking mode" in result.summary and "pip-compile" in result.summary


def test_already_present_in_hashed_file_says_so():
    assert "already required" in add_dependency("requirements.txt", HASHED, "requests").summary


def test_parse_reads_logical_lines_like_pip():
    entries = parse(WEBAPP)
    listed = [e.name for e in entries if e.name]
    assert listed == ["Django", "djangorestframework", "psycopg2-binary", "celery", "gunicorn", "uvicorn",
                      "django-thing", "internal_tool", "sentry-sdk"]
    uvicorn = next(e for e in entries if e.name == "uvicorn")
    assert WEBAPP[uvicorn.start : uvicorn.end] == "uvicorn[standard] \\\n    >=0.29\n"


@pytest.mark.parametrize(
    "bad",
    ["PyYAML\n--index-url https://evil.example", "PyYAML # hi", "--extra-index-url x", "x @ https://evil",
     "", " PyYAML", "PyYAML;\nrm", "../evil", "-e .", "name$(id)"],
)
def test_unsafe_requirements_are_never_written(bad):
    with pytest.raises(ValueError, match="refusing to write"):
        add_dependency("requirements.txt", "requests\n", bad)


def test_group_is_rejected_for_requirements_files():
    with pytest.raises(ValueError, match="no groups"):
        add_dependency("requirements-dev.txt", "", "pytest", group="test")


# --- property: random realistic files ----------------------------------------------------------------------------

dist_names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}(?:[-_.][A-Za-z0-9]{1,4})?", fullmatch=True)
line_kinds = st.one_of(
    dist_names.map(lambda n: n),
    dist_names.map(lambda n: f"{n}=={1}.{2}"),
    dist_names.map(lambda n: f"{n}[extra]>=1 ; python_version < \"3.13\""),
    dist_names.map(lambda n: f"{n}\t# pinned"),
    dist_names.map(lambda n: f"{n} \\\n    >=2"),
    st.sampled_from(["", "# comment", "-r base.txt", "-c constraints.txt", "--index-url https://x/simple", "   "]),
)


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(line_kinds, max_size=12), newline=st.sampled_from(["\n", "\r\n"]), new=dist_names,
       final_newline=st.booleans())
def test_any_requirements_file_gains_exactly_the_new_line(lines, newline, new, final_newline):
    text = newline.join(line.replace("\n", newline) for line in lines) + (newline if final_newline and lines else "")
    result = add_dependency("requirements.txt", text, new)
    if normalize(new) in names(text):
        assert not result.changed and result.new == text
        return
    assert result.changed
    newline = newline if "\n" in text else "\n"  # a file without line breaks gets LF
    removed, added = line_changes(text, result.new)
    if text and not text.endswith("\n") and result.new.startswith(text):
        # appended to an unterminated last line: that line only gained its terminator
        assert result.new == text + newline + new + newline
    else:
        assert (removed, added) == ([], [new + newline])
    assert sorted(names(result.new)) == sorted(names(text) + [normalize(new)])


@pytest.mark.parametrize("text", ["requests \\\n", "requests \\", "requests \\\r\n"])
def test_dangling_continuation_is_refused_not_joined(text):
    result = add_dependency("requirements.txt", text, "PyYAML")
    assert not result.changed and result.new == text
    assert "continuation" in result.summary


def test_continuation_that_already_consumed_a_blank_line_is_fine():
    text = "zz\nrequests \\\n\n# c\n"
    assert add_dependency("requirements.txt", text, "PyYAML").new == "zz\nrequests \\\n\nPyYAML\n# c\n"


def test_comment_lines_ending_in_backslash_do_not_continue():
    text = "# windows path C:\\\nrequests\n"
    assert [e.name for e in parse(text)] == [None, "requests"]
    assert add_dependency("requirements.txt", "zz\n# note \\\n", "PyYAML").new == "zz\nPyYAML\n# note \\\n"
