"""stale-cleanup: warn about, then close, autoheal's stale drafts within an operation budget.

The entry is `stage.py` (`SPEC`, `run`).
"""
