"""The route table: every endpoint the simulator serves, declared once with its OpenAPI path.

Declaring routes as data (method, OpenAPI template, permission) lets the server enforce auth
uniformly and lets the contract test prove that every served route was exercised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import unquote

DOCS = "https://docs.github.com/rest"


class ApiError(Exception):
    """An error response in GitHub's shape ({"message", "documentation_url", "status", ...})."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message, "documentation_url": DOCS}
        if self.errors is not None:
            out["errors"] = self.errors
        if self.status not in (405, 422):  # GitHub's 405/422 bodies (validation-error*) carry no "status"
            out["status"] = str(self.status)
        out.update(self.extra)
        return out


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def validation_failed(resource: str, field_name: str, code: str = "missing_field", message: str | None = None) -> ApiError:
    error: dict[str, Any] = {"resource": resource, "field": field_name, "code": code}
    if message:
        error["message"] = message
    return ApiError(422, "Validation Failed", errors=[error])


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-able, bytes (raw), or None (empty)
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    raw_json: str | None = None  # pre-serialized JSON (fast path for big lists)


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    token: Any  # model.Token | None
    state: Any  # model.State
    headers: dict[str, str]
    core: Any = None  # server.SimCore (rate limits, clock) for the few routes that need it

    @property
    def login(self) -> str | None:
        return self.token.login if self.token else None

    def q_int(self, name: str, default: int, *, lo: int | None = None, hi: int | None = None) -> int:
        raw = self.query.get(name)
        try:
            value = int(raw) if raw not in (None, "") else default
        except ValueError:
            value = default
        if lo is not None:
            value = max(lo, value)
        if hi is not None:
            value = min(hi, value)
        return value

    def q_time(self, name: str, resource: str = "Query") -> Any:
        """An ISO 8601 query parameter as an aware datetime, None when absent; 422 when malformed."""
        raw = self.query.get(name)
        if not raw:
            return None
        from .clock import parse_time

        try:
            return parse_time(raw)
        except (ValueError, OverflowError):
            raise validation_failed(resource, name, "invalid") from None

    def json_obj(self) -> dict[str, Any]:
        """The request body as an object (GitHub answers 400 for anything else)."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise ApiError(400, "Problems parsing JSON")
        return self.body


# A permission requirement: any one of these (category, level) pairs grants access.
Perm = tuple[tuple[str, str], ...]


@dataclass
class Route:
    method: str
    template: str  # OpenAPI path, e.g. "/repos/{owner}/{repo}/issues/{issue_number}"
    handler: Callable[[Request], Reply]
    perm: Perm | None  # None = no permission check beyond authentication
    resource: str = "core"  # rate-limit bucket: "core" | "search" | "graphql"
    auth: str = "token"  # "token" (anonymous allowed for reads) | "none" (never checked)
    in_spec: bool = True  # False for routes GitHub serves outside its OpenAPI description
    greedy: tuple[str, ...] = ()
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        pattern = ""
        for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", self.template):
            pattern += re.escape(literal)
            if name:
                pattern += f"(?P<{name}>.*)" if name in self.greedy else f"(?P<{name}>[^/]+)"
        self.regex = re.compile(pattern + r"/?$")

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"

    def match(self, path: str) -> dict[str, str] | None:
        m = self.regex.match(path)
        if m is None:
            return None
        return {k: unquote(v) for k, v in m.groupdict().items()}


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []
        self._by_first_segment: dict[str, list[Route]] = {}

    def add(
        self,
        method: str,
        template: str,
        *,
        perm: Perm | tuple[str, str] | None = None,
        resource: str = "core",
        auth: str = "token",
        in_spec: bool = True,
        greedy: tuple[str, ...] = (),
    ) -> Callable[[Callable[[Request], Reply]], Callable[[Request], Reply]]:
        if perm is not None and isinstance(perm[0], str):
            perm = (perm,)  # type: ignore[assignment]

        def register(func: Callable[[Request], Reply]) -> Callable[[Request], Reply]:
            route = Route(method, template, func, perm, resource, auth, in_spec, greedy)  # type: ignore[arg-type]
            self.routes.append(route)
            first = template.strip("/").split("/")[0]
            self._by_first_segment.setdefault(first, []).append(route)
            return func

        return register

    def resolve(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """(route, path params, path_known). path_known distinguishes 405-ish from 404."""
        first = path.strip("/").split("/")[0]
        known = False
        # literal segments beat parameters: try routes with more literal text first
        for route in self._by_first_segment.get(first, ()):
            params = route.match(path)
            if params is None:
                continue
            known = True
            if route.method == method:
                return route, params, True
        return None, {}, known

    def finalize(self) -> None:
        """Order candidates so specific templates win over greedy/parameterised ones."""
        for routes in self._by_first_segment.values():
            routes.sort(key=lambda r: (len(r.greedy), -len(re.sub(r"\{[^}]+\}", "", r.template))))


router = Router()
