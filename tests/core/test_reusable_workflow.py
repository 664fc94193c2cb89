"""The reusable workflow and its one-file caller say what the templates say.

Generated from templates/*.yml by `python -m autoheal.workflowgen`; these tests fail when a template
changed and the generated files were not regenerated, and check the generated files' meaning: every
template job is in the reusable workflow with the same permissions, runner, timeout, `if:` and steps; the
caller grants at least what each job needs, listens to every template trigger and passes secrets
explicitly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from autoheal import workflowgen

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = workflowgen.read_templates(ROOT / "templates")
REUSABLE = workflowgen.load((ROOT / workflowgen.REUSABLE_PATH).read_text())
CALLER = workflowgen.load((ROOT / workflowgen.CALLER_PATH).read_text())
LEVEL = workflowgen.PERMISSION_ORDER


def _template_jobs():
    for stem in workflowgen.FAMILIES:
        doc = workflowgen.load(TEMPLATES[stem])
        for job_id, job in doc["jobs"].items():
            yield pytest.param(stem, job_id, job, id=f"{stem}/{job_id}")


def test_generated_files_are_current():
    assert workflowgen.main(["--root", str(ROOT), "--check"]) == 0, "run `python -m autoheal.workflowgen`"


def test_every_template_is_covered():
    assert set(workflowgen.FAMILIES) == {p.stem for p in (ROOT / "templates").glob("*.yml")
                                          if "jobs" in (yaml.safe_load(p.read_text()) or {})}


@pytest.mark.parametrize("stem, job_id, job", list(_template_jobs()))
def test_reusable_job_is_the_template_job(stem, job_id, job):
    ours = REUSABLE["jobs"][job_id]
    for key in ("permissions", "runs-on", "timeout-minutes"):
        assert ours.get(key) == job.get(key), f"{job_id}: {key}"
    assert set(ours) - {"if", "concurrency"} == set(job) - {"if"}, "no job key lost or added"
    if "if" in job:
        own = workflowgen._dispatch_inputs(workflowgen._strip_expr(job["if"]))
        assert ours["if"].endswith(f"&& ({own})"), "the template's own `if:` is kept, after the event check"
    inputs = REUSABLE["on"]["workflow_call"]["inputs"]
    assert len(ours["steps"]) == len(job["steps"])
    for mine, theirs in zip(ours["steps"], job["steps"]):
        assert {k: v for k, v in mine.items() if k != "with"} == \
            {k: workflowgen._in_expressions(v, workflowgen._dispatch_inputs) for k, v in theirs.items() if k != "with"}
        assert set(mine.get("with", {})) == set(theirs.get("with", {}))
        for key, value in (theirs.get("with") or {}).items():
            got = mine["with"][key]
            if isinstance(value, str) and "${{" in value:
                assert got == workflowgen._in_expressions(value, workflowgen._dispatch_inputs)
            else:  # a literal the consumer may set: an input with the template's value as default
                name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", got)[1]
                assert inputs[name]["default"] == value


@pytest.mark.parametrize("stem, job_id, job", list(_template_jobs()))
def test_caller_grants_what_each_job_needs(stem, job_id, job):
    granted = CALLER["jobs"]["autoheal"]["permissions"]
    for scope, level in (job.get("permissions") or {}).items():
        assert LEVEL[granted.get(scope, "none")] >= LEVEL[level], f"{job_id} needs {scope}: {level}"


def test_caller_grants_nothing_no_job_needs():
    needed = {}
    for stem in workflowgen.FAMILIES:
        for job in workflowgen.load(TEMPLATES[stem])["jobs"].values():
            for scope, level in (job.get("permissions") or {}).items():
                needed[scope] = max(needed.get(scope, "none"), level, key=LEVEL.get)
    assert CALLER["jobs"]["autoheal"]["permissions"] == needed
    assert CALLER["permissions"] == {} and REUSABLE["permissions"] == {}


def test_caller_listens_to_every_template_trigger_and_passes_secrets_explicitly():
    caller_on = CALLER["on"]
    for stem in workflowgen.FAMILIES:
        for event, spec in workflowgen.triggers(workflowgen.load(TEMPLATES[stem])).items():
            assert event in caller_on, f"{stem}: {event}"
            if event == "schedule":
                assert all(item in caller_on["schedule"] for item in spec)
            elif isinstance(spec, dict) and spec.get("types"):
                assert set(spec["types"]) <= set(caller_on[event]["types"])
    call = CALLER["jobs"]["autoheal"]
    assert call["uses"] == f"autoheal-dev/autoheal/{workflowgen.REUSABLE_PATH}@v1"
    declared = set(REUSABLE["on"]["workflow_call"]["secrets"])
    used = set(re.findall(r"secrets\.(\w+)", (ROOT / workflowgen.REUSABLE_PATH).read_text()))
    assert used == declared and declared, "every secret the jobs use is declared, and only those"
    assert call["secrets"] == {name: f"${{{{ secrets.{name} }}}}" for name in declared}, "no `secrets: inherit`"
    assert set(caller_on["workflow_dispatch"]["inputs"]["job"]["options"]) == set(workflowgen.FAMILIES.values())


def test_a_manual_run_starts_only_the_job_family_it_names():
    for job_id, job in REUSABLE["jobs"].items():
        if "workflow_dispatch" in job["if"]:
            assert re.search(r"github\.event\.inputs\.job == '[\w-]+'", job["if"]), job_id


def test_templates_the_generator_cannot_combine_are_refused():
    templates = dict(TEMPLATES)
    doc = workflowgen.load(templates["health-check"])
    doc["on"]["push"] = {"branches": ["release/*"]}
    templates["health-check"] = yaml.safe_dump(doc)
    with pytest.raises(workflowgen.TemplateError):
        workflowgen.reusable(templates)
