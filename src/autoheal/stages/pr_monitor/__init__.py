"""pr-monitor: follow CI, Copilot, reviews and conflicts of autoheal's PRs; mark ready or hand back.

The entry is `stage.py` (`SPEC`, `run`).
"""
