"""The template-token helper reads each job's `permissions:` from the template file itself."""

from __future__ import annotations

import pytest
import yaml
from github import GithubException

from support.template_tokens import TEMPLATES, job_permissions, template_jobs, template_token


def every_job():
    for path in sorted(TEMPLATES.glob("*.yml")):
        for job in template_jobs(path.name):
            yield path.name, job


@pytest.mark.parametrize("template,job", list(every_job()))
def test_every_template_job_has_explicit_permissions_the_helper_reads(template, job):
    perms = job_permissions(template, job)
    raw = yaml.safe_load((TEMPLATES / template).read_text())["jobs"][job]["permissions"]
    assert {k.replace("-", "_") for k in raw} >= set(perms)
    assert all(level in ("read", "write", "none") for level in perms.values())


def test_the_token_refuses_what_the_job_does_not_grant(sim, gh):
    sim.create_repo("octo/app", files={"a.txt": "a\n"})
    token = template_token(sim, "health-check.yml", "health-check")  # actions/contents read, issues write
    repo = sim.github(token).get_repo("octo/app")
    repo.create_issue("dashboard")
    with pytest.raises(GithubException) as err:
        repo.create_file("b.txt", "no", "b\n", branch="main")
    assert err.value.status == 403
    assert sim.core.state.tokens[token].kind == "github_token" and sim.core.state.tokens[token].level("workflows") == 0


def test_unknown_job_and_workflows_key_are_errors(tmp_path, monkeypatch):
    with pytest.raises(KeyError):
        job_permissions("pr-monitor.yml", "no-such-job")
    import support.template_tokens as tt

    (tmp_path / "bad.yml").write_text("jobs:\n  j:\n    permissions:\n      workflows: write\n")
    monkeypatch.setattr(tt, "TEMPLATES", tmp_path)
    with pytest.raises(ValueError, match="workflows"):
        tt.job_permissions("bad.yml", "j")
    (tmp_path / "top.yml").write_text("permissions: read-all\njobs:\n  j: {}\n")
    assert set(tt.job_permissions("top.yml", "j").values()) == {"read"}
