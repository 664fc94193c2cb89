"""draft-pr: one draft PR per autoheal issue, a deterministic fix where safe, a task file otherwise.

The entry is `stage.py` (`SPEC`, `run`).
"""
