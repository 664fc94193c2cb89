"""The two container harnesses' own contracts (no engine needed): the direct runner's strict reading of
`GITHUB_OUTPUT` and of the action defaults, and act's mapping of every template's actions to this checkout."""

from __future__ import annotations

import pytest
import yaml

from .actionrunner import parse_output_file, resolve
from .actjob import AUTOHEAL_USES, REPO_ROOT, TEMPLATES, autoheal_references

WORKFLOW_TEMPLATES = sorted(p for p in TEMPLATES.glob("*.yml") if "jobs" in (yaml.safe_load(p.read_text()) or {}))


def test_output_file_is_parsed_strictly():
    text = "a<<EOF_1\nline 1\nline 2\nEOF_1\nb=plain\n"
    assert parse_output_file(text) == {"a": "line 1\nline 2", "b": "plain"}
    with pytest.raises(ValueError):
        parse_output_file("a<<EOF_1\nnever closed\n")
    with pytest.raises(ValueError):
        parse_output_file("no separator\n")


def test_action_defaults_resolve_only_github_values():
    github = {"token": "t", "repository": "octo/app"}
    assert resolve("${{ github.token }}", github) == "t" and resolve("plain", github) == "plain"
    for unknown in ("${{ github.sha }}", "${{ inputs.x }}", "x-${{ github.token }}"):
        with pytest.raises(ValueError):
            resolve(unknown, github)


@pytest.mark.parametrize("template", WORKFLOW_TEMPLATES, ids=lambda p: p.name)
def test_every_step_of_every_template_is_an_autoheal_action_act_maps_to_this_checkout(template):
    """act would fetch any other action from the network: a template step that is not autoheal's
    (or a `run:` step, which needs a runner image) must be noticed here, not as a hang in CI."""
    steps = [s for job in yaml.safe_load(template.read_text())["jobs"].values() for s in job["steps"]]
    assert steps and all(AUTOHEAL_USES.match(s.get("uses", "")) for s in steps), steps
    assert autoheal_references(template) == {"autoheal-dev/autoheal@v1"}


def test_the_one_file_caller_and_the_reusable_workflow_map_to_this_checkout():
    """The caller's only job calls the reusable workflow by `OWNER/autoheal/...@v1`, which act maps to
    this checkout like the actions; every step of the reusable workflow is an autoheal action."""
    caller = TEMPLATES / "caller" / "autoheal.yml"
    (job,) = yaml.safe_load(caller.read_text())["jobs"].values()
    assert job["uses"] == "autoheal-dev/autoheal/.github/workflows/autoheal-reusable.yml@v1"
    assert autoheal_references(caller) == {"autoheal-dev/autoheal@v1"}
    reusable = REPO_ROOT / ".github" / "workflows" / "autoheal-reusable.yml"
    steps = [s for job in yaml.safe_load(reusable.read_text())["jobs"].values() for s in job["steps"]]
    assert steps and all(AUTOHEAL_USES.match(s.get("uses", "")) for s in steps), steps
    assert autoheal_references(reusable) == {"autoheal-dev/autoheal@v1"}
