"""validate_config_main: the exit code and output of `autoheal validate-config`."""

import io
import json

from autoheal.config.cli import validate_config_main

from config_helpers import DATA


def run(paths, json_output=False):
    out = io.StringIO()
    code = validate_config_main(paths, json_output=json_output, out=out)
    return code, out.getvalue()


def test_valid_file_exits_0(tmp_path):
    cfg = tmp_path / "autoheal.yml"
    cfg.write_text("min_confidence: 60\n", encoding="utf-8")
    code, out = run([str(cfg)])
    assert code == 0
    assert out == f"{cfg}: ok\n"


def test_problems_exit_1_with_one_line_each(tmp_path):
    cfg = tmp_path / "autoheal.yml"
    cfg.write_text("issues:\n  lables: [x]\nstale:\n  scope: al-drafts\n", encoding="utf-8")
    code, out = run([str(cfg)])
    assert code == 1
    assert out.splitlines() == [
        f"{cfg}:2:3: issues.lables: unknown key in issues (did you mean 'labels'?)",
        f"{cfg}:4:10: stale.scope: expected one of autoheal-drafts, all-drafts, autoheal-issues; "
        "got text 'al-drafts' (did you mean 'all-drafts'?)",
        "2 problems found",
    ]


def test_json_report(tmp_path):
    good, bad = tmp_path / "good.yml", tmp_path / "bad.yml"
    good.write_text("enabled: false\n", encoding="utf-8")
    bad.write_text("enabled: nope\n", encoding="utf-8")
    code, out = run([str(good), str(bad)], json_output=True)
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert [f["ok"] for f in report["files"]] == [True, False]
    (problem,) = report["files"][1]["problems"]
    assert problem == {"file": str(bad), "line": 1, "col": 10, "path": "enabled",
                       "message": "expected true or false, got text 'nope'", "hint": ""}


def test_seed_file_is_ok_and_notes_the_migration():
    code, out = run([str(DATA / "seed-workflow-auto-fix-config.yml")])
    assert code == 0
    assert "note: " in out and "is read as copilot.enabled" in out
    assert out.splitlines()[-1].endswith(": ok")


def test_named_missing_file_is_a_problem(tmp_path):
    code, out = run([str(tmp_path / "nope.yml")])
    assert code == 1 and "file not found" in out


def test_default_file_may_be_absent(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run([])
    assert code == 0
    assert "not found; autoheal uses the defaults" in out
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "autoheal.yml").write_text("enabled: 3\n", encoding="utf-8")
    code, out = run([])
    assert code == 1 and out.startswith(".github/autoheal.yml:1:10: enabled:")


def test_directory_binary_and_bom_files(tmp_path):
    code, out = run([str(tmp_path)])
    assert code == 1 and "expected a file, got a directory" in out
    binary = tmp_path / "bin.yml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    code, out = run([str(binary)])
    assert code == 1 and "expected UTF-8 text" in out
    bom = tmp_path / "bom.yml"
    bom.write_bytes("\ufeffenabled: true\n".encode("utf-8"))
    assert run([str(bom)])[0] == 0


def test_the_autoheal_cli_routes_validate_config_here(tmp_path, capsys):
    from autoheal.cli import main as autoheal_main

    cfg = tmp_path / "c.yml"
    cfg.write_text("stale:\n  days_before_stale: -1\n", encoding="utf-8")
    assert autoheal_main(["validate-config", str(cfg)]) == 1
    assert capsys.readouterr().out.startswith(f"{cfg}:2:22: stale.days_before_stale: expected a number of at least 0")
    assert autoheal_main(["validate-config", "--json", str(cfg)]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_commands_shown_in_the_configuration_doc_run(tmp_path, monkeypatch, capsys):
    """Every `autoheal validate-config` line in docs/configuration.md's sh blocks works as documented."""
    import re
    import shlex

    from autoheal.cli import main as autoheal_main
    from config_helpers import PROJECT

    doc = (PROJECT / "docs" / "configuration.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", doc, re.S)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    commands = [c for c in commands if c]
    assert commands, "the doc shows no commands"
    monkeypatch.chdir(tmp_path)
    example = (PROJECT / "templates" / "autoheal-config.example.yml").read_text(encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "autoheal.yml").write_text(example, encoding="utf-8")
    (tmp_path / "path" / "to").mkdir(parents=True)
    (tmp_path / "path" / "to" / "autoheal.yml").write_text("min_confidence: 75\n", encoding="utf-8")
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "autoheal"
        assert autoheal_main(argv[1:]) == 0, command
        capsys.readouterr()
