"""benchmarks/heal_rate.py's pipeline on one local synthetic case, so the benchmark's code cannot rot.

The real benchmark needs fetched projects and the package registries; this case needs neither: its "CI
command" is a script that fails like pytest does when a module is missing and passes once the manifest
names the distribution. The pipeline is the benchmark's own: export, mutate, run, wrap the output as a job
log, analyze-failure + open-issue + draft-pr on the simulator with the heal job's token, check out the PR
branch's files, run again.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = '''\
import sys
if "pyyaml" not in open("requirements.txt").read().lower():
    print("ImportError while importing test module 'tests/test_app.py'.")
    print("tests/test_app.py:1: in <module>")
    print("    import yaml")
    print("E   ModuleNotFoundError: No module named 'yaml'")
    print("1 error in 0.05s")
    sys.exit(2)
print("1 passed in 0.01s")
'''


def load_benchmark():
    spec = importlib.util.spec_from_file_location("heal_rate", ROOT / "benchmarks" / "heal_rate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("heal_rate", module)  # dataclasses look their module up by name
    spec.loader.exec_module(sys.modules["heal_rate"])
    module = sys.modules["heal_rate"]
    return module


def make_source(sources: Path) -> str:
    """A one-commit git repository at <sources>/local+demo/repo; returns the commit."""
    tree = sources / "tree"
    tree.mkdir(parents=True)
    (tree / "requirements.txt").write_text("requests>=2\nPyYAML>=6\n")
    (tree / "app.py").write_text("import yaml\n")
    (tree / "check.py").write_text(CHECK)
    git_dir = sources / "local+demo" / "repo"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "--git-dir", str(git_dir), "--work-tree",
           str(tree)]
    subprocess.run(["git", "init", "-q", "--bare", str(git_dir)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "demo"], check=True)
    return subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def test_the_pipeline_heals_a_synthetic_missing_dependency(sim, tmp_path):
    bench = load_benchmark()
    sources = tmp_path / "sources"
    commit = make_source(sources)
    case = {"name": "demo-pyyaml", "repo": "local/demo", "commit": commit, "licence": "test data", "ecosystem": "python",
            "mutation": {"kind": "remove_line", "file": "requirements.txt", "match": "PyYAML"},
            "install": [], "test": ["python check.py"],
            "expect": {"category": "missing_dependency", "module": "yaml", "fix_kind": "dependency"}}
    result = bench.evaluate(case, sources, tmp_path / "work", sim)
    assert result.broke and result.analyzed_right and result.fix_proposed, result
    assert result.fix_passed and result.miss == "", result
    assert result.changed_files == ["requirements.txt"]
    fixed = (tmp_path / "work" / "demo-pyyaml" / "fixed" / "requirements.txt").read_text()
    assert "requests>=2" in fixed and "pyyaml" in fixed.lower()
    report = bench.report([result])
    assert "| demo-pyyaml | python | yes | yes | yes | yes | requirements.txt |" in report
    assert "heal rate): 1/1 (100 %)" in report


def test_a_mutation_that_breaks_nothing_is_a_bad_case_not_a_miss(sim, tmp_path):
    bench = load_benchmark()
    sources = tmp_path / "sources"
    commit = make_source(sources)
    case = {"name": "demo-noop", "repo": "local/demo", "commit": commit, "licence": "test data", "ecosystem": "python",
            "mutation": {"kind": "remove_line", "file": "requirements.txt", "match": "requests"},
            "install": [], "test": ["python check.py"],
            "expect": {"category": "missing_dependency", "module": "requests", "fix_kind": "dependency"}}
    result = bench.evaluate(case, sources, tmp_path / "work", sim)
    assert not result.broke and result.miss.startswith("bad case")
    assert "Cases whose CI the mutation really broke: 0 of 1" in bench.report([result])


def test_the_case_list_is_real_projects_with_licences_and_none_held_out():
    bench = load_benchmark()
    cases = bench.load_cases(bench.CASES)
    assert len(cases) >= 10 and {c["ecosystem"] for c in cases} >= {"python", "node"}
    for case in cases:
        assert len(case["commit"]) == 40 and case["licence"] and "/" in case["repo"]
        assert case["mutation"]["file"] and case["install"] and case["test"]
    assert json.loads((ROOT / "benchmarks" / "heal_cases.json").read_text())["about"]
