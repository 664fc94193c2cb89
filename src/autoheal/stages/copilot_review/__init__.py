"""copilot-review: hand an autoheal PR to Copilot and verify the hand-off took effect.

The entry is `stage.py` (`SPEC`, `run`).
"""
