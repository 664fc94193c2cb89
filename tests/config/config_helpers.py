"""Helpers for config tests: locate problems and check their positions against the text."""

from pathlib import Path


from autoheal.config import validate_text

DATA = Path(__file__).parent / "data"
PROJECT = Path(__file__).resolve().parents[2]


def problems(text: str):
    """Problems in ``text`` as a {path: Problem} dict (one problem per path expected)."""
    found = validate_text(text, "cfg.yml")
    by_path = {p.path: p for p in found}
    assert len(by_path) == len(found), f"several problems share a path: {found}"
    return by_path


def text_at(text: str, problem) -> str:
    """The text starting at the problem's line:col (what the position points at)."""
    line = text.splitlines()[problem.line - 1]
    return line[problem.col - 1 :]


