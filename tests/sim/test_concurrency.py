"""Two stages racing against the simulator: state stays consistent under concurrent requests."""

from __future__ import annotations

import threading

import requests


def race(workers):
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(fn):
        try:
            barrier.wait(timeout=10)
            fn()
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []


def test_two_clients_racing_issue_creation_get_unique_numbers(sim):
    sim.create_repo("octo/app")
    sim.add_token("ghs_a", login="stage-a[bot]")
    sim.add_token("ghs_b", login="stage-b[bot]")
    made: dict[str, list[int]] = {"a": [], "b": []}

    def stage(name, token):
        def work():
            repo = sim.github(token).get_repo("octo/app")
            for i in range(40):
                issue = repo.create_issue(f"{name}-{i}")
                issue.create_comment(f"comment by {name}")
                made[name].append(issue.number)

        return work

    race([stage("a", "ghs_a"), stage("b", "ghs_b")])
    numbers = made["a"] + made["b"]
    assert sorted(numbers) == list(range(1, 81))
    issues = sim.issues("octo/app")
    assert len(issues) == 80 and len({i["id"] for i in issues}) == 80
    assert all(i["comments"] == 1 for i in issues)
    assert len({c["id"] for n in numbers for c in sim.comments("octo/app", n)}) == 80
    posts = [r for r in sim.requests if r.method == "POST"]
    assert len(posts) == 160 and all(r.status == 201 for r in posts)


def test_racing_label_creation_has_exactly_one_winner(sim):
    sim.create_repo("octo/app")
    statuses: list[int] = []
    lock = threading.Lock()

    def create():
        r = requests.post(
            f"{sim.base_url}/repos/octo/app/labels", json={"name": "autoheal"}, headers={"Authorization": f"token {sim.token}"}
        )
        with lock:
            statuses.append(r.status_code)

    race([create for _ in range(8)])
    assert sorted(statuses) == [201] + [422] * 7
    assert sim.labels("octo/app") == ["autoheal"]


def test_racing_ref_creation_one_branch(sim):
    sim.create_repo("octo/app", files={"a.txt": "a"})
    sha = sim.repo("octo/app").branch_sha("main")
    codes: list[int] = []

    def create():
        r = requests.post(
            f"{sim.base_url}/repos/octo/app/git/refs",
            json={"ref": "refs/heads/autoheal/fix", "sha": sha},
            headers={"Authorization": f"token {sim.token}"},
        )
        codes.append(r.status_code)

    race([create, create, create, create])
    assert sorted(codes) == [201, 422, 422, 422]
