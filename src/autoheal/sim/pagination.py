"""GitHub-style pagination: `page`/`per_page` (max 100, default 30) and a `Link` header."""

from __future__ import annotations

from typing import Any, Sequence
from urllib.parse import urlencode

from .router import Request

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30


def page_bounds(req: Request, total: int) -> tuple[int, int, int, int]:
    """(start, stop, page, last_page) for this request over `total` items."""
    per_page = req.q_int("per_page", DEFAULT_PER_PAGE, lo=1, hi=MAX_PER_PAGE)
    page = req.q_int("page", 1, lo=1)
    last = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    return start, min(total, start + per_page), page, last


def link_header(req: Request, page: int, last: int) -> dict[str, str]:
    """The `Link` header GitHub sends (absent when everything fits on one page)."""
    if last <= 1 and page <= 1:
        return {}
    base = f"{req.state.base_url}{req.path}"

    def url(n: int) -> str:
        query = dict(req.query)
        query["page"] = str(n)
        return f"<{base}?{urlencode(query)}>"

    parts = []
    if page > 1:
        parts.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        parts.append(f'{url(page + 1)}; rel="next"')
        parts.append(f'{url(last)}; rel="last"')
    if page > 1:
        parts.append(f'{url(1)}; rel="first"')
    return {"Link": ", ".join(parts)} if parts else {}


def paginate(req: Request, items: Sequence[Any]) -> tuple[Sequence[Any], dict[str, str]]:
    """Slice `items` for the requested page; returns (page items, headers)."""
    start, stop, page, last = page_bounds(req, len(items))
    return items[start:stop], link_header(req, page, last)
