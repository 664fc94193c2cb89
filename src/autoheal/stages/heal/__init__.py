"""heal: analyze-failure -> open-issue -> draft-pr -> copilot-review in one run (the root action).

The entry is `stage.py` (`SPEC`, `run`).
"""
