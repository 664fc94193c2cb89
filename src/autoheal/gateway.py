"""The one door to GitHub: the PyGithub client, retries with back-off, rate limits and the op budget.

Why a gateway instead of PyGithub's own retry: a write whose response is lost (the connection drops
after GitHub committed it) must not be blindly re-sent — that is how bots post every comment twice.
So reads are retried freely, while writes are retried only after `find()` proved the first attempt
did not land. Everything else a stage needs from GitHub goes through `read`, `write` or `raw`.

It also counts every HTTP request (for the "API requests used" figures and the budget), and keeps
the server's `Date` header so stages measure time on GitHub's clock (the simulator's fake clock in
tests and the demo) rather than the runner's.
"""

from __future__ import annotations

import email.utils
import io
import ipaddress
import json
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, BinaryIO, Callable, TypeVar

import github
import requests
from github import Auth, GithubException
from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass

from .errors import BudgetExhausted, GitHubAPIError, MissingPermission
from .redact import redact_data

T = TypeVar("T")

WRITE_VERBS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


@dataclass
class Usage:
    """What this run cost, in HTTP requests."""

    requests: int = 0
    writes: int = 0
    retries: int = 0
    waited_seconds: float = 0.0
    by_route: dict[str, int] = field(default_factory=dict)


