"""analyze-failure: read a failed run's job logs, classify the cause, fingerprint it.

The entry is `stage.py` (`SPEC`, `run`).
"""
