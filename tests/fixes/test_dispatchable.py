"""Which workflows autoheal can start on its fix branch by `workflow_dispatch` (fixes/dispatchable.py)."""

import pytest

from autoheal.fixes.dispatchable import NO_TRIGGER, blocker_of, dispatch_blocker
from autoheal.fixes.workflow_list import read_workflow

JOBS = "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps: [{run: 'true'}]\n"


@pytest.mark.parametrize("on, why", [
    ("on: [push, workflow_dispatch]\n", None),
    ("on:\n  workflow_dispatch:\n", None),
    ("on:\n  workflow_dispatch:\n    inputs:\n      level: {required: false}\n", None),
    ("on:\n  workflow_dispatch:\n    inputs:\n      level: {required: true, default: debug}\n", None),
    ("on:\n  workflow_dispatch:\n    inputs:\n      level: {required: true}\n      env: {required: true, default: ''}\n",
     "requires the `workflow_dispatch` input(s) level, env, which autoheal cannot fill in"),
    ("on: push\n", NO_TRIGGER),
])
def test_blocker_reads_the_trigger_and_its_required_inputs(on, why):
    text = "name: CI\n" + on + JOBS
    assert dispatch_blocker("ci.yml", text) == why
    assert blocker_of(read_workflow("ci.yml", text)) == why  # the same answer from a workflow already read


def test_an_unreadable_workflow_says_where():
    why = dispatch_blocker("ci.yml", "on: [push\n")
    assert why is not None and why.startswith("cannot be read (ci.yml:")
