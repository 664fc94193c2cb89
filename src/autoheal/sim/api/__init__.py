"""Route handlers, one module per GitHub API area; importing this package registers them all."""

from . import (  # noqa: F401
    actions,
    admin,
    checks,
    comments,
    contents,
    copilot,
    copilot_review,
    git,
    graphql,
    issues,
    labels,
    meta,
    pulls,
    repos,
    search,
    timeline,
)
