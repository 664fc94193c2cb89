"""Whose text autoheal may act on: bots and repository members (an issue anyone can open is not trusted)."""

from __future__ import annotations

from typing import Any

TRUSTED_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


def is_bot(user: Any) -> bool:
    login = getattr(user, "login", "") or ""
    return getattr(user, "type", "") == "Bot" or login.endswith("[bot]")


def trusted_author(login: str, user_type: str, association: str) -> bool:
    """An issue whose hidden analysis may drive a code change: written by a bot or a repo member.

    A bot account can only open issues where its app is installed by an admin; members can push
    anyway. A drive-by user's issue still gets a PR, but a task-only one built from its text.
    """
    return user_type == "Bot" or login.endswith("[bot]") or association.upper() in TRUSTED_ASSOCIATIONS
