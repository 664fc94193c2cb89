"""stale-cleanup: warn, wait, then close autoheal's stale draft PRs, within an honest op budget."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common

SPEC = StageSpec(
    name="stale-cleanup",
    title="autoheal: stale cleanup",
    description="Warn about and then close stale autoheal draft PRs (or issues), actions/stale style, within an operation budget.",
    icon="archive",
    color="gray-dark",
    inputs=common(
        Input("days-before-stale", "Days without activity before a PR is marked stale.", kind="float", min=0),
        Input("days-before-close", "Days after the stale warning before it is closed (-1: never close).", kind="float", min=-1),
        Input("stale-label", "Label that marks a stale item."),
        Input("stale-message", "Comment posted when marking stale (Jinja template text)."),
        Input("close-message", "Comment posted when closing (Jinja template text)."),
        Input("exempt-labels", "Items with any of these labels are never marked stale.", kind="list"),
        Input("exempt-authors", "Items by these authors are never marked stale.", kind="list"),
        Input("exempt-milestones", "Items in these milestones are never marked stale.", kind="list"),
        Input("only-labels", "Only items that carry all of these labels are processed.", kind="list"),
        Input("remove-stale-when-updated", "Remove the stale label when there is new activity.", kind="bool"),
        Input("operations-per-run", "Budget of API writes for this run; the run stops cleanly when it is spent.", kind="int", min=1),
        Input("delete-branch", "Delete the branch of a closed PR (only branches autoheal created).", kind="bool"),
        Input("start-date", "Ignore items created before this date (ISO 8601)."),
        Input("scope", "What to clean.", kind="choice", choices=("autoheal-drafts", "all-drafts", "autoheal-issues")),
    ),
    outputs=(
        Output("examined", "Items examined."),
        Output("warned", "Items marked stale in this run."),
        Output("closed", "Items closed in this run."),
        Output("unstaled", "Items whose stale mark was removed after new activity."),
        Output("remaining-operations", "Operations left in this run's budget."),
    ),
)
