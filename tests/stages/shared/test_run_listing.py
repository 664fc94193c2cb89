"""Filtered run listings past GitHub's 1,000-result cap (the simulator caps them like GitHub)."""

from __future__ import annotations

from datetime import timedelta

from autoheal.gateway import Gateway
from autoheal.stages.analyze_failure.gather import last_green_run
from autoheal.stages.shared.run_listing import beyond_the_cap
from support.template_tokens import template_token

REPO = "octo/app"


def seed(sim, count, start, **spec):
    return sim.add_runs(REPO, [{**spec, "created_at": start + timedelta(minutes=i)} for i in range(count)])


def test_beyond_the_cap_reaches_every_run_of_a_filtered_listing(sim):
    sim.create_repo(REPO, files={"a.txt": "a\n"})
    start = sim.clock.now() - timedelta(days=30)
    ids = seed(sim, 1205, start, conclusion="success")
    repo = sim.github(template_token(sim, "health-check.yml", "health-check")).get_repo(REPO)
    capped = list(repo.get_workflow_runs(branch="main", status="completed"))
    assert len(capped) == 1000  # what GitHub gives a filtered listing
    every = list(beyond_the_cap(lambda created: repo.get_workflow_runs(
        branch="main", status="completed", **({"created": created} if created else {}))))
    assert sorted(r.id for r in every) == sorted(ids)
    assert [r.created_at for r in every] == sorted((r.created_at for r in every), reverse=True)


def test_last_green_run_of_an_old_run_is_found_past_1000_newer_successes(sim):
    sim.create_repo(REPO, files={"a.txt": "a\n"})
    start = sim.clock.now() - timedelta(days=30)
    [green] = seed(sim, 1, start, conclusion="success")
    [failed] = seed(sim, 1, start + timedelta(minutes=5), conclusion="failure")
    seed(sim, 1001, start + timedelta(hours=1), conclusion="success")  # newer successes fill the cap
    token = template_token(sim, "autoheal.yml", "heal")
    gw = Gateway(token=token, api_url=sim.base_url, repo=REPO, sleep=lambda s: None)
    repo = gw.repo()
    run = repo.get_workflow_run(failed)
    assert last_green_run(gw, repo, run).id == green
