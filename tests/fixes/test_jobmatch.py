"""Resolving the job name a failed run reports to the job in the workflow file."""

from __future__ import annotations

import pytest
import yaml

from autoheal.fixes import yamledit
from autoheal.fixes.jobmatch import (
    JobNotFound,
    find_job,
    matrix_combinations,
    rendered_names,
)

WORKFLOW = """
jobs:
  unit:
    name: ${{ matrix.name }}
    strategy:
      matrix:
        include:
          - {name: Linux, os: ubuntu-latest}
          - {name: Windows, os: windows-latest}
    runs-on: ${{ matrix.os }}
  integration:
    name: ${{ matrix.suite }} on ${{ matrix.db }}
    strategy:
      matrix:
        suite: [api, ui]
        db: [postgres, sqlite]
        exclude:
          - {suite: ui, db: sqlite}
    runs-on: ubuntu-latest
  legacy:
    name: ${{ matrix.name }}
    strategy:
      matrix:
        include:
          - {name: Legacy Linux}
    runs-on: ubuntu-latest
  dynamic:
    name: Deploy ${{ inputs.environment }}
    runs-on: ubuntu-latest
  py:
    strategy:
      matrix:
        python: [3.9, 3.10, "3.11"]
        experimental: [false]
    runs-on: ubuntu-latest
"""


def resolve(name: str) -> str:
    root = yamledit.compose(WORKFLOW)
    jobs = yamledit.find(root, ["jobs"])
    key, _ = find_job(jobs, name, yaml.safe_load(WORKFLOW)["jobs"])
    return key.value


@pytest.mark.parametrize(
    ("reported", "job_id"),
    [("Windows", "unit"), ("Linux", "unit"), ("Legacy Linux", "legacy"), ("api on sqlite", "integration"),
     ("ui on postgres", "integration"), ("Deploy production", "dynamic"), ("py (3.1, false)", "py"),
     ("py", "py"), ("ci / Windows", "unit"), ("Windows / unrelated", "unit")],
)
def test_rendered_matrix_names_resolve_exactly(reported, job_id):
    assert resolve(reported) == job_id


def test_wildcard_alone_would_be_ambiguous_but_rendering_is_not():
    root = yamledit.compose(WORKFLOW)
    jobs = yamledit.find(root, ["jobs"])
    with pytest.raises(JobNotFound, match="ambiguous"):
        find_job(jobs, "Windows")  # without the loaded data only the wildcard rule is left
    assert find_job(jobs, "Windows", yaml.safe_load(WORKFLOW)["jobs"])[0].value == "unit"


def test_excluded_combination_is_not_a_name():
    with pytest.raises(JobNotFound):
        resolve("ui on sqlite")


@pytest.mark.parametrize(
    ("matrix", "expected"),
    [
        ({"a": [1, 2]}, [{"a": 1}, {"a": 2}]),
        ({"a": [1, 2], "include": [{"a": 1, "x": "one"}, {"x": "all"}]},
         [{"a": 1, "x": "all"}, {"a": 2, "x": "all"}]),
        ({"a": [1], "include": [{"a": 3, "x": "new"}]}, [{"a": 1}, {"a": 3, "x": "new"}]),
        ({"a": [1, 2], "b": ["x", "y"], "exclude": [{"a": 2}]}, [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}]),
        ({"include": [{"n": "A"}, {"n": "B"}]}, [{"n": "A"}, {"n": "B"}]),
        ({"a": "${{ fromJSON(needs.setup.outputs.list) }}"}, []),
        ({"a": list(range(20)), "b": list(range(20))}, []),  # 400 > GitHub's 256-job limit: not enumerated
    ],
)
def test_matrix_combinations_follow_github_rules(matrix, expected):
    assert matrix_combinations({"strategy": {"matrix": matrix}}) == expected


def test_rendered_names_print_values_like_github():
    job = {"strategy": {"matrix": {"py": [3.10], "exp": [True], "none": [None]}}}
    assert rendered_names("t ${{ matrix.py }} ${{matrix.exp}} [${{ matrix.none }}]", job) == {"t 3.1 true []"}
    assert rendered_names("t ${{ matrix.py }} ${{ github.ref }}", job) == set()
    assert rendered_names("plain", job) == set()


def test_include_semantics_from_githubs_documentation():
    matrix = {
        "fruit": ["apple", "pear"], "animal": ["cat", "dog"],
        "include": [{"color": "green"}, {"color": "pink", "animal": "cat"}, {"fruit": "apple", "shape": "circle"},
                    {"fruit": "banana"}, {"fruit": "banana", "animal": "cat"}],
    }
    assert matrix_combinations({"strategy": {"matrix": matrix}}) == [
        {"fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"},
        {"fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"},
        {"fruit": "pear", "animal": "cat", "color": "pink"},
        {"fruit": "pear", "animal": "dog", "color": "green"},
        {"fruit": "banana"},
        {"fruit": "banana", "animal": "cat"},
    ]


def test_unrenderable_templates_still_match_by_wildcard_and_report_ambiguity():
    text = "jobs:\n  a:\n    name: Build ${{ inputs.x }}\n  b:\n    name: Build ${{ inputs.y }}\n"
    jobs = yamledit.find(yamledit.compose(text), ["jobs"])
    with pytest.raises(JobNotFound, match="ambiguous: it matches jobs a, b"):
        find_job(jobs, "Build prod", yaml.safe_load(text)["jobs"])
    with pytest.raises(JobNotFound, match=r"not found \(jobs: a, b\)"):
        find_job(jobs, "Deploy", yaml.safe_load(text)["jobs"])
