"""open-issue: one deduplicated issue per distinct failure, updated on repeats, closed when green.

The entry is `stage.py` (`SPEC`, `run`).
"""
