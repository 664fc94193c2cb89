"""health-check: workflow success and flaky rates, MTTR, top causes; one dashboard issue.

The entry is `stage.py` (`SPEC`, `run`).
"""
