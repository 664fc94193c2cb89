"""Whose text autoheal may act on.

Markers: a hidden `<!-- autoheal:... -->` marker counts only in a body or comment written by autoheal's
own identity — the login its token acts as (`Gateway.identity()`: `github-actions[bot]` for
`GITHUB_TOKEN`, `<app>[bot]` for an App installation token, the user for a PAT) — or by a login in the
config's `trusted_identities`. Anyone can write a marker into a comment; only those writers are believed.
Everyone else's markers are ignored: their comments are not autoheal's sticky comments, not counted
against the comment cap, and their records and analyses are not read.

Analyses that drive a code change: also from repository members (they can push anyway).
"""

from __future__ import annotations

from typing import Any

from ...markers import read_markers

TRUSTED_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


class OwnLogins:
    """autoheal's identities for this run, lower-cased: the token's login plus `trusted_identities`.

    The token's login costs a request (Gateway.identity), so it is asked only when a marker actually has
    to be judged: a run that meets no marked comment never asks.
    """

    def __init__(self, gw: Any) -> None:
        self.gw = gw
        self.extra = frozenset(str(login).lower() for login in getattr(gw, "trusted_identities", ()) or ())

    def __contains__(self, login: object) -> bool:
        if not isinstance(login, str) or not login:
            return False
        login = login.lower()
        return login in self.extra or login == self.gw.identity().lower()


def own_logins(gw: Any) -> OwnLogins:
    return OwnLogins(gw)


def login_of(user: Any) -> str:
    return (getattr(user, "login", "") or "") if user is not None else ""


def by_autoheal(user: Any, logins: OwnLogins | frozenset[str]) -> bool:
    """Was this comment/body written by one of `logins` (see `own_logins`)?"""
    login = login_of(user)
    return bool(login) and login.lower() in logins


def own_comments(comments: Any, gw: Any) -> list[Any]:
    """The marked comments autoheal wrote itself; the only ones whose markers count (every comment
    autoheal writes is marked, so an unmarked one is never autoheal's)."""
    logins = own_logins(gw)
    return [c for c in comments if read_markers(c.body) and by_autoheal(c.user, logins)]


def is_bot(user: Any) -> bool:
    login = getattr(user, "login", "") or ""
    return getattr(user, "type", "") == "Bot" or login.endswith("[bot]")


def trusted_author(login: str, association: str, logins: OwnLogins | frozenset[str]) -> bool:
    """An issue whose hidden analysis may drive a code change: written by autoheal itself (`logins`) or
    a repository member (they can push anyway). Not any `[bot]`: every other workflow's
    `github-actions[bot]` and every installed app would count. A drive-by user's issue still gets a PR,
    but a task-only one built from its text."""
    return association.upper() in TRUSTED_ASSOCIATIONS or bool(login) and login.lower() in logins