class Gateway:
    """A PyGithub client with autoheal's retry, budget and accounting rules."""

    def __init__(
        self,
        *,
        token: str,
        api_url: str = "https://api.github.com",
        repo: str | None = None,
        max_writes: int | None = None,
        max_attempts: int = 5,
        max_wait: float = 120.0,
        write_interval: float | None = None,
        timeout: int = 30,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.repo_name = repo
        self.usage = Usage()
        self.max_writes = max_writes
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        self._sleep = sleep
        self._auth_header = f"token {token}"
        self._server_date: datetime | None = None
        self._server_date_at: float = 0.0
        # GitHub asks integrations to leave >= 1 s between content-creating requests. Loopback (the
        # simulator) has no such limit, and waiting there would only slow the tests and the demo.
        if write_interval is None:
            write_interval = 0.0 if _is_loopback(self.api_url) else 1.0
        self.gh = github.Github(
            base_url=self.api_url,
            auth=Auth.Token(token),
            retry=None,
            timeout=timeout,
            per_page=100,
            seconds_between_requests=0,
            seconds_between_writes=write_interval,
            user_agent="autoheal",
        )
        requester = self.gh.requester
        self.requester = requester
        base = HTTPSRequestsConnectionClass if self.api_url.startswith("https") else HTTPRequestsConnectionClass
        # PyGithub has no per-client hook for counting requests; its connection class is the seam.
        requester._Requester__connectionClass = _counting_connection(base, self)  # type: ignore[attr-defined]
        self._repo: Any = None
        self._identity: str | None = None
        # Logins besides the token's own whose markers autoheal trusts (config `trusted_identities`).
        self.trusted_identities: tuple[str, ...] = ()

    # -- clock ----------------------------------------------------------------------------------------
    def now(self) -> datetime:
        """GitHub's idea of now: the last response's `Date` plus the time elapsed since, else local UTC."""
        if self._server_date is None:
            return datetime.now(timezone.utc)
        return self._server_date + _seconds(time.monotonic() - self._server_date_at)

    # -- accounting -----------------------------------------------------------------------------------
    def _before(self, verb: str, url: str, *, read_only: bool = False) -> None:
        """Count one request; a write first asks the budget. `read_only`: a GraphQL query (a POST that
        changes nothing) is counted as a read."""
        if not read_only and verb in WRITE_VERBS and self.max_writes is not None and self.usage.writes >= self.max_writes:
            raise BudgetExhausted(
                f"operation budget of {self.max_writes} writes is spent",
                "the run stops here and the next run resumes; raise `operations-per-run` to do more per run",
            )
        self.usage.requests += 1
        if not read_only and (verb in WRITE_VERBS and "/graphql" not in url or verb == "POST" and url.endswith("/graphql")):
            self.usage.writes += 1
        route = f"{verb} {_route_of(url)}"
        self.usage.by_route[route] = self.usage.by_route.get(route, 0) + 1

    def _after(self, headers: Any) -> None:
        date = headers.get("Date") if headers is not None else None
        if date:
            try:
                parsed = email.utils.parsedate_to_datetime(date)
            except (TypeError, ValueError):
                return
            self._server_date = parsed.astimezone(timezone.utc)
            self._server_date_at = time.monotonic()

    # -- the three ways in ------------------------------------------------------------------------------
    def repo(self) -> Any:
        """The configured repository (one GET, cached)."""
        if self._repo is None:
            if not self.repo_name:
                raise GitHubAPIError("no repository given", "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
            self._repo = self.read(lambda: self.gh.get_repo(self.repo_name), what=f"read repository {self.repo_name}")
        return self._repo

    def identity(self) -> str:
        """The login the token acts as (learned once per gateway): whose comments and bodies are autoheal's.

        A personal token answers `GET /user`. An installation token (`GITHUB_TOKEN`, a GitHub App's) gets
        403 "Resource not accessible by integration" there (docs.github.com/rest/users/users
        #get-the-authenticated-user; actions/create-github-app-token#258), while GraphQL's `viewer`
        answers it with the app's bot: `github-actions[bot]`, `<app-slug>[bot]` (fullsend-ai/fullsend#1953).
        """
        if self._identity is None:
            # viewer first: one request for every kind of token; GET /user where GraphQL is unavailable.
            data = self._attempt(self._viewer_query, what="learn the token's login (GraphQL viewer)", is_write=False)
            login = (((data or {}).get("data") or {}).get("viewer") or {}).get("login") if isinstance(data, dict) else None
            status = 200
            if not login:
                status, _, data = self.raw("GET", "/user", what="learn the token's login")
                login = data.get("login") if status == 200 and isinstance(data, dict) else None
            if not isinstance(login, str) or not login:
                raise GitHubAPIError("cannot learn which account the token acts as (GET /user and GraphQL viewer both "
                                     "refused)", "autoheal trusts only its own markers, so it must know its login: "
                                     "check the `token` input", status)
            self._identity = login
        return self._identity

    def _viewer_query(self) -> Any:
        status, resp_headers, text = self.requester.requestJson("POST", self.requester.graphql_url, input={"query": VIEWER_QUERY})
        data = json.loads(text) if text else None
        if status in RETRYABLE_STATUS or _is_rate_limited(status, resp_headers, data):
            raise GithubException(status, data, resp_headers)
        return data if status == 200 else None

    def read(self, fn: Callable[[], T], *, what: str = "read from GitHub") -> T:
        """Run a read (may be several requests, e.g. a whole listing); retried on transient failures."""
        return self._attempt(fn, what=what, is_write=False)

    def write(self, fn: Callable[[], T], *, find: Callable[[], T | None] | None = None, what: str = "write to GitHub") -> T:
        """Run one write. On an ambiguous failure (lost response, timeout, 5xx) `find()` is asked whether
        the write landed after all; only if it did not is the write sent again. Without `find`, an
        ambiguous failure is raised rather than risking a duplicate."""
        return self._attempt(fn, what=what, is_write=True, find=find)

    def raw(self, verb: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None,
            find: Callable[[], Any] | None = None, what: str | None = None) -> tuple[int, dict[str, Any], Any]:
        """A request PyGithub has no method for (e.g. Copilot's agent_assignment). Returns
        (status, headers, json). 4xx statuses are returned, not raised, so callers can read
        `failure_reason`; 5xx and rate limits are retried like everything else."""
        what = what or f"{verb} {path}"

        def call() -> tuple[int, dict[str, Any], Any]:
            url = path if path.startswith("/") else "/" + path
            status, resp_headers, text = self.requester.requestJson(verb, url, input=body, headers=headers)
            data: Any = None
            if text:
                try:
                    data = json.loads(text)
                except ValueError:
                    data = text
            if status in RETRYABLE_STATUS or _is_rate_limited(status, resp_headers, data):
                raise GithubException(status, data, resp_headers)
            return status, resp_headers, data

        return self._attempt(call, what=what, is_write=verb in WRITE_VERBS, find=find)

    def download(self, url: str, *, max_bytes: int = 256 * 1024 * 1024, what: str = "download") -> bytes:
        """Fetch a signed blob URL (job logs, run log zips) that a 302 pointed to. No token is sent when the
        URL is on another host (it is pre-signed); the size is capped so a huge log cannot exhaust memory."""
        sink = io.BytesIO()
        self.download_to(url, sink, max_bytes=max_bytes, what=what)
        return sink.getvalue()

    def download_to(self, url: str, sink: BinaryIO, *, max_bytes: int = 256 * 1024 * 1024,
                    what: str = "download") -> int:
        """`download`, written to ``sink`` (e.g. a temporary file) 1 MiB at a time: memory stays flat in the
        size. A retry starts ``sink`` over. Returns the number of bytes written."""

        def call() -> int:
            sink.seek(0)
            sink.truncate()
            headers = {"User-Agent": "autoheal"}
            if _same_origin(url, self.api_url):
                headers["Authorization"] = self._auth_header
            self.usage.requests += 1
            with requests.get(url, headers=headers, stream=True, timeout=60) as resp:
                if resp.status_code in RETRYABLE_STATUS:
                    raise GithubException(resp.status_code, None, dict(resp.headers))
                if resp.status_code == 410:
                    raise GitHubAPIError(f"{what}: the logs have expired (410 Gone)",
                                         "GitHub keeps logs for a limited time; re-run the workflow to analyze it", 410)
                if resp.status_code >= 400:
                    raise GitHubAPIError(f"{what}: {resp.status_code}", None, resp.status_code)
                size = 0
                for chunk in resp.iter_content(1024 * 1024):
                    size += len(chunk)
                    if size > max_bytes:
                        raise GitHubAPIError(f"{what}: larger than {max_bytes} bytes", "refused to download it whole")
                    sink.write(chunk)
                sink.seek(0)
                return size

        return self._attempt(call, what=what, is_write=False)

    # -- retry core -----------------------------------------------------------------------------------
    def _attempt(self, fn: Callable[[], T], *, what: str, is_write: bool, find: Callable[[], T | None] | None = None) -> T:
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except BudgetExhausted:
                raise
            except GithubException as exc:
                status = exc.status
                headers = exc.headers or {}
                wait = _rate_limit_wait(status, headers, exc.data, now=self.now())
                if wait is not None:
                    # Rejected before it was committed: safe to resend, after the wait GitHub asked for.
                    if attempt >= self.max_attempts or wait > self.max_wait:
                        raise GitHubAPIError(
                            f"{what}: rate limited by GitHub (asked to wait {wait:.0f}s)",
                            "autoheal stops rather than hammer the API; the next run will continue",
                            status=status,
                        ) from None
                    self._wait(wait)
                    continue
                if status in RETRYABLE_STATUS and attempt < self.max_attempts and (not is_write or find):
                    # A 5xx on a write may still have committed: look before resending.
                    found = find() if is_write and find else None
                    if found is not None:
                        return found
                    self._wait(_backoff(attempt))
                    continue
                raise _translate(exc, what) from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt >= self.max_attempts:
                    raise GitHubAPIError(f"{what}: cannot reach {self.api_url} ({type(exc).__name__})",
                                         "check `api-url` and the network") from None
                if is_write:
                    if find is None:
                        raise GitHubAPIError(
                            f"{what}: the connection dropped and the write may or may not have landed",
                            "re-run the stage: it looks for what it wrote before writing again",
                        ) from None
                    found = find()
                    if found is not None:
                        return found
                self._wait(_backoff(attempt))

    def pause(self, seconds: float) -> None:
        """Wait for something another job is doing (not a retry): the same injectable sleep, counted apart."""
        self.usage.waited_seconds += seconds
        self._sleep(seconds)

    def _wait(self, seconds: float) -> None:
        self.usage.retries += 1
        self.usage.waited_seconds += seconds
        self._sleep(seconds)


VIEWER_QUERY = "query { viewer { login } }"
"""The one GraphQL query autoheal sends (a read: counted as one, never against the write budget)."""

PUBLISHED_FIELDS = frozenset({"title", "body", "message", "summary", "text", "description", "name"})
"""JSON fields of a write whose text GitHub shows to people: redacted on the way out (see redact.py)."""


def redact_request_body(data: Any) -> str | bytes | None:
    """A write's JSON body with every published text field redacted; anything else unchanged.

    This is the one exit every write takes (PyGithub and `raw` alike), so no stage can publish a
    credential a log printed. File contents (`content`) are not touched: the task file is redacted where
    it is rendered, and a workflow file must reach GitHub byte for byte.
    """
    if not isinstance(data, (str, bytes)) or not data:
        return data
    try:
        doc = json.loads(data)
    except ValueError:
        return data
    cleaned = redact_data(doc, PUBLISHED_FIELDS)
    return data if cleaned == doc else json.dumps(cleaned)


def _counting_connection(base: type, gateway: Gateway) -> type:
    class CountingConnection(base):  # type: ignore[misc, valid-type]
        def request(self, verb, url, input, headers, stream=False):  # noqa: A002, ANN001, ANN202 - PyGithub's
            if verb in WRITE_VERBS:
                input = redact_request_body(input)  # noqa: A001
            self.read_only = url.endswith("/graphql") and input == json.dumps({"query": VIEWER_QUERY})
            return super().request(verb, url, input, headers, stream)

        def getresponse(self):  # noqa: ANN202 - PyGithub's own signature
            gateway._before(self.verb, self.url, read_only=getattr(self, "read_only", False))
            response = super().getresponse()
            gateway._after(response.headers)
            return response

    return CountingConnection


def _same_origin(url: str, api_url: str) -> bool:
    """Scheme, host and port all equal: only then may the token go along (a signed log URL on another
    host or port is someone else's server; `requests` drops Authorization on such redirects too)."""
    a, b = urllib.parse.urlparse(url), urllib.parse.urlparse(api_url)
    default = {"http": 80, "https": 443}
    return (a.scheme, a.hostname, a.port or default.get(a.scheme)) == (b.scheme, b.hostname, b.port or default.get(b.scheme))


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _route_of(url: str) -> str:
    path = urllib.parse.urlparse(url).path
    parts = ["{n}" if part.isdigit() else part for part in path.split("/")]
    return "/".join(parts)


def _seconds(value: float):  # -> timedelta, kept tiny to avoid importing at module top for one use
    from datetime import timedelta

    return timedelta(seconds=value)


def _header(headers: Any, name: str) -> str | None:
    if not headers:
        return None
    for key, value in dict(headers).items():
        if key.lower() == name.lower():
            return value
    return None


def _is_rate_limited(status: int, headers: Any, data: Any) -> bool:
    return _rate_limit_wait(status, headers, data, now=datetime.now(timezone.utc)) is not None


def _rate_limit_wait(status: int, headers: Any, data: Any, *, now: datetime) -> float | None:
    """Seconds to wait if this response is a rate limit, else None (GitHub's documented rules)."""
    if status not in (403, 429):
        return None
    retry_after = _header(headers, "retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return 60.0
    remaining = _header(headers, "x-ratelimit-remaining")
    if remaining == "0":
        reset = _header(headers, "x-ratelimit-reset")
        try:
            return max(0.0, float(reset) - now.timestamp()) + 1.0
        except (TypeError, ValueError):
            return 60.0
    message = (data or {}).get("message", "") if isinstance(data, dict) else str(data or "")
    if "secondary rate limit" in message.lower() or status == 429:
        return 60.0
    return None


def _backoff(attempt: int) -> float:
    return min(30.0, 0.5 * (2 ** (attempt - 1)))


# What GraphQL mutations autoheal sends need from a GITHUB_TOKEN. A refusal arrives as HTTP 200 with
# errors[].type FORBIDDEN (PyGithub raises it as a 400); markPullRequestReadyForReview with only
# `pull-requests: write` is refused (cli/cli issue #8910) and works with `contents: write` added
# (cli/cli discussion #6924).
GRAPHQL_NEEDS = {
    "markPullRequestReadyForReview": "contents: write, pull-requests: write",
    "convertPullRequestToDraft": "contents: write, pull-requests: write",
}


def _graphql_error(errors: list[Any], what: str, status: int) -> GitHubAPIError:
    """GraphQL errors in words: each error's type and message, and the permissions a FORBIDDEN one needs."""
    shown = []
    forbidden: list[str] = []
    for error in errors[:5]:
        if not isinstance(error, dict):
            continue
        kind = str(error.get("type") or "ERROR")
        path = error.get("path") if isinstance(error.get("path"), list) else []
        field = str(path[0]) if path else ""
        shown.append(f"{kind}{f' ({field})' if field else ''}: {error.get('message') or 'no message'}")
        if kind == "FORBIDDEN":
            forbidden.append(field)
    text = f"{what}: GitHub's GraphQL API refused it — " + "; ".join(shown or ["no error details"])
    if forbidden:
        needs = next((GRAPHQL_NEEDS[f] for f in forbidden if f in GRAPHQL_NEEDS), None)
        if needs:
            return MissingPermission(
                f"{text} — the token needs {needs}",
                f"needs {needs} in the job's permissions (`permissions:` block of the workflow), or a token that has them",
                status,
            )
        return MissingPermission(text, "grant the job's token the permission this mutation needs, or use a token that has it", status)
    return GitHubAPIError(text, None, status)


def _translate(exc: GithubException, what: str) -> GitHubAPIError:
    data = exc.data if isinstance(exc.data, dict) else {}
    message = data.get("message") or str(exc.data or "") or "no message"
    status = exc.status
    headers = exc.headers or {}
    if isinstance(data.get("errors"), list) and any(isinstance(e, dict) and "type" in e for e in data["errors"]):
        return _graphql_error(data["errors"], what, status)
    if status == 401:
        return GitHubAPIError(f"{what}: the token was rejected (401 {message})",
                              "check the `token` input / GITHUB_TOKEN; it may be expired or for another host", status)
    if status == 403:
        accepted = _header(headers, "x-accepted-github-permissions")
        if accepted or "not accessible" in message.lower():
            needed = accepted or "a permission this token lacks"
            return MissingPermission(
                f"{what}: 403 {message} — the token needs {needed}",
                f"grant it in the workflow's `permissions:` block (e.g. `{_permission_yaml(accepted)}`) "
                "or use a token that has it",
                status,
            )
        return GitHubAPIError(f"{what}: 403 {message}", None, status)
    if status == 404:
        return GitHubAPIError(f"{what}: not found (404)", "check `repo` and that the token can see it", status)
    return GitHubAPIError(f"{what}: GitHub answered {status} {message}{_error_details(data)}", None, status)


def _error_details(data: dict[str, Any]) -> str:
    """GitHub's own words from errors[] (a 422 "Validation Failed" says why only there), in brackets."""
    errors = data.get("errors") if isinstance(data.get("errors"), list) else []
    said = []
    for error in errors[:5]:
        text = error if isinstance(error, str) else (error.get("message") or error.get("code")) if isinstance(error, dict) else None
        if isinstance(text, str) and text.strip():
            said.append(text.strip()[:300])
    return f" ({'; '.join(said)})" if said else ""


def _permission_yaml(accepted: str | None) -> str:
    if not accepted:
        return "issues: write"
    first = accepted.split(";")[0].split(",")[0]
    key, _, level = first.partition("=")
    return f"{key.strip()}: {level.strip() or 'write'}"
