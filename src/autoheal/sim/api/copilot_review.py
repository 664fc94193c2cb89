"""`POST /repos/{o}/{r}/pulls/{n}/copilot-code-review` (API version 2026-03-10; not in the 2026-09 spec).

Outcomes follow GitHub's documentation, driven by the per-repo knob `copilot_review`:
"ok" (201, request recorded, Copilot shown as requested reviewer), "pending" (409, as if a review was
already pending), "forbidden" (403 ACTOR_FLAGGED), "rate_limited" (429 RATE_LIMITED),
"ineligible" (422 NOT_ELIGIBLE), "unavailable" (503). A real pending request also answers 409 until
the simulated review lands (Simulator.copilot_review).
"""

from __future__ import annotations

from ..model import COPILOT_LOGIN
from ..ops import add_event
from ..router import ApiError, Reply, Request, router
from .issues import repo_of
from .pulls import PULLS_W, pull_of

EFFORTS = ("low", "medium", "high")
KNOB_ERRORS = {
    "pending": (409, "A Copilot code review is already pending for this pull request.", None),
    "forbidden": (403, "Copilot code review is not available for this actor.", "ACTOR_FLAGGED"),
    "rate_limited": (429, "Copilot code review request rate limit exceeded.", "RATE_LIMITED"),
    "ineligible": (422, "This repository or actor is not eligible for Copilot code review.", "NOT_ELIGIBLE"),
    "unavailable": (503, "Copilot code review is temporarily unavailable.", None),
}


@router.add(
    "POST", "/repos/{owner}/{repo}/pulls/{pull_number}/copilot-code-review", perm=(PULLS_W,), in_spec=False
)
def request_copilot_review(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    knob = repo.options.get("copilot_review", "ok")
    if knob in KNOB_ERRORS:
        status, message, reason = KNOB_ERRORS[knob]
        raise ApiError(status, message, extra={"failure_reason": reason} if reason else None)
    if knob != "ok":
        raise ApiError(500, f"simulator: unknown copilot_review knob {knob!r}")
    effort = req.json_obj().get("review_effort")
    if effort is not None and effort not in EFFORTS:
        raise ApiError(422, f"Invalid review_effort {effort!r}.", extra={"failure_reason": "INVALID_REVIEW_EFFORT"})
    if pull.copilot_review_pending:
        raise ApiError(409, "A Copilot code review is already pending for this pull request.")
    pull.copilot_review_pending = True
    if COPILOT_LOGIN not in pull.requested_reviewers:
        pull.requested_reviewers.append(COPILOT_LOGIN)
        add_event(req.state, issue, "review_requested", req.login or "ghost", requested_reviewer=COPILOT_LOGIN)
    issue.updated_at = req.state.clock.now()
    req.state.touch()
    return Reply(201, {"message": "Copilot code review requested.", "review_effort": effort or "medium"})
