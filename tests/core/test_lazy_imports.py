"""A command imports only what it runs: no PyGithub, jinja2 or simulator for `--version` or an offline analysis.

Start-up time is measured in benchmarks/throughput.py; these tests pin the import set that decides it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("github", "jinja2", "jsonschema", "autoheal.sim", "autoheal.gateway", "autoheal.demo")

PROBE = textwrap.dedent(
    """
    import json, sys
    from autoheal.cli import main
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("github", "jinja2", "jsonschema", "hyperscan", "yaml")
                    or m.startswith("autoheal."))
    print("\\n@@" + json.dumps({"code": code, "modules": loaded}))
    """
)


def _modules_after(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    line = proc.stdout.rsplit("@@", 1)[-1]
    doc = json.loads(line)
    return doc["code"], doc["modules"]


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_version_imports_no_stage(tmp_path):
    code, modules = _modules_after(["--version"], tmp_path)
    assert code == 0
    assert not _heavy(modules)
    assert not [m for m in modules if m.startswith("autoheal.stages.") or m.startswith("autoheal.analysis")]
    assert "autoheal.spec" not in modules  # the stage table is read without the stages' declarations


def test_offline_analysis_imports_neither_pygithub_nor_jinja_nor_the_simulator(tmp_path):
    log = tmp_path / "job.log"
    log.write_text("building\nerror: cannot find module 'left-pad'\n", encoding="utf-8")
    code, modules = _modules_after(["analyze-failure", "--log", str(log), "--analysis-file", "out.json"], tmp_path)
    assert code == 0
    assert (tmp_path / "out.json").is_file()
    assert "autoheal.analysis.scan" in modules  # it did analyse
    assert not _heavy(modules), _heavy(modules)
    # Only the stage that runs is imported (and what stages share), not its siblings.
    stages = {m.split(".")[2] for m in modules if m.startswith("autoheal.stages.") and m.count(".") >= 2}
    assert stages <= {"analyze_failure", "shared"}, stages


def test_full_help_still_lists_every_stage(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "autoheal", "--help"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0
    for name in ("analyze-failure", "open-issue", "draft-pr", "heal", "sim", "demo"):
        assert name in proc.stdout


def test_offline_analysis_without_config_reads_no_yaml(tmp_path):
    """kb.yml comes from its generated JSON form (analysis/kbcache.py) and, with no config file, the
    config validator is never needed: no YAML parser, no online gather, no zip reader at start-up."""
    log = tmp_path / "job.log"
    log.write_text("Run make test\nerror: cannot find module 'left-pad'\nProcess completed with exit code 1.\n",
                   encoding="utf-8")
    code, modules = _modules_after(["analyze-failure", "--log", str(log), "--analysis-file", "out.json"], tmp_path)
    assert code == 0 and "autoheal.analysis.scan" in modules
    unneeded = ("yaml", "autoheal.config.validate", "autoheal.stages.analyze_failure.gather", "autoheal.logzip")
    assert not [m for m in modules if m in unneeded], modules
    # With a config file, the validator does run (and the analysis still works).
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "autoheal.yml").write_text("categories:\n  leftpad:\n    pattern: left-pad\n",
                                                        encoding="utf-8")
    code, modules = _modules_after(["analyze-failure", "--log", str(log), "--analysis-file", "out2.json"], tmp_path)
    assert code == 0 and "autoheal.config.validate" in modules
    assert json.loads((tmp_path / "out2.json").read_text(encoding="utf-8"))["category"] == "leftpad"
