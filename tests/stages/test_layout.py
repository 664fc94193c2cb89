"""The stages' layout rules (docs/architecture.md): one package per stage with the same role-named modules,
a stage never imports another stage, the shared package imports no stage, and no import cycle in `autoheal`.

Imports are read with `ast`. Inside `autoheal.stages` every import counts, also one inside a function, so
a lazy import cannot hide a cross-stage dependency or a cycle; across the whole package the module-level
imports (what runs on import; not `if TYPE_CHECKING:`) must form no cycle either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import autoheal
from autoheal.stages import CHAINS, STAGES, load_spec

PACKAGE = Path(autoheal.__file__).resolve().parent
STAGES_DIR = PACKAGE / "stages"
SHARED = "shared"
# Every module a stage package may have, by role. A stage has `stage.py`; the rest where it has that step.
ROLES = {"__init__", "stage", "gather", "decide", "apply", "render", "model",
         "lock", "state", "fix", "gates", "commit", "source", "areas", "assess", "metrics"}
STAGE_PACKAGES = sorted({*STAGES.values(), *CHAINS.values(), "stand_down"})


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level(tree: ast.Module) -> list[ast.AST]:
    """The statements that run on import: top level, into `if`/`try` blocks, but not `if TYPE_CHECKING:`."""
    out: list[ast.AST] = []
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If):
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                todo += node.body + node.orelse
        elif isinstance(node, ast.Try):
            todo += node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body]
        else:
            out.append(node)
    return out


def imported_modules(path: Path, root: Path, known: set[str], module_level_only: bool = False) -> set[str]:
    """The `autoheal` modules `path` imports (relative imports resolved; `from pkg import mod` counts mod)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in (_module_level(tree) if module_level_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # `import a.b.c` imports a, a.b, a.b.c: count the deepest module that exists.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)
    return found - {name}


def import_graph(root: Path = PACKAGE, module_level_only: bool = False) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    known = set(files)
    graph = {}
    for name, path in files.items():
        # A package's __init__ is imported by each of its modules: not an edge that makes a cycle by itself.
        graph[name] = {m for m in imported_modules(path, root, known, module_level_only) if not name.startswith(m + ".")}
    return graph


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["autoheal", "stages"] else None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each a cycle to report."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_stage_is_a_package_with_a_stage_module_and_role_named_modules():
    packages = {p.name for p in STAGES_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert packages == {*STAGE_PACKAGES, SHARED}, "a folder in stages/ is neither a stage nor shared/"
    assert not [p.name for p in STAGES_DIR.glob("*.py") if p.name != "__init__.py"], \
        "stage code lives in stages/<stage>/, shared code in stages/shared/"
    for stage in STAGE_PACKAGES:
        names = {p.stem for p in (STAGES_DIR / stage).glob("*.py")}
        assert {"__init__", "stage"} <= names, stage
        assert names <= ROLES, f"{stage}: {sorted(names - ROLES)} is not a role name (add it to ROLES if it is one)"


@pytest.mark.parametrize("command", [*STAGES, *CHAINS])
def test_the_registry_loads_each_spec_from_its_stage_module(command):
    spec = load_spec(command)
    assert spec.run.__module__ == f"autoheal.stages.{(STAGES | CHAINS)[command]}.stage"


def test_no_stage_imports_another_stage():
    graph = import_graph()
    crossing = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items() if (own := stage_of(module))
        for target in targets if (other := stage_of(target)) and other != own and other != SHARED
    )
    assert crossing == [], "move what both need to stages/shared/"


def test_shared_imports_no_stage():
    graph = import_graph()
    bad = sorted(f"{m} imports {t}" for m, ts in graph.items() if stage_of(m) == SHARED
                 for t in ts if stage_of(t) not in (None, SHARED))
    assert bad == []


def test_the_pure_core_imports_no_edge_and_no_stage():
    """analysis/ and fixes/ are data in, data out: no gateway, runtime, simulator, stage, CLI, nor PyGithub."""
    edges = ("autoheal.gateway", "autoheal.runtime", "autoheal.sim", "autoheal.stages", "autoheal.runner",
             "autoheal.cli", "autoheal.invoke")
    graph = import_graph()
    bad = sorted(f"{m} imports {t}" for m, ts in graph.items() if m.startswith(("autoheal.analysis", "autoheal.fixes"))
                 for t in ts if t.startswith(edges))
    assert bad == []
    for path in sorted([*(PACKAGE / "analysis").rglob("*.py"), *(PACKAGE / "fixes").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            assert not [n for n in names if n.split(".")[0] in ("github", "requests", "urllib3", "http")], path


def test_no_import_cycle_in_the_stages_counting_every_import():
    graph = import_graph()
    stages = {m: {t for t in ts if t.startswith("autoheal.stages")} for m, ts in graph.items()
              if m.startswith("autoheal.stages")}
    assert cycles(stages) == []


def test_no_import_cycle_in_autoheal_at_import_time():
    assert cycles(import_graph(module_level_only=True)) == []


def test_the_checks_catch_a_cross_stage_import_and_a_cycle(tmp_path):
    """The rules above are not vacuous: a fake package with a cross-stage import and a cycle fails them."""
    root = tmp_path / "autoheal"
    for folder in ("stages/a", "stages/b", "stages/shared"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "stages" / "__init__.py").write_text("")
    (root / "stages" / "a" / "stage.py").write_text("def run():\n    from ..b.decide import x\n")
    (root / "stages" / "b" / "decide.py").write_text("from ..shared.one import y\nx = 1\n")
    (root / "stages" / "shared" / "one.py").write_text("from .two import z\ny = 1\n")
    (root / "stages" / "shared" / "two.py").write_text("def f():\n    from . import one\nz = 1\n")
    graph = import_graph(root)
    assert "autoheal.stages.b.decide" in graph["autoheal.stages.a.stage"]
    assert cycles(graph) == [["autoheal.stages.shared.one", "autoheal.stages.shared.two"]]
    assert cycles(import_graph(root, module_level_only=True)) == []  # the lazy import does not count there


def test_architecture_page_shows_this_tree():
    """docs/architecture.md names every stage package, every role module and every shared module."""
    text = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    shared = {p.stem for p in (STAGES_DIR / SHARED).glob("*.py")} - {"__init__"}
    missing = [name for name in sorted({*STAGE_PACKAGES, *(ROLES - {"__init__"}), *shared}) if name not in text]
    assert missing == [], "docs/architecture.md, Code layout: add them to the tree"
