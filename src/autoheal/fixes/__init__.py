"""autoheal.fixes: pure, deterministic fixes — file text in, file text out.

Nothing here does I/O or talks to GitHub. The draft-pr and sync-workflows stages gather the file texts,
call these functions, and commit whatever `FixResult.new` says when `FixResult.changed` is true.

Modules: `dependency` (add a missing package to the manifest the repo uses), `timeout` (raise a job's
`timeout-minutes`), `workflow_list` (discover workflows, sync the `workflow_run` list), `refname` (branch
names git accepts), `task` (the Markdown task file for Copilot or a human), `yamledit` (surgical YAML
text edits shared by the YAML fixes).
"""

from autoheal.fixes.result import FixResult

__all__ = ["FixResult"]
