"""`autoheal init` and the VS Code files: written as promised, merged without clobbering, valid as VS Code reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from autoheal import init, jsonc
from autoheal.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_scaffold_copies_match_templates():
    """The package ships the same files as templates/ (a wheel cannot reach templates/ at run time)."""
    for name in init.WORKFLOWS:
        assert init.scaffold_text("workflows", f"{name}.yml") == (ROOT / "templates" / f"{name}.yml").read_text()
    for name in init.VSCODE_FILES:
        assert init.scaffold_text("vscode", name) == (ROOT / "templates" / "vscode" / name).read_text()
    assert init.scaffold_text("autoheal-config.example.yml") == (ROOT / "templates" / "autoheal-config.example.yml").read_text()


@pytest.fixture
def repo(tmp_path):
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text("name: CI\non: push\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n")
    (wf / "lint.yaml").write_text("name: Lint\non: [push]\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n")
    (wf / "docker.yml").write_text("on: push\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n")
    return tmp_path


def test_init_full_form_writes_every_template_with_owner_ref_and_watch_list(repo, capsys):
    assert init.main(["--dir", str(repo), "--owner", "acme", "--ref", "v1.2.3", "--form", "full"]) == 0
    out = capsys.readouterr().out
    heal = (repo / ".github/workflows/autoheal.yml").read_text()
    assert "acme/autoheal/actions/analyze-failure@v1.2.3" in heal
    assert "autoheal-dev" not in heal
    doc = yaml.safe_load(heal)
    watched = doc[True]["workflow_run"]["workflows"]
    # Without `name:` GitHub names a workflow by its path, and workflow_run matches that name.
    assert watched == sorted(["CI", "Lint", ".github/workflows/docker.yml"])
    assert (repo / ".github/autoheal.yml").is_file()
    assert "wrote   .github/workflows/stale-drafts.yml" in out
    assert not (repo / ".vscode").exists()


def test_init_never_overwrites_without_force(repo, capsys):
    target = repo / ".github/workflows/health-check.yml"
    target.write_text("# mine\n")
    init.main(["--dir", str(repo), "--form", "full"])
    assert target.read_text() == "# mine\n"
    assert "kept    .github/workflows/health-check.yml" in capsys.readouterr().out
    init.main(["--dir", str(repo), "--form", "full", "--force"])
    assert target.read_text() != "# mine\n"


def test_init_with_vscode_merges_existing_jsonc(repo, capsys):
    vs = repo / ".vscode"
    vs.mkdir()
    (vs / "tasks.json").write_text('{\n  // mine\n  "version": "2.0.0",\n  "tasks": [{"label": "build", "type": "shell", "command": "make",},],\n}\n')
    init.main(["--dir", str(repo), "--with", "vscode"])
    tasks = jsonc.loads((vs / "tasks.json").read_text())
    labels = [t["label"] for t in tasks["tasks"]]
    assert labels[0] == "build" and any(label.startswith("autoheal:") for label in labels)
    assert "merged  .vscode/tasks.json" in capsys.readouterr().out
    # Running again changes nothing.
    before = (vs / "tasks.json").read_text()
    init.main(["--dir", str(repo), "--with", "vscode"])
    assert (vs / "tasks.json").read_text() == before


def test_init_default_form_is_one_caller_file(repo, capsys):
    from autoheal import workflowgen

    assert init.main(["--dir", str(repo), "--owner", "acme", "--ref", "v1.2.3"]) == 0
    written = sorted(p.name for p in (repo / ".github/workflows").iterdir())
    assert written == ["autoheal.yml", "ci.yml", "docker.yml", "lint.yaml"], "one file added, no more"
    text = (repo / ".github/workflows/autoheal.yml").read_text()
    doc = yaml.safe_load(text)
    assert doc["jobs"]["autoheal"]["uses"] == f"acme/autoheal/{workflowgen.REUSABLE_PATH}@v1.2.3"
    assert doc[True]["workflow_run"]["workflows"] == sorted(["CI", "Lint", ".github/workflows/docker.yml"])
    # Apart from owner, ref and the watch list, it is the caller template.
    shipped = (ROOT / workflowgen.CALLER_PATH).read_text()
    def without_watch_list(t: str) -> list[str]:
        return [line for line in t.splitlines() if not line.strip().startswith(("workflows:", "- "))]

    assert without_watch_list(text) == without_watch_list(shipped.replace("autoheal-dev/", "acme/").replace("@v1\n", "@v1.2.3\n"))
    assert "wrote   .github/workflows/autoheal.yml" in capsys.readouterr().out


def test_jsonc_comments_and_trailing_commas():
    text = '{\n // c\n "a": "http://x//y", /* block\n */ "b": [1, 2,],\n}'
    assert jsonc.loads(text) == {"a": "http://x//y", "b": [1, 2]}


VSCODE_FILES = sorted((ROOT / "templates" / "vscode").glob("*.json")) + sorted((ROOT / ".vscode").glob("*.json"))


@pytest.mark.parametrize("path", VSCODE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_vscode_files_parse_and_inputs_are_declared(path):
    data = jsonc.loads(path.read_text())
    text = json.dumps(data)
    used = set(re.findall(r"\$\{input:([A-Za-z0-9_]+)\}", text))
    declared = {i["id"] for i in data.get("inputs", [])}
    assert used <= declared, f"undeclared inputs: {used - declared}"


def test_every_task_command_exists():
    """Each `-m autoheal <command> --option` in the VS Code files names a command and options the CLI has."""
    import shlex

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - the CLI's own command table
    seen = 0
    for path in (ROOT / "templates/vscode/tasks.json", ROOT / ".vscode/tasks.json"):
        for task in jsonc.loads(path.read_text())["tasks"]:
            words = shlex.split(" ".join([task["command"], *task.get("args", [])]))
            if "autoheal" not in words or words[words.index("autoheal") - 1] != "-m":
                continue
            seen += 1
            command, rest = words[words.index("autoheal") + 1], words[words.index("autoheal") + 2:]
            assert command in commands, task["label"]
            options = {o for a in commands[command]._actions for o in a.option_strings}
            if command not in ("sim", "validate-config", "init", "stand-down", "demo"):
                unknown = [w for w in rest if w.startswith("--") and w not in options]
                assert not unknown, f"{task['label']}: {unknown}"
    assert seen >= 8
    launch = jsonc.loads((ROOT / "templates/vscode/launch.json").read_text())
    stages = next(i for i in launch["inputs"] if i["id"] == "autohealStage")["options"]
    assert set(stages) <= set(commands)


def test_after_init_sync_workflows_finds_the_list_in_sync(repo):
    from autoheal.invoke import invoke

    init.main(["--dir", str(repo)])
    check = invoke("sync-workflows", {"mode": "check", "local": True}, workspace=repo)
    assert check.exit_code == 0, check.stdout + check.stderr


def test_init_names_watched_workflows_without_workflow_dispatch_and_leaves_them_alone(repo, capsys):
    (repo / ".github/workflows/lint.yaml").write_text(
        "name: Lint\non: [push, workflow_dispatch]\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n")
    before = {p.name: p.read_text() for p in (repo / ".github/workflows").iterdir()}
    assert init.main(["--dir", str(repo)]) == 0
    out = capsys.readouterr().out
    report = out[out.index("workflow_dispatch"):]
    assert ".github/workflows/ci.yml: has no `workflow_dispatch` trigger" in report
    assert ".github/workflows/docker.yml: has no `workflow_dispatch` trigger" in report
    assert "lint.yaml" not in report and "autoheal.yml" not in report  # dispatchable / autoheal's own
    assert all((repo / ".github/workflows" / name).read_text() == text for name, text in before.items())
