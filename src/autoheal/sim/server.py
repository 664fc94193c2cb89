"""The HTTP layer: auth, rate limits, faults, ETags, request log — then one route handler.

`SimCore.handle` is socket-free (method, path, headers, body in; an Outcome out) so every cross-cutting
rule lives in one place; `SimHTTPServer` only moves bytes. A single re-entrant lock serialises all
state access, which keeps concurrent clients (two stages racing) consistent.
"""

from __future__ import annotations

import base64
import email.utils
import json
import socket
import threading
import time
import uuid
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import api  # noqa: F401  (registers every route on the shared router)
from .clock import FakeClock
from .faults import PRIMARY_DOCS, SECONDARY_DOCS, SECONDARY_MESSAGE, FaultPlan
from .model import ALL_PERMISSIONS, LEVELS, State, Token
from .ratelimit import Bucket, RateLimits
from .router import ApiError, Reply, Request, Route, router

ADMIN_TOKEN = "ghp_autohealSimAdmin0000000000000000000"
ADMIN_LOGIN = "octocat"
JSON_TYPE = "application/json; charset=utf-8"
API_VERSIONS = ("2022-11-28", "2026-03-10")  # what X-GitHub-Api-Version may ask for


@dataclass
class RequestRecord:
    """One request the simulator served (what tests assert on: who did what, in which order)."""

    method: str
    path: str
    status: int
    login: str | None
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    route: str | None = None  # "METHOD /openapi/template" of the matched route
    fault: str | None = None
    wall_time: float = 0.0  # time.time() when the request arrived (for latency measurements)

    def __iter__(self):  # allows `method, path, status, login = record`
        return iter((self.method, self.path, self.status, self.login))

    @property
    def is_write(self) -> bool:
        """Did this request ask to change something? A GraphQL POST that is a query (autoheal's `viewer`
        lookup of its own login) changes nothing, as on GitHub."""
        if self.method not in ("POST", "PATCH", "PUT", "DELETE"):
            return False
        if self.path == "/graphql" and isinstance(self.body, dict):
            return "mutation" in str(self.body.get("query") or "")
        return True


@dataclass
class Exchange:
    """A full request/response pair, captured only when `SimCore.capture` is a list (contract test)."""

    method: str
    path: str
    query: dict[str, str]
    request_headers: dict[str, str]
    request_body: bytes
    route: str | None
    params: dict[str, str]
    status: int
    response_headers: dict[str, str]
    response_body: bytes


@dataclass
class Outcome:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    drop_connection: bool = False


def all_permissions() -> dict[str, str]:
    return {name: "write" for name in ALL_PERMISSIONS}


