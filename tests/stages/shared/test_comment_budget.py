"""rate_limits.max_comments_per_hour: the shared count of autoheal's comments in the last hour."""

from __future__ import annotations

from autoheal.gateway import Gateway
from autoheal.stages.shared.comment_budget import comment_budget

REPO = "octo/app"


def gateway(sim) -> Gateway:
    # the shared counting helper on its own, not a template job: the all-permission admin token stands in
    return Gateway(token=sim.token, api_url=sim.base_url, repo=REPO, sleep=lambda s: None)


def seed(sim, gh, *, ours_old: int, ours_new: int, theirs: int):
    sim.create_repo(REPO)
    issue = gh.get_repo(REPO).create_issue("x")
    for n in range(ours_old):
        issue.create_comment(f"old {n}\n<!-- autoheal:comment=old-{n} -->")
    sim.clock.advance(minutes=61)
    for n in range(ours_new):
        issue.create_comment(f"new {n}\n<!-- autoheal:sticky=x{n} -->")
    for n in range(theirs):
        issue.create_comment(f"a person's comment {n}")
    return issue


def test_counts_only_autoheal_comments_created_in_the_last_hour(sim, gh) -> None:
    seed(sim, gh, ours_old=3, ours_new=2, theirs=4)
    gw = gateway(sim)
    budget = comment_budget(gw, 3)
    assert budget.count() == 2
    assert budget.allows()
    budget.spend()
    assert not budget.allows()  # 3 of 3
    assert comment_budget(gw, 3) is budget  # one count per gateway: heal's stages share it


def test_counts_once_per_gateway(sim, gh) -> None:
    seed(sim, gh, ours_old=0, ours_new=1, theirs=0)
    gw = gateway(sim)
    budget = comment_budget(gw, 5)
    budget.allows()
    before = gw.usage.requests
    for _ in range(3):
        budget.allows()
        budget.spend()
    assert gw.usage.requests == before and budget.count() == 4


def test_an_edit_is_not_a_new_comment_and_the_hour_slides(sim, gh) -> None:
    issue = seed(sim, gh, ours_old=2, ours_new=0, theirs=0)
    for comment in issue.get_comments():  # edited now, created over an hour ago
        comment.edit(comment.body + " (edited)")
    assert comment_budget(gateway(sim), 1).allows()


def test_a_cap_of_zero_allows_nothing_without_asking(sim) -> None:
    sim.create_repo(REPO)
    gw = gateway(sim)
    assert not comment_budget(gw, 0).allows()
    assert gw.usage.requests == 0
