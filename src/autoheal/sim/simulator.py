"""The handle tests, the demo and benchmarks hold: start/stop, seeding helpers, state accessors.

Everything here goes through the same state and rules as the HTTP routes (sim.ops), under the
server's lock, so a seeded object is indistinguishable from one created over the API.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from . import ops, runs
from .clock import DEFAULT_START, FakeClock
from .faults import FaultPlan
from .model import ALL_PERMISSIONS, CheckRun, CommitStatus, Repo, Token
from .server import ADMIN_LOGIN, ADMIN_TOKEN, BlobHTTPServer, RequestRecord, SimCore, SimHTTPServer
from .shapes import comment_json, issue_json, repo_json
from .shapes_actions import job_json, run_dict
from .shapes_pulls import pull_json

TOKEN_KINDS = ("user", "installation", "github_token")


class Simulator:
    """A running simulator: `base_url`, the admin `token`, the fake `clock`, `faults`, `requests`."""

    def __init__(
        self,
        core: SimCore,
        server: SimHTTPServer | None = None,
        thread: threading.Thread | None = None,
        blob_server: BlobHTTPServer | None = None,
        blob_thread: threading.Thread | None = None,
    ):
        self._core = core
        self._server = server
        self._thread = thread
        self._blob_server = blob_server
        self._blob_thread = blob_thread

    # -- lifecycle ---------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self._core.base_url

    @property
    def token(self) -> str:
        """Admin token: every permission, kind "user", login "octocat"."""
        return ADMIN_TOKEN

    @property
    def login(self) -> str:
        return ADMIN_LOGIN

    @property
    def clock(self) -> FakeClock:
        return self._core.clock

    @property
    def faults(self) -> FaultPlan:
        return self._core.faults

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request served since the last reset, in arrival order."""
        return self._core.requests

    @property
    def route_hits(self) -> dict[str, int]:
        """"METHOD /template" -> times served, summed over the whole server life (for coverage)."""
        return self._core.route_hits

    @property
    def core(self) -> SimCore:
        return self._core

    def reset(self, clock_start: Any = DEFAULT_START) -> None:
        """Fresh state (microseconds): no repos, only the admin token, clock at 2026-01-05T12:00:00Z."""
        self._core.reset(clock_start)

    @property
    def blob_base_url(self) -> str:
        """The log host (another port): where job/run log redirects point."""
        return self._core.blob_base_url()

    def stop(self) -> None:
        if self._blob_server is not None:
            self._blob_server.shutdown()
            self._blob_server.server_close()
            self._blob_server = None
        if self._blob_thread is not None:
            self._blob_thread.join(timeout=5)
            self._blob_thread = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "Simulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def github(self, token: str | None = None, **kwargs: Any) -> Any:
        """A PyGithub client bound to this simulator: no retries, no throttling sleeps."""
        from github import Auth, Github

        options: dict[str, Any] = {"retry": None, "seconds_between_requests": 0, "seconds_between_writes": 0}
        options.update(kwargs)
        return Github(base_url=self.base_url, auth=Auth.Token(token or self.token), **options)

    # -- identities --------------------------------------------------------------------------------
    def add_token(
        self,
        token: str,
        *,
        login: str = "github-actions[bot]",
        kind: str = "github_token",
        permissions: dict[str, str] | None = None,
    ) -> str:
        """Register a token. permissions=None grants write on everything; else unlisted = none.

        A "github_token" never holds `workflows` (a job's `permissions:` block has no such key, so
        GITHUB_TOKEN can never change `.github/workflows/*`; see workflow_guard.py): None leaves it
        out and asking for it is an error."""
        if kind not in TOKEN_KINDS:
            raise ValueError(f"kind must be one of {TOKEN_KINDS}")
        perms = {name: "write" for name in ALL_PERMISSIONS} if permissions is None else dict(permissions)
        if kind == "github_token":
            if permissions is None:
                perms.pop("workflows", None)
            elif permissions.get("workflows", "none") != "none":
                raise ValueError("a GITHUB_TOKEN cannot hold the workflows permission (GitHub has no such job permission)")
        for name, level in perms.items():
            if level not in ("none", "read", "write", "admin"):
                raise ValueError(f"permission {name}={level!r} is not none/read/write/admin")
        with self._core.lock:
            self._core.state.ensure_user(login, "Bot" if login.endswith("[bot]") else "User")
            self._core.state.tokens[token] = Token(token, login, kind, perms)
        return token

    def set_rate_limit(self, resource: str = "core", limit: int | None = None) -> None:
        """Lower (or restore with None) the primary limit of a resource for every identity."""
        self._core.limits.set_limit(resource, limit)

    # -- repositories ----------------------------------------------------------------------------
    def _repo(self, full_name: str) -> Repo:
        repo = self._core.state.repo_by_name(full_name)
        if repo is None:
            raise KeyError(f"no repository {full_name!r} in the simulator")
        return repo

    def repo(self, full_name: str) -> Repo:
        """The raw record (for assertions the JSON does not expose)."""
        with self._core.lock:
            return self._repo(full_name)

    def create_repo(
        self,
        full_name: str,
        *,
        default_branch: str = "main",
        files: dict[str, str | bytes] | None = None,
        private: bool = False,
        description: str | None = None,
        owner_type: str | None = None,
    ) -> dict[str, Any]:
        """Create `owner/name` with an initial commit of `files` on the default branch."""
        owner, _, name = full_name.partition("/")
        if not owner or not name:
            raise ValueError("full_name must look like owner/name")
        with self._core.lock:
            state = self._core.state
            kind = owner_type or (state.user(owner).type if state.user(owner) else "Organization")
            repo = ops.create_repo(
                state,
                owner,
                name,
                owner_type=kind,
                private=private,
                description=description,
                default_branch=default_branch,
                files=files,
                creator=None,
            )
            return repo_json(state, repo)

    def set_repo_option(self, full_name: str, **options: str) -> None:
        """Per-repo knobs, e.g. copilot_agent="enabled"|"disabled"|"silent", copilot_review="ok"|..."""
        with self._core.lock:
            repo = self._repo(full_name)
            for key, value in options.items():
                repo.options[key] = value

    def add_collaborator(self, full_name: str, login: str) -> None:
        with self._core.lock:
            self._core.state.ensure_user(login)
            self._repo(full_name).collaborators.add(login.lower())

    # -- accessors (GitHub JSON shapes) ----------------------------------------------------------
    def issues(self, full_name: str, state: str = "all") -> list[dict[str, Any]]:
        """Issues (pull requests excluded), oldest first."""
        with self._core.lock:
            repo = self._repo(full_name)
            return [
                issue_json(self._core.state, repo, i)
                for i in sorted(repo.items.values(), key=lambda i: i.number)
                if not i.is_pull and state in ("all", i.state)
            ]

    def pulls(self, full_name: str, state: str = "all") -> list[dict[str, Any]]:
        """Pull requests (full `pull-request` shape), oldest first."""
        with self._core.lock:
            repo = self._repo(full_name)
            return [
                pull_json(self._core.state, repo, i)
                for i in sorted(repo.items.values(), key=lambda i: i.number)
                if i.is_pull and state in ("all", i.state)
            ]

    def protect_branch(self, full_name: str, branch: str, protected: bool = True) -> None:
        """Mark a branch protected: direct pushes (refs, contents) are refused; PR merges need approval."""
        with self._core.lock:
            repo = self._repo(full_name)
            (repo.protected.add if protected else repo.protected.discard)(branch)
            self._core.state.touch()

    def set_mergeable(self, full_name: str, number: int, mergeable: bool | None, state: str = "clean") -> None:
        """Force a PR's `mergeable`/`mergeable_state` (e.g. None/"unknown" while GitHub computes)."""
        with self._core.lock:
            item = self._repo(full_name).items[number]
            if item.pull is None:
                raise KeyError(f"#{number} is not a pull request")
            item.pull.merge_override = (mergeable, state)
            self._core.state.touch()

    def comments(self, full_name: str, number: int) -> list[dict[str, Any]]:
        with self._core.lock:
            repo = self._repo(full_name)
            item = repo.items.get(number)
            if item is None:
                raise KeyError(f"no issue or pull request #{number} in {full_name}")
            return [comment_json(self._core.state, repo, self._core.state.comments[c]) for c in item.comment_ids]

    def labels(self, full_name: str) -> list[str]:
        with self._core.lock:
            return sorted(label.name for label in self._repo(full_name).labels.values())

    def branches(self, full_name: str) -> list[str]:
        with self._core.lock:
            refs = self._repo(full_name).git.refs
            return sorted(r[len("refs/heads/"):] for r in refs if r.startswith("refs/heads/"))

    def file(self, full_name: str, path: str, ref: str | None = None) -> str | None:
        """Text of `path` at a branch/sha (default branch when ref is None), or None if absent."""
        with self._core.lock:
            repo = self._repo(full_name)
            sha = ops.resolve_commit(repo, ref or repo.default_branch)
            if sha is None:
                return None
            found = repo.git.file_at(sha, path)
            if found is None:
                return None
            return repo.git.blobs[found[1]].decode("utf-8", errors="replace")

    def commit_files(
        self,
        full_name: str,
        branch: str,
        files: dict[str, str | bytes | None],
        message: str = "Update files",
        *,
        author: str | None = None,
        from_branch: str | None = None,
    ) -> str:
        """Commit files (None deletes) on `branch` (created from `from_branch` if missing); sha."""
        with self._core.lock:
            repo = self._repo(full_name)
            start = from_branch if repo.branch_sha(branch) is None else None
            return ops.commit_files(
                self._core.state,
                repo,
                branch,
                files,
                message,
                author or ADMIN_LOGIN,
                create_branch=True,
                from_branch=start or (repo.default_branch if repo.branch_sha(branch) is None else None),
            )


    def load_scenario(self, source: str | Path | dict[str, Any]) -> None:
        """Seed from a YAML scenario file (or its parsed dict); see docs/simulator.md."""
        from .scenario import load

        load(self, source)

    def set_search_lag(self, seconds: float) -> None:
        """Hide issues/PRs written in the last `seconds` (fake clock) from /search/issues."""
        self._core.search_lag = float(seconds)

    # -- Copilot activity -------------------------------------------------------------------------
    def copilot_commit(self, full_name: str, branch: str, path: str, text: str | None, message: str = "Apply fix") -> str:
        """A commit by the coding agent (copilot-swe-agent[bot], shown as account `Copilot`)."""
        from .gitstore import Signature
        from .model import COPILOT_AGENT, COPILOT_EMAIL, COPILOT_LOGIN

        with self._core.lock:
            state = self._core.state
            repo = self._repo(full_name)
            ref = f"refs/heads/{branch}"
            parent = repo.git.refs.get(ref) or repo.branch_sha(repo.default_branch)
            base_tree = repo.git.commits[parent].tree if parent else None
            tree = repo.git.tree_with_files(base_tree, {path: text})
            sig = Signature(COPILOT_AGENT, COPILOT_EMAIL, state.clock.now())
            sha = repo.git.put_commit(tree, [parent] if parent else [], message, sig, sig, COPILOT_LOGIN)
            repo.git.refs[ref] = sha
            repo.pushed_at = state.clock.now()
            ops.on_branch_moved(state, repo, branch)
            state.touch()
            return sha

    def copilot_pull(
        self,
        full_name: str,
        issue_number: int,
        files: dict[str, str | None] | None = None,
        *,
        branch: str | None = None,
        title: str | None = None,
        draft: bool = True,
    ) -> int:
        """What the coding agent does once assigned: a `copilot/...` branch and a draft PR that
        says `Fixes #n`; returns the PR number."""
        from .model import COPILOT_LOGIN, PullInfo

        with self._core.lock:
            state = self._core.state
            repo = self._repo(full_name)
            issue = repo.items[issue_number]
            branch = branch or f"copilot/fix-{issue_number}"
        changes = dict(files or {f".copilot/plan-{issue_number}.md": "Plan\n"})
        for index, (path, text) in enumerate(changes.items()):
            self.copilot_commit(full_name, branch, path, text, "Initial plan" if index == 0 else f"Update {path}")
        with self._core.lock:
            head = repo.branch_sha(branch)
            base = repo.branch_sha(repo.default_branch)
            pr = ops.new_issue(state, repo, title or f"[WIP] {issue.title}", f"Fixes #{issue_number}", COPILOT_LOGIN)
            pr.pull = PullInfo(branch, repo.default_branch, head or "", base or "", draft=draft)
            pr.pull_id = state.next_id("pull")
            pr.assignees = [COPILOT_LOGIN]
            ops.scan_mentions(state, repo, pr, pr.body, COPILOT_LOGIN)
            return pr.number

    def copilot_review(
        self,
        full_name: str,
        pr_number: int,
        body: str,
        comments: list[dict[str, Any]] | None = None,
    ) -> int:
        """A COMMENTED review by copilot-pull-request-reviewer[bot]; inline `comments`
        ([{"path", "line", "body"}]) appear as review comments by `Copilot`. Returns the review id."""
        from .api.pulls import submit_review
        from .model import COPILOT_LOGIN, COPILOT_REVIEWER, ReviewComment

        with self._core.lock:
            state = self._core.state
            repo = self._repo(full_name)
            issue = repo.items[pr_number]
            if issue.pull is None:
                raise KeyError(f"#{pr_number} is not a pull request")
            review = submit_review(state, repo, issue, COPILOT_REVIEWER, body, "COMMENTED")
            for c in comments or []:
                issue.pull.review_comments.append(
                    ReviewComment(
                        state.next_id("comment"), review.id, COPILOT_LOGIN, str(c["body"]), str(c["path"]),
                        int(c.get("line", 1)), issue.pull.head_sha, state.clock.now(),
                    )
                )
            return review.id

    # -- Actions seeding ------------------------------------------------------------------------------
    def add_run(
        self,
        full_name: str,
        workflow: str = "CI",
        branch: str = "main",
        conclusion: str | None = "failure",
        event: str = "push",
        head_sha: str | None = None,
        created_at: Any = None,
        run_attempt: int = 1,
        status: str = "completed",
        jobs: list[dict[str, Any]] | None = None,
        **extra: Any,
    ) -> int:
        """Seed a workflow run; returns its id. See docs/simulator.md for every option.

        jobs: [{"name", "conclusion", "steps": [{"name", "conclusion", "log"?}], "log"?, "duration"?}]
        extra: id, attempts (list of per-attempt {"conclusion", "jobs", ...}), actor, display_title,
        run_number, updated_at.
        """
        with self._core.lock:
            repo = self._repo(full_name)
            run = runs.add_run(
                self._core.state,
                repo,
                workflow=workflow,
                branch=branch,
                conclusion=conclusion,
                event=event,
                head_sha=head_sha,
                created_at=created_at,
                run_attempt=run_attempt,
                status=status,
                jobs=jobs,
                attempts=extra.pop("attempts", None),
                run_id=extra.pop("id", None),
                actor=extra.pop("actor", None),
                display_title=extra.pop("display_title", None),
                run_number=extra.pop("run_number", None),
                updated_at=extra.pop("updated_at", None),
            )
            if extra:
                raise TypeError(f"unknown add_run options: {sorted(extra)}")
            self._core.state.touch()
            return run.id

    def add_runs(self, full_name: str, specs: list[dict[str, Any]]) -> list[int]:
        """Seed many runs under one lock (benchmarks: 50,000 runs in a couple of seconds)."""
        with self._core.lock:
            return [self.add_run(full_name, **spec) for spec in specs]

    def rerun(self, run_id: int, *, conclusion: str | None = None, jobs: list[dict[str, Any]] | None = None) -> int:
        """Add attempt N+1 to a run (queued, or completed with `conclusion`); returns its number."""
        with self._core.lock:
            state = self._core.state
            run = state.runs[run_id]
            attempt = runs.new_attempt(state, run)
            if conclusion is not None:
                runs.finish_attempt(state, run, conclusion, jobs)
            state.repo_by_name(run.repo).runs_changed()  # type: ignore[union-attr]
            state.touch()
            return attempt.number

    def finish_run(self, run_id: int, conclusion: str, jobs: list[dict[str, Any]] | None = None) -> None:
        """Complete the latest attempt of a run (queued/in progress -> completed)."""
        with self._core.lock:
            state = self._core.state
            run = state.runs[run_id]
            runs.finish_attempt(state, run, conclusion, jobs)
            state.repo_by_name(run.repo).runs_changed()  # type: ignore[union-attr]
            state.touch()

    def expire_logs(self, run_id: int) -> None:
        """Make a run's logs gone (GitHub answers 410 once logs expired or were deleted)."""
        with self._core.lock:
            for attempt in self._core.state.runs[run_id].attempts:
                attempt.logs_expired = True

    def run(self, run_id: int) -> dict[str, Any]:
        """A run as GitHub shows it (latest attempt)."""
        with self._core.lock:
            state = self._core.state
            run = state.runs[run_id]
            out = run_dict(state, state.repo_by_name(run.repo), run, run.latest)  # type: ignore[arg-type]
            return out

    def jobs(self, run_id: int, attempt: int | None = None) -> list[dict[str, Any]]:
        with self._core.lock:
            state = self._core.state
            run = state.runs[run_id]
            chosen = run.latest if attempt is None else run.attempts[attempt - 1]
            repo = state.repo_by_name(run.repo)
            return [job_json(state, repo, j) for j in chosen.jobs]  # type: ignore[arg-type]

    def add_check_run(
        self,
        full_name: str,
        head_sha: str,
        name: str,
        status: str = "completed",
        conclusion: str | None = "success",
        *,
        title: str | None = None,
        summary: str | None = None,
    ) -> int:
        with self._core.lock:
            state = self._core.state
            repo = self._repo(full_name)
            now = state.clock.now()
            check = CheckRun(
                id=state.next_id("check"),
                head_sha=head_sha,
                name=name,
                status=status,
                conclusion=conclusion if status == "completed" else None,
                started_at=now,
                completed_at=now if status == "completed" else None,
                output_title=title,
                output_summary=summary,
            )
            repo.check_runs.append(check)
            state.touch()
            return check.id

    def add_status(
        self,
        full_name: str,
        sha: str,
        state: str,
        context: str = "default",
        *,
        description: str | None = None,
        target_url: str | None = None,
        creator: str | None = None,
    ) -> int:
        if state not in ("error", "failure", "pending", "success"):
            raise ValueError("state must be error, failure, pending or success")
        with self._core.lock:
            st = self._core.state
            repo = self._repo(full_name)
            now = st.clock.now()
            status = CommitStatus(
                st.next_id("status"), sha, state, context, description, target_url, creator or ADMIN_LOGIN, now, now
            )
            repo.statuses.append(status)
            st.touch()
            return status.id


def start(port: int = 0, host: str = "127.0.0.1", *, clock_start: Any = DEFAULT_START) -> Simulator:
    """Start a simulator on a background thread; `port=0` picks a free port."""
    core = SimCore(clock=FakeClock(clock_start))
    server = SimHTTPServer(core, host, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="autoheal-sim", daemon=True
    )
    thread.start()
    blob_server = BlobHTTPServer(core, host, 0)
    blob_thread = threading.Thread(
        target=blob_server.serve_forever, kwargs={"poll_interval": 0.05}, name="autoheal-sim-logs", daemon=True
    )
    blob_thread.start()
    return Simulator(core, server, thread, blob_server, blob_thread)
