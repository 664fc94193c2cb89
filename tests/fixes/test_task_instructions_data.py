"""The per-category task steps are plain sentences (a `: ` in unquoted YAML would turn one into a dict)."""

from importlib import resources

import yaml


def test_every_task_step_is_a_string():
    data = yaml.safe_load(resources.files("autoheal.fixes").joinpath("data", "task_instructions.yml").read_text())
    for category, steps in data.items():
        assert isinstance(steps, list) and steps, category
        for step in steps:
            assert isinstance(step, str), (category, step)