class SimCore:
    """State + routing + cross-cutting rules, independent of sockets."""

    def __init__(self, base_url: str = "http://127.0.0.1:0", clock: FakeClock | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock or FakeClock()
        self.faults = FaultPlan()
        self.limits = RateLimits(self.clock)
        self.requests: list[RequestRecord] = []
        self.route_hits: dict[str, int] = {}
        self.base_url = base_url
        self.search_lag = 0.0  # seconds a write takes to show up in /search/issues (fake clock)
        self.capture: list[Exchange] | None = None
        self.blob_port: int | None = None  # the log host's port once a BlobHTTPServer listens
        self.blob_auth_refused = 0  # requests that reached the log host carrying a credential
        self.state = self._fresh_state()
        router.finalize()

    # -- lifecycle ---------------------------------------------------------------------------------
    def _fresh_state(self) -> State:
        state = State(self.base_url, self.clock)
        state.tokens[ADMIN_TOKEN] = Token(ADMIN_TOKEN, ADMIN_LOGIN, "user", all_permissions())
        state.ensure_user(ADMIN_LOGIN, "User")
        return state

    def reset(self, clock_start: Any = None) -> None:
        """Forget everything: state, faults, rate-limit counters, request log; clock back to start."""
        from .clock import DEFAULT_START

        with self.lock:
            self.clock.set(clock_start or DEFAULT_START)
            self.state = self._fresh_state()
            self.faults.clear()
            self.limits.reset()
            self.search_lag = 0.0
            self.blob_auth_refused = 0
            self.requests = []
            # route_hits survives resets on purpose: the contract test sums coverage over a session

    def set_base_url(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.state.base_url = self.base_url

    def blob_base_url(self) -> str:
        """Where signed log links point: a second host (another port), like GitHub's
        pipelines.actions.githubusercontent.com / results-receiver blob hosts (PyGithub ReplayData
        WorkflowJob.testAttributes: the job-log 302 goes to another host). Same host when no log
        server runs (socket-free use)."""
        if self.blob_port is None:
            return self.base_url
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.hostname}:{self.blob_port}"

    # -- request handling ------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes, *, blob_host: bool = False) -> Outcome:
        arrived = time.time()
        split = urlsplit(raw_path)
        path = split.path or "/"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        record = RequestRecord(method, path, 0, None, query, None, None, None, arrived)
        try:
            refused = self._host_rule(path, headers, blob_host)
            if refused is not None:
                record.fault = "host"
                outcome = self._error(refused, None)
            else:
                outcome = self._handle(method, path, query, headers, body, record)
        except Exception as exc:  # a simulator bug must surface as a 500, never hang the client
            record.fault = record.fault or f"internal error: {type(exc).__name__}: {exc}"
            outcome = self._error(ApiError(500, f"simulator error: {type(exc).__name__}: {exc}"), None)
        record.status = outcome.status
        with self.lock:
            self.requests.append(record)
            if self.capture is not None:
                _, params, _ = router.resolve(method, path)
                self.capture.append(
                    Exchange(
                        method, path, query, dict(headers), body, record.route, params, outcome.status,
                        {k.lower(): v for k, v in outcome.headers}, outcome.body,
                    )
                )
        return outcome

    def _host_rule(self, path: str, headers: dict[str, str], blob_host: bool) -> ApiError | None:
        """The log host serves only signed links, and the API host none once a log host runs.

        A signed link carries its own credential; a client that also sends its token there leaks it to
        another host (PyGithub's Requester and `requests` drop Authorization on a cross-host redirect for
        that reason). The log host refuses such a request (400) and counts it, so a leak fails loudly."""
        is_blob = path.startswith("/_sim/blobs/")
        if blob_host:
            if not is_blob:
                return ApiError(404, "Not Found")
            if headers.get("authorization"):
                with self.lock:
                    self.blob_auth_refused += 1
                return ApiError(400, "a signed log URL takes no Authorization header (the token was sent to another host)")
            return None
        if is_blob and self.blob_port is not None:
            return ApiError(404, "Not Found")
        return None

    def _handle(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        record: RequestRecord,
    ) -> Outcome:
        route, params, known = router.resolve(method, path)
        if route is not None:
            record.route = route.key
        lost = False
        if not path.startswith("/_sim/admin"):
            for fault in self.faults.pick(method, path):
                if fault.kind == "slow":
                    time.sleep(fault.delay)
                    continue
                record.fault = fault.kind
                if fault.kind == "lost_response":
                    lost = True
                    continue
                return self._fault_outcome(fault, route, headers)

        token: Token | None = None
        if route is None or route.auth != "none":
            token, failure = self._authenticate(headers)
            if failure is not None:
                return self._error(failure, None)
        record.login = token.login if token else None

        if route is None:
            identity, kind = self._identity(token, headers)
            bucket, _ = self.limits.consume(identity, kind, "core")
            return self._error(ApiError(404, "Not Found"), None, token, "core", bucket)

        version = headers.get("x-github-api-version")
        if version is not None and version not in API_VERSIONS and route.auth != "none":
            return self._error(
                ApiError(400, f"API version {version} is not supported. Supported: {', '.join(API_VERSIONS)}"),
                route, token, route.resource,
            )

        bucket = None
        if route.template != "/rate_limit" and route.auth != "none":
            identity, kind = self._identity(token, headers)
            bucket, allowed = self.limits.consume(identity, kind, route.resource)
            if not allowed:
                return self._error(self._primary_limit_error(token), None, token, route.resource, bucket)

        parsed: Any = None
        if body:
            try:
                parsed = json.loads(body)
            except ValueError:
                return self._error(ApiError(400, "Problems parsing JSON"), route, token, route.resource, bucket)
        record.body = parsed

        request = Request(method, path, params, query, parsed, token, None, headers, self)
        with self.lock:
            self.route_hits[route.key] = self.route_hits.get(route.key, 0) + 1
            request.state = self.state
            try:
                self._authorize(route, request)
                reply = route.handler(request)
            except ApiError as err:
                outcome = self._error(err, route, token, route.resource, bucket)
            else:
                outcome = self._reply(reply, route, token, bucket, headers, method)
        if lost:
            outcome.drop_connection = True
        return outcome

    # -- auth ----------------------------------------------------------------------------------------
    def _authenticate(self, headers: dict[str, str]) -> tuple[Token | None, ApiError | None]:
        raw = headers.get("authorization", "").strip()
        if not raw:
            return None, None
        scheme, _, value = raw.partition(" ")
        scheme = scheme.lower()
        value = value.strip()
        if scheme == "basic":
            try:
                value = base64.b64decode(value).decode().partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                value = ""
        elif scheme not in ("token", "bearer"):
            value = ""
        token = self.state.tokens.get(value)
        if token is None:
            return None, ApiError(401, "Bad credentials")
        return token, None

    @staticmethod
    def _identity(token: Token | None, headers: dict[str, str]) -> tuple[str, str]:
        if token is None:
            return "anonymous", "anonymous"
        return f"{token.kind}:{token.login}", token.kind

    def _authorize(self, route: Route, request: Request) -> None:
        """Repository lookup (404), then GitHub's fine-grained permission check (403)."""
        state: State = request.state
        params = request.params
        repo = None
        if "owner" in params and "repo" in params:
            repo = state.repo(params["owner"], params["repo"])
            if repo is None:
                raise ApiError(404, "Not Found")
        token = request.token
        write = request.method not in ("GET", "HEAD")
        if route.perm is None or route.auth == "none":
            if write and token is None and route.auth != "none":
                raise ApiError(401, "Requires authentication")
            return
        if token is None:
            if write:
                raise ApiError(401, "Requires authentication")
            if repo is not None and repo.private:
                raise ApiError(404, "Not Found")
            return
        if not write and repo is not None and not repo.private:
            return  # public data is readable by any authenticated caller
        if any(token.level(cat) >= (LEVELS[lvl] if write else LEVELS["read"]) for cat, lvl in route.perm):
            return
        accepted = "; ".join(f"{cat}={lvl if write else 'read'}" for cat, lvl in route.perm)
        who = "personal access token" if token.kind == "user" else "integration"
        raise ApiError(
            403,
            f"Resource not accessible by {who}",
            headers={"X-Accepted-GitHub-Permissions": accepted},
        )

    # -- responses ---------------------------------------------------------------------------------
    def _base_headers(
        self, token: Token | None, resource: str, bucket: Bucket | None, version: str | None = None
    ) -> list[tuple[str, str]]:
        out = [
            ("X-GitHub-Media-Type", "github.v3; format=json"),
            ("X-GitHub-Api-Version-Selected", version if version in API_VERSIONS else API_VERSIONS[0]),
            ("X-GitHub-Request-Id", uuid.uuid4().hex[:20].upper()),
        ]
        if bucket is None:
            identity, kind = self._identity(token, {})
            bucket = self.limits.bucket(identity, kind, resource)
        out += [
            ("X-RateLimit-Limit", str(bucket.limit)),
            ("X-RateLimit-Remaining", str(bucket.remaining)),
            ("X-RateLimit-Reset", str(bucket.reset)),
            ("X-RateLimit-Used", str(bucket.used)),
            ("X-RateLimit-Resource", resource),
        ]
        if token is not None and token.kind == "user":
            out.append(("X-OAuth-Scopes", "repo, workflow"))
        return out

    def _reply(
        self,
        reply: Reply,
        route: Route,
        token: Token | None,
        bucket: Bucket | None,
        headers: dict[str, str],
        method: str,
    ) -> Outcome:
        if reply.raw_json is not None:
            payload = reply.raw_json.encode()
        elif reply.body is None:
            payload = b""
        elif isinstance(reply.body, (bytes, bytearray)):
            payload = bytes(reply.body)
        elif isinstance(reply.body, str) and not reply.content_type.startswith("application/json"):
            payload = reply.body.encode()
        else:
            payload = json.dumps(reply.body, separators=(",", ":"), ensure_ascii=False).encode()
        out_headers: list[tuple[str, str]] = []
        if route.auth != "none":
            out_headers += self._base_headers(token, route.resource, bucket, headers.get("x-github-api-version"))
        out_headers += list(reply.headers.items())
        status = reply.status
        if method == "GET" and status == 200:
            etag = f'W/"{zlib.crc32(payload):08x}{len(payload):x}"'
            out_headers.append(("ETag", etag))
            out_headers.append(("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP"))
            if etag in {tag.strip() for tag in headers.get("if-none-match", "").split(",")}:
                if bucket is not None and bucket.used > 0:
                    self.limits.refund(bucket)  # GitHub does not count authorised 304s against the limit
                    out_headers = [
                        (k, str(bucket.remaining) if k == "X-RateLimit-Remaining" else (str(bucket.used) if k == "X-RateLimit-Used" else v))
                        for k, v in out_headers
                    ]
                return Outcome(304, out_headers, b"")
        if payload or status not in (204, 304):
            out_headers.append(("Content-Type", reply.content_type))
        return Outcome(status, out_headers, payload)

    def _error(
        self,
        err: ApiError,
        route: Route | None,
        token: Token | None = None,
        resource: str = "core",
        bucket: Bucket | None = None,
    ) -> Outcome:
        headers: list[tuple[str, str]] = []
        if route is None or route.auth != "none":
            if err.status != 401:
                headers += self._base_headers(token, resource, bucket)
        headers += list(err.headers.items())
        headers.append(("Content-Type", JSON_TYPE))
        payload = json.dumps(err.body(), separators=(",", ":")).encode()
        return Outcome(err.status, headers, payload)

    def _primary_limit_error(self, token: Token | None) -> ApiError:
        if token is None:
            who = "127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit.)"
        else:
            user = self.state.user(token.login)
            who = f"user ID {user.id if user else 0}."
        return ApiError(403, f"API rate limit exceeded for {who}", extra={"documentation_url": PRIMARY_DOCS})

    def _fault_outcome(self, fault: Any, route: Route | None, headers: dict[str, str]) -> Outcome:
        token, _ = self._authenticate(headers)
        resource = route.resource if route else "core"
        identity, kind = self._identity(token, headers)
        bucket = self.limits.bucket(identity, kind, resource)
        if fault.kind == "5xx":
            status = fault.status or 502
            messages = {500: "Server Error", 502: "Server Error", 503: "Service Unavailable", 504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."}
            return self._error(ApiError(status, messages.get(status, "Server Error")), route, token, resource, bucket)
        if fault.kind == "secondary_rate_limit":
            err = ApiError(
                fault.status or 403,
                SECONDARY_MESSAGE.format(request_id=uuid.uuid4().hex[:20].upper()),
                headers={"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {},
                extra={"documentation_url": SECONDARY_DOCS},
            )
            return self._error(err, route, token, resource, bucket)
        if fault.kind == "primary_rate_limit":
            exhausted = Bucket(bucket.limit, bucket.limit, self.clock.timestamp() + max(1, fault.retry_after))
            return self._error(self._primary_limit_error(token), route, token, resource, exhausted)
        if fault.kind == "gone":
            return self._error(ApiError(410, "Gone"), route, token, resource, bucket)
        raise AssertionError(f"unhandled fault {fault.kind}")  # pragma: no cover


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "autoheal-sim"
    sys_version = ""
    disable_nagle_algorithm = True
    server: "SimHTTPServer"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        outcome = self.server.core.handle(self.command, self.path, headers, body, blob_host=self.server.blob_host)
        if outcome.drop_connection:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.send_response(outcome.status)
        for name, value in outcome.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(outcome.body)))
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        self._headers_buffer.append(outcome.body)  # type: ignore[attr-defined]
        self.wfile.write(b"".join(self._headers_buffer))  # type: ignore[attr-defined]
        self._headers_buffer = []  # type: ignore[attr-defined]

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def version_string(self) -> str:
        return "autoheal-sim"

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The `Date` header follows the fake clock, so `X-RateLimit-Reset - Date` is meaningful."""
        return email.utils.formatdate(self.server.core.clock.timestamp(), usegmt=True)

    def log_message(self, format: str, *args: Any) -> None:  # silence per-request logging
        return


class SimHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    blob_host = False

    def __init__(self, core: SimCore, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.core = core
        shown = "127.0.0.1" if host in ("", "0.0.0.0") else host  # a wildcard bind is reached via loopback
        core.set_base_url(f"http://{shown}:{self.server_address[1]}")


class BlobHTTPServer(ThreadingHTTPServer):
    """The log host: a second port serving only the signed log links (see SimCore.blob_base_url)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    blob_host = True

    def __init__(self, core: SimCore, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.core = core
        core.blob_port = self.server_address[1]
