"""action.yml files are generated from the stage specs and stay in sync with the code."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
import yaml

from autoheal import actiongen
from autoheal.spec import COMMON
from autoheal.stages import all_specs

ROOT = Path(__file__).resolve().parents[2]


def test_action_files_are_current():
    assert actiongen.main(["--root", str(ROOT), "--check"]) == 0, "run `python -m autoheal.actiongen`"


@pytest.mark.parametrize("spec", all_specs(include_chains=True), ids=lambda s: s.name)
def test_action_declares_exactly_the_spec(spec):
    path = ROOT / ("action.yml" if spec.name == "heal" else f"actions/{spec.name}/action.yml")
    doc = yaml.safe_load(path.read_text())
    assert set(doc["inputs"]) == {i.name for i in spec.inputs if i.in_action}
    assert set(doc["outputs"]) == {o.name for o in spec.outputs}
    assert doc["runs"]["using"] == "docker" and doc["runs"]["args"] == [spec.name]


def _string_literals(module) -> set[str]:
    tree = ast.parse(inspect.getsource(module))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.mark.parametrize("spec", [s for s in all_specs(include_chains=True) if s.run], ids=lambda s: s.name)
def test_built_stage_reads_every_input_and_writes_every_output(spec):
    """No drift between metadata and code: a declared input nobody reads, or an output nobody writes, fails."""
    import importlib
    import pkgutil

    package_name = spec.run.__module__.rsplit(".", 1)[0] if spec.run.__module__.count(".") > 2 else spec.run.__module__
    module = importlib.import_module(spec.run.__module__)
    literals = _string_literals(module)
    # A stage may be split into a sub-package: scan its sibling modules too.
    pkg = importlib.import_module(package_name)
    if hasattr(pkg, "__path__"):
        for info in pkgutil.iter_modules(pkg.__path__):
            literals |= _string_literals(importlib.import_module(f"{package_name}.{info.name}"))
    common = {i.name for i in COMMON}
    unread = [i.name for i in spec.inputs if i.name not in common and i.name not in literals]
    unwritten = [o.name for o in spec.outputs if o.name not in literals]
    assert not unread, f"inputs declared but never read: {unread}"
    assert not unwritten, f"outputs declared but never written: {unwritten}"
