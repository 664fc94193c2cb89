"""copilot-review's hand-off: each planned mode tried in order against Copilot's real APIs, each verified."""

from __future__ import annotations

from typing import Any

from ..shared.comment_budget import stage_comment_budget
from ..shared.context import StageContext
from ..shared.handoff import (
    Attempt,
    Target,
    assign_agent,
    post_comment,
    request_code_review,
    run_modes,
    user_gateway,
)
from .decide import COMMENT_MARKER, Decision, ReviewFacts, Settings
from .render import comment_body, instructions


def target_of(facts: ReviewFacts, settings: Settings) -> Target:
    pr = facts.pr
    same_repo = not pr.head_repo or pr.head_repo.lower() == facts.repo.lower()
    return Target(
        repo=facts.repo,
        pr_number=pr.number,
        base_branch=pr.head_ref if same_repo else facts.default_branch,
        issue_number=facts.issue.number if facts.issue else None,
        instructions=instructions(facts, settings),
        comment_body=comment_body(facts, settings),
        comment_marker=(COMMENT_MARKER, None),
        model=settings.model,
    )


def hand_off(ctx: StageContext, facts: ReviewFacts, decision: Decision, settings: Settings) -> list[Attempt]:
    gw = ctx.gw
    budget = stage_comment_budget(ctx)
    token = ctx.input("copilot-token")
    user: list[Any] = []

    def user_gw() -> Any:
        if not user:
            user.append(user_gateway(gw, token))
        return user[0]

    target = target_of(facts, settings)
    actions = {
        "coding_agent": lambda: assign_agent(user_gw(), gw, target),
        "code_review": lambda: request_code_review(user_gw() if token else gw, gw, target),
        "comment": lambda: post_comment(gw, target, budget=budget),
    }
    attempts = run_modes([(mode, None if why else actions[mode], why or "") for mode, why in decision.steps])
    if user:
        usage = user[0].usage
        ctx.rt.info(f"API requests with copilot-token: {usage.requests} ({usage.writes} writes)")
    return attempts
