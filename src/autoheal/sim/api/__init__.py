"""Route handlers, one module per GitHub API area; importing this package registers them all."""

from . import comments, contents, copilot, git, graphql, issues, labels, meta, pulls, repos  # noqa: F401
