"""autoheal.fixes: pure, deterministic fixes — file text in, file text out.

Nothing here does I/O or talks to GitHub. The draft-pr and sync-workflows stages gather the file texts,
call these functions, and commit whatever `FixResult.new` says when `FixResult.changed` is true.

Public modules: `dependency` (add a missing package to the manifest the repo's CI installs), `timeout`
(raise a job's `timeout-minutes`), `workflow_list` (discover workflows, sync the `workflow_run` list),
`refname` (branch names git accepts), `task` (the Markdown task file for Copilot or a human).
Helpers: `yamledit` (surgical YAML edits), `jobmatch` (reported job name -> job), `import_map`,
`own_code`, `manifest_choice`, `requirements_txt`, `pyproject_toml` + `tomlscan`, `package_json`,
`pkgname`. See docs/fixes.md.
"""

from autoheal.fixes.result import FixResult

__all__ = ["FixResult"]
