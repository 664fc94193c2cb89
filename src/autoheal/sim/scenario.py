"""Load a YAML scenario (repos, files, issues, pull requests, workflow runs with logs) into a simulator.

The scenario file is the seeding API for everything outside Python (the demo, `autoheal sim serve
--scenario`, black-box checks). Paths such as `log_file` are relative to the scenario file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import ops
from .model import Comment, PullInfo

if TYPE_CHECKING:  # pragma: no cover
    from .simulator import Simulator

TOP_KEYS = {"clock", "tokens", "repos"}
REPO_KEYS = {
    "name", "default_branch", "private", "description", "files", "protected", "labels", "options",
    "branches", "issues", "pulls", "runs", "check_runs", "statuses", "collaborators",
}


class ScenarioError(ValueError):
    """A scenario that does not have the documented shape (message names the offending place)."""


def read_scenario(source: str | Path | dict[str, Any]) -> tuple[dict[str, Any], Path]:
    """(data, base directory) from a path or an already-parsed dict."""
    if isinstance(source, dict):
        return source, Path.cwd()
    path = Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario is a mapping with 'repos' (and optionally 'clock', 'tokens')")
    return data, path.resolve().parent


def _text_from(spec: dict[str, Any], base: Path, where: str, key: str = "log") -> str | None:
    if spec.get(f"{key}_file"):
        file = base / str(spec[f"{key}_file"])
        try:
            return file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ScenarioError(f"{where}: cannot read {key}_file {file}: {exc.strerror}") from None
    value = spec.get(key)
    return None if value is None else str(value)


def _job_specs(jobs: Any, base: Path, where: str) -> list[dict[str, Any]] | None:
    if jobs is None:
        return None
    if not isinstance(jobs, list):
        raise ScenarioError(f"{where}.jobs must be a list")
    out = []
    for j, job in enumerate(jobs):
        if not isinstance(job, dict) or "name" not in job:
            raise ScenarioError(f"{where}.jobs[{j}] needs a name")
        spec = {k: v for k, v in job.items() if k not in ("log_file",)}
        spec["log"] = _text_from(job, base, f"{where}.jobs[{j}]")
        steps = []
        for s, step in enumerate(job.get("steps") or []):
            if isinstance(step, str):
                step = {"name": step}
            if not isinstance(step, dict) or "name" not in step:
                raise ScenarioError(f"{where}.jobs[{j}].steps[{s}] needs a name")
            step = dict(step)
            log = _text_from(step, base, f"{where}.jobs[{j}].steps[{s}]")
            step.pop("log_file", None)
            if log is not None:
                step["log"] = log
            steps.append(step)
        spec["steps"] = steps or None
        out.append(spec)
    return out


def load(sim: Simulator, source: str | Path | dict[str, Any]) -> None:
    data, base = read_scenario(source)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ScenarioError(f"unknown top-level keys: {sorted(unknown)} (expected {sorted(TOP_KEYS)})")
    if data.get("clock"):
        try:
            sim.clock.set(str(data["clock"]))
        except ValueError:
            raise ScenarioError(f"clock: {data['clock']!r} is not an ISO 8601 timestamp") from None
    for t, token in enumerate(data.get("tokens") or []):
        if not isinstance(token, dict) or "token" not in token:
            raise ScenarioError(f"tokens[{t}] needs a token")
        sim.add_token(
            str(token["token"]),
            login=token.get("login", "github-actions[bot]"),
            kind=token.get("kind", "github_token"),
            permissions=token.get("permissions"),
        )
    repos = data.get("repos") or []
    if not isinstance(repos, list):
        raise ScenarioError("repos must be a list")
    for r, spec in enumerate(repos):
        try:
            _load_repo(sim, spec, base, f"repos[{r}]")
        except ScenarioError:
            raise
        except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a value of the wrong shape
            raise ScenarioError(f"repos[{r}]: {type(exc).__name__}: {exc}") from None


def _load_repo(sim: Simulator, spec: Any, base: Path, where: str) -> None:
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or "/" not in spec["name"]:
        raise ScenarioError(f"{where} needs a name like owner/repo")
    unknown = set(spec) - REPO_KEYS
    if unknown:
        raise ScenarioError(f"{where}: unknown keys {sorted(unknown)}")
    name = spec["name"]
    files = {str(k): str(v) for k, v in (spec.get("files") or {}).items()}
    sim.create_repo(
        name,
        default_branch=spec.get("default_branch", "main"),
        files=files or None,
        private=bool(spec.get("private", False)),
        description=spec.get("description"),
    )
    for login in spec.get("collaborators") or []:
        sim.add_collaborator(name, login)
    if spec.get("options"):
        sim.set_repo_option(name, **{k: str(v) for k, v in spec["options"].items()})
    for branch, bspec in (spec.get("branches") or {}).items():
        bspec = bspec or {}
        sim.commit_files(
            name,
            str(branch),
            {str(k): (None if v is None else str(v)) for k, v in (bspec.get("files") or {}).items()},
            bspec.get("message", f"Work on {branch}"),
            author=bspec.get("author"),
            from_branch=bspec.get("from"),
        )
    for branch in spec.get("protected") or []:
        sim.protect_branch(name, str(branch))
    with sim.core.lock:
        state = sim.core.state
        repo = state.repo_by_name(name)
        assert repo is not None
        for label in spec.get("labels") or []:
            label = {"name": label} if isinstance(label, str) else label
            ops.ensure_label(state, repo, str(label["name"]), str(label.get("color", "ededed")), label.get("description"))
        for i, issue_spec in enumerate(spec.get("issues") or []):
            _load_issue(state, repo, issue_spec, f"{where}.issues[{i}]")
        for p, pull_spec in enumerate(spec.get("pulls") or []):
            _load_pull(state, repo, pull_spec, f"{where}.pulls[{p}]")
    for n, run in enumerate(spec.get("runs") or []):
        if not isinstance(run, dict):
            raise ScenarioError(f"{where}.runs[{n}] must be a mapping")
        options = {k: v for k, v in run.items() if k not in ("jobs", "attempts")}
        options["jobs"] = _job_specs(run.get("jobs"), base, f"{where}.runs[{n}]")
        if run.get("attempts"):
            options["attempts"] = [
                {**a, "jobs": _job_specs(a.get("jobs"), base, f"{where}.runs[{n}].attempts[{k}]")}
                for k, a in enumerate(run["attempts"])
            ]
        try:
            sim.add_run(name, **options)
        except (TypeError, ValueError) as exc:
            raise ScenarioError(f"{where}.runs[{n}]: {exc}") from None
    for c, check in enumerate(spec.get("check_runs") or []):
        sha = _sha(sim, name, check, f"{where}.check_runs[{c}]")
        sim.add_check_run(name, sha, check["name"], check.get("status", "completed"), check.get("conclusion", "success"))
    for s, status in enumerate(spec.get("statuses") or []):
        sha = _sha(sim, name, status, f"{where}.statuses[{s}]")
        sim.add_status(name, sha, status["state"], status.get("context", "default"), description=status.get("description"))


def _sha(sim: Simulator, name: str, spec: dict[str, Any], where: str) -> str:
    if spec.get("sha"):
        return str(spec["sha"])
    with sim.core.lock:
        sha = ops.resolve_commit(sim.core.state.repo_by_name(name), str(spec.get("ref", "main")))  # type: ignore[arg-type]
    if sha is None:
        raise ScenarioError(f"{where}: ref {spec.get('ref')!r} does not exist")
    return sha


def _load_issue(state: Any, repo: Any, spec: Any, where: str) -> None:
    if not isinstance(spec, dict) or not spec.get("title"):
        raise ScenarioError(f"{where} needs a title")
    author = spec.get("author", "octocat")
    state.ensure_user(author)
    issue = ops.new_issue(state, repo, str(spec["title"]), spec.get("body"), author)
    if spec.get("labels"):
        ops.set_issue_labels(state, repo, issue, ops.label_names(spec["labels"]), author)
    for login in spec.get("assignees") or []:
        state.ensure_user(login)
        issue.assignees.append(login)
    for c in spec.get("comments") or []:
        c = {"body": c} if isinstance(c, str) else c
        now = state.clock.now()
        comment = Comment(state.next_id("comment"), repo.full_name, issue.number, str(c["body"]), c.get("author", author), now, now)
        state.ensure_user(comment.user)
        state.comments[comment.id] = comment
        issue.comment_ids.append(comment.id)
    if spec.get("state") == "closed":
        ops.set_state(state, repo, issue, "closed", spec.get("state_reason"), author)
    ops.scan_mentions(state, repo, issue, issue.body, author)


def _load_pull(state: Any, repo: Any, spec: Any, where: str) -> None:
    if not isinstance(spec, dict) or not spec.get("title") or not spec.get("head"):
        raise ScenarioError(f"{where} needs a title and a head branch")
    head, base_ref = str(spec["head"]), str(spec.get("base", repo.default_branch))
    head_sha, base_sha = repo.branch_sha(head), repo.branch_sha(base_ref)
    if head_sha is None or base_sha is None:
        raise ScenarioError(f"{where}: branch {head if head_sha is None else base_ref!r} does not exist")
    author = spec.get("author", "octocat")
    state.ensure_user(author)
    issue = ops.new_issue(state, repo, str(spec["title"]), spec.get("body"), author)
    issue.pull = PullInfo(head, base_ref, head_sha, base_sha, draft=bool(spec.get("draft", False)))
    issue.pull_id = state.next_id("pull")
    if spec.get("labels"):
        ops.set_issue_labels(state, repo, issue, ops.label_names(spec["labels"]), author)
    if spec.get("state") == "closed":
        ops.set_state(state, repo, issue, "closed", None, author)
    ops.scan_mentions(state, repo, issue, issue.body, author)
