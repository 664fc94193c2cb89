"""sync-workflows: keep the watched-workflow list equal to the repository's workflows.

The entry is `stage.py` (`SPEC`, `run`).
"""
