"""stand-down: the rollback command; disable autoheal and close its open draft PRs.

The entry is `stage.py` (`SPEC`, `run`).
"""
