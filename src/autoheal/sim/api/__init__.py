"""Route handlers, one module per GitHub API area; importing this package registers them all."""

from . import actions, checks, comments, contents, copilot, git, graphql, issues, labels, meta, pulls, repos  # noqa: F401
