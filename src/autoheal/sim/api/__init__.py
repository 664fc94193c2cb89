"""Route handlers, one module per GitHub API area; importing this package registers them all."""

from . import comments, copilot, issues, labels, meta, repos  # noqa: F401
