"""Event payloads in GitHub's real webhook shape (octokit's published examples, see webhooks/README.md),
adapted to the simulator: where the simulator knows an object, its values replace the example's, so the
ids, numbers and branches a template reads from `github.event` are the ones the API then answers.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Mapping

import requests

EXAMPLES = json.loads((Path(__file__).parent / "webhooks" / "octokit-webhooks-examples.json").read_text())
# Only the account that owns the repository appears; the examples' organisation/installation are theirs.
FOREIGN_KEYS = ("organization", "installation")


def example(key: str) -> dict[str, Any]:
    """A fresh copy of the example `event.action` (e.g. `issues.opened`)."""
    payload = copy.deepcopy(EXAMPLES[key])
    for name in FOREIGN_KEYS:
        payload.pop(name, None)
    return payload


def overlay(shape: Mapping[str, Any], actual: Mapping[str, Any]) -> dict[str, Any]:
    """The example's keys (GitHub's webhook shape) with the simulator's values wherever it has them."""
    return {key: actual.get(key, value) for key, value in shape.items()}


def api_get(sim, path: str) -> dict[str, Any]:
    response = requests.get(f"{sim.base_url}{path}", headers={"Authorization": f"token {sim.token}"}, timeout=10)
    response.raise_for_status()
    return response.json()


def with_repository(sim, repo: str, payload: dict[str, Any]) -> dict[str, Any]:
    payload["repository"] = overlay(payload["repository"], api_get(sim, f"/repos/{repo}"))
    return payload


def workflow_run(sim, repo: str, run_id: int) -> dict[str, Any]:
    """`workflow_run` `completed` for the simulator's run `run_id` (its conclusion, branch, workflow)."""
    payload = example("workflow_run.completed")
    run = sim.run(run_id)
    payload["workflow_run"] = overlay(payload["workflow_run"], run)
    payload["workflow"] = overlay(payload["workflow"], api_get(sim, f"/repos/{repo}/actions/workflows/{run['workflow_id']}"))
    return with_repository(sim, repo, payload)


def issues_opened(sim, repo: str, number: int) -> dict[str, Any]:
    payload = example("issues.opened")
    issue = next(i for i in sim.issues(repo) if i["number"] == number)
    payload["issue"] = overlay(payload["issue"], issue)
    return with_repository(sim, repo, payload)


def issues_event(sim, repo: str, number: int, action: str, *, sender: str, label: str | None = None) -> dict[str, Any]:
    """`issues` `reopened` or `labeled` about the simulator's issue `number`, sent by `sender`. Shaped from
    the `issues.opened` example (octokit's other `issues` examples differ only in `action` and, for
    `labeled`, the added `label` object), as GitHub sends them: `sender` is who acted."""
    payload = issues_opened(sim, repo, number)
    payload["action"] = action
    payload["sender"] = overlay(payload["sender"], api_get(sim, f"/users/{sender}"))
    if label is not None:
        payload["label"] = next(item for item in payload["issue"]["labels"] if item["name"] == label)
    return payload


def pull_request(sim, repo: str, number: int, key: str = "pull_request.opened") -> dict[str, Any]:
    """`pull_request.opened` or `pull_request_review.submitted` about the simulator's PR `number`."""
    payload = example(key)
    pull = next(p for p in sim.pulls(repo) if p["number"] == number)
    payload["pull_request"] = overlay(payload["pull_request"], pull)
    if "number" in payload:
        payload["number"] = number
    return with_repository(sim, repo, payload)


def workflow_dispatch(sim, repo: str, inputs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    payload = example("workflow_dispatch")
    payload["inputs"] = dict(inputs or {})
    payload["ref"] = "refs/heads/main"
    return with_repository(sim, repo, payload)


def schedule(cron: str) -> dict[str, Any]:
    """Not a webhook: GitHub's `github.event` for a scheduled run is just the cron that fired."""
    return {"schedule": cron}
