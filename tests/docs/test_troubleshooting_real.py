"""docs/troubleshooting.md shows messages as users really see them.

Each case below makes autoheal fail the way a user would (a missing token, a broken config, a wrong run
id, a token without a permission — against the simulator over real HTTP), takes the error and warning
annotations it printed, and checks each one matches a message written on the page, with its
`<placeholders>` standing for whatever was filled in. This catches a page that lists a message in a
shape autoheal never prints, which the source scan (test_troubleshooting.py) cannot.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from autoheal.invoke import Invocation, invoke

from .markdown_blocks import REPO_ROOT, code_spans

PAGE = REPO_ROOT / "docs" / "troubleshooting.md"
MIN_LITERAL = 12  # a documented message with less fixed text than this would match anything


def documented_patterns() -> list[re.Pattern[str]]:
    """Every code span on the page as a pattern: `<placeholder>` and `...` match any text. Two things the
    page may leave out: a trailing ` (<hint>)` (hints vary with the input: the page may show one, or
    none), and the `<file>:<line>:<col>: ` that validate-config puts before a config problem."""
    patterns = []
    for span in code_spans(PAGE.read_text(encoding="utf-8")):
        code = span.code.replace("\\|", "|")
        code = re.sub(r" \([^()]*(?:\([^()]*\)[^()]*)*\)$", "", code)  # the hint, matched optionally below
        literal = re.sub(r"<[^<>]*>|\.\.\.", "", code)
        if len(literal.strip()) < MIN_LITERAL:
            continue
        parts = re.split(r"(<[^<>]*>|\.\.\.)", code)
        regex = "".join(".+?" if p.startswith("<") and p.endswith(">") and len(p) > 2 else ".*?" if p == "..." else re.escape(p)
                        for p in parts)
        patterns.append(re.compile(rf"(?:\S+:\d+:\d+: )?{regex}(?: \(.*\))?", re.S))
    return patterns


def printed_problems(result: Invocation) -> list[str]:
    """The text of each `::error` / `::warning` annotation (workflow-command escapes undone)."""
    out = []
    for line in result.annotations:
        if line.startswith(("::error", "::warning")):
            message = line.split("::", 2)[2]
            out.append(message.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%"))
    return out


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OFFLINE = "http://127.0.0.1:9"  # nothing listens: an offline case that reached the network would fail loudly


def offline_cases(ws: Path) -> dict[str, Invocation]:
    """Mistakes caught before autoheal talks to GitHub (the workspace has an empty config, so none is
    fetched; a case that reached for the network anyway fails at once: one attempt, nothing listening)."""
    (ws / ".github").mkdir()
    (ws / ".github" / "autoheal.yml").write_text("# all defaults\n", encoding="utf-8")
    (ws / "a-dir").mkdir()
    (ws / "not-a-zip.zip").write_text("hello", encoding="utf-8")
    (ws / "empty.zip").write_bytes(_zip({"readme.md": b"nothing"}))
    (ws / "slip.zip").write_bytes(_zip({"../../evil.txt": b"x"}))
    (ws / "broken.json").write_text("{not json", encoding="utf-8")
    (ws / "list.json").write_text("[1, 2]", encoding="utf-8")
    (ws / "nofp.json").write_text('{"category": "x", "confidence": 50}', encoding="utf-8")
    bad_config = ws / "bad-config"
    (bad_config / ".github").mkdir(parents=True)
    (bad_config / ".github" / "autoheal.yml").write_text(
        "min_confidence: 1000\nlabls: [x]\nissues:\n  labels: \"a,b\"\ncategories:\n  mine:\n    pattern: '(a)\\1'\n",
        encoding="utf-8")
    common = {"api_url": OFFLINE, "token": "t0ken-value", "repo": "octo/app", "workspace": ws,
              "gateway_options": {"max_attempts": 1}}
    return {
        "no token": invoke("open-issue", {"analysis-file": "x.json"}, api_url=OFFLINE, repo="octo/app", workspace=ws),
        "bad repo": invoke("open-issue", {"analysis-file": "x.json", "repo": "octo"}, api_url=OFFLINE, token="t", workspace=ws),
        "bad bool": invoke("analyze-failure", {"log": "x.log", "json": "maybe"}, workspace=ws),
        "out of range": invoke("open-issue", {"min-confidence": "200"}, **common),
        "not a number": invoke("open-issue", {"min-confidence": "high"}, **common),
        "bad choice": invoke("sync-workflows", {"mode": "push"}, **common),
        "config path": invoke("analyze-failure", {"log": "x.log", "config": "nope.yml"}, workspace=ws),
        "bad config": invoke("analyze-failure", {"log": "x.log"}, workspace=bad_config),
        "log missing": invoke("analyze-failure", {"log": "x.log"}, workspace=ws),
        "log is a dir": invoke("analyze-failure", {"log": "a-dir"}, workspace=ws),
        "not a zip": invoke("analyze-failure", {"log-zip": "not-a-zip.zip"}, workspace=ws),
        "zip without logs": invoke("analyze-failure", {"log-zip": "empty.zip"}, workspace=ws),
        "zip slip": invoke("analyze-failure", {"log-zip": "slip.zip"}, workspace=ws),
        "analysis not json": invoke("open-issue", {"analysis-file": "broken.json"}, **common),
        "analysis a list": invoke("open-issue", {"analysis-file": "list.json"}, **common),
        "analysis without fingerprint": invoke("open-issue", {"analysis-file": "nofp.json"}, **common),
        "analysis missing": invoke("open-issue", {"analysis-file": "gone.json"}, **common),
        "stale date": invoke("stale-cleanup", {"start-date": "last tuesday"}, **common),
        "sync file missing": invoke("sync-workflows", {"local": "true", "mode": "check",
                                                       "workflow-file": ".github/workflows/autoheal.yml"}, **common),
    }


@pytest.fixture(scope="module")
def patterns() -> list[re.Pattern[str]]:
    return documented_patterns()


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> dict[str, Invocation]:
    return offline_cases(tmp_path_factory.mktemp("ws"))


def _undocumented(results: dict[str, Invocation], patterns) -> list[str]:
    missing = []
    for case, result in results.items():
        assert result.exit_code != 0, f"{case}: expected a failure, got exit 0\n{result.stdout}{result.stderr}"
        problems = printed_problems(result)
        assert problems, f"{case}: no error annotation printed\n{result.stdout}{result.stderr}"
        missing += [f"{case}: {p!r}" for p in problems if not any(pat.fullmatch(p) for pat in patterns)]
    return missing


def test_offline_mistakes_print_documented_messages(offline, patterns):
    missing = _undocumented(offline, patterns)
    assert not missing, "printed but not documented in docs/troubleshooting.md:\n" + "\n".join(missing)


def test_the_config_case_lists_every_problem(offline):
    """The bad-config case really exercised the config path: one annotation per problem, then the count."""
    problems = printed_problems(offline["bad config"])
    assert any("unknown key in the top level" in p for p in problems)
    assert any("RE2" in p for p in problems)
    assert problems[-1].startswith("the config .github/autoheal.yml has 4 problem(s)")


def test_tokens_never_appear(offline):
    """Only the `::add-mask::` command (which tells GitHub to hide it) carries the token."""
    for case, result in offline.items():
        shown = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("::add-mask::")]
        assert "t0ken-value" not in "\n".join(shown) + result.summary, case


def test_offline_cases_stay_offline(offline):
    for case, result in offline.items():
        assert result.requests == 0, f"{case}: made {result.requests} request(s)"


def test_online_failures_print_documented_messages(sim, patterns, tmp_path):
    """GitHub's refusals, from the simulator over real HTTP: wrong run, bad token, missing permission."""
    sim.create_repo("octo/app", files={"README.md": "hi\n"})
    sim.add_token("ghs_read_only", kind="installation", login="reader[bot]",
                  permissions={"actions": "read", "contents": "read"})
    (tmp_path / "analysis.json").write_text(
        '{"category": "missing_dependency", "confidence": 90, "fingerprint": "a86dfb99fda66b9a", '
        '"workflow": "CI", "job": "test", "run_id": 1, "summary": "No module named yaml", '
        '"key_lines": [{"line": 3, "text": "ModuleNotFoundError: No module named \'yaml\'"}]}', encoding="utf-8")
    base = {"api_url": sim.base_url, "repo": "octo/app", "workspace": tmp_path}
    results = {
        "run does not exist": invoke("analyze-failure", {"run-id": "424242"}, token=sim.token, **base),
        "token rejected": invoke("analyze-failure", {"run-id": "1"}, token="not-a-real-token", **base),
        "missing permission": invoke("open-issue", {"analysis-file": "analysis.json"}, token="ghs_read_only", **base),
        "no such pr": invoke("copilot-review", {"pr-number": "77"}, token=sim.token, **base),
    }
    missing = _undocumented(results, patterns)
    assert not missing, "printed but not documented in docs/troubleshooting.md:\n" + "\n".join(missing)
    assert any("needs issues=write" in p or "`issues: write`" in p
               for p in printed_problems(results["missing permission"])), printed_problems(results["missing permission"])


def test_an_undocumented_message_is_caught(patterns):
    assert not any(p.fullmatch("input 'x': the flux capacitor is not charged") for p in patterns)
    assert any(p.fullmatch("input 'token': no GitHub token: set GITHUB_TOKEN or pass --token / the `token` input")
               for p in patterns)


# Broken configs as people write them: each file is one kind of mistake (or a few), tiny.
BROKEN_CONFIGS = {
    "tabs": "issues:\n\tlabels: [a]\n",
    "unquoted-bot": "monitor:\n  reviewers: [dependabot[bot], x]\n",
    "duplicate": "enabled: true\nenabled: false\n",
    "boolean-key": "on: 1\n",
    "a-list": "- a\n- b\n",
    "bad-tag": "min_confidence: !!int abc\n",
    "aliases": "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcd", "bcde")) + "f: [*e, *e]\n",
    "types": "enabled: \"yes\"\nmin_confidence: 0.8\nissues:\n  labels: bug\nrate_limits:\n  max_prs_per_hour: \"3\"\n",
    "choices": "issues:\n  comment_on_repeat: alway\nversion: 2\n",
    "ranges": "pull_requests:\n  timeout_factor: 20\nstale:\n  operations_per_run: 0\n",
    "lists": "copilot:\n  handoff_modes: []\n  skip_labels: [a, a]\nstale:\n  stale_label: \"\"\n",
    "unknown-keys": "labls: [x]\nissues:\n  lables: [x]\n",
    "categories": "categories:\n  mine:\n    pattern: \"(?=x)y\"\n  newone:\n    confidence: 50\n  unknown:\n    pattern: x\n"
                  "  \"bad id!\":\n    pattern: x\n  backref:\n    pattern: '(a)\\1'\n",
    "shapes": "issues:\n  labels: [\"a,b\"]\nmonitor:\n  reviewers: [\"@octocat\"]\n  team_reviewers: [octo/platform]\n"
              "  transitions: 5\npull_requests:\n  branch_prefix: \"/bad..x\"\n  template: ../x.md\n"
              "sync:\n  workflow_file: foo.txt\nstale:\n  start_date: someday\n",
    "workflow-auto-fix-shape": "auto_healing:\n  enabled: true\n  enabeld: false\nrate_limits: 5\nenabled: true\n"
                  "error_patterns:\n  flaky:\n    pattern: x\n    severity: high\n",
}


def test_validate_config_prints_documented_messages(tmp_path, patterns):
    """`autoheal validate-config` on each broken file: every problem line is a documented message."""
    from autoheal.config.cli import validate_config_main

    missing, seen = [], 0
    for name, text in BROKEN_CONFIGS.items():
        path = tmp_path / f"{name}.yml"
        path.write_text(text, encoding="utf-8")
        out = io.StringIO()
        assert validate_config_main([str(path)], json_output=False, out=out) == 1, f"{name}: no problem found"
        lines = [ln for ln in out.getvalue().splitlines() if ln.startswith(str(path))]
        assert lines, f"{name}: {out.getvalue()}"
        seen += len(lines)
        missing += [f"{name}: {ln}" for ln in lines if not any(p.fullmatch(ln) for p in patterns)]
    for name in ("missing", "a-directory"):
        out = io.StringIO()
        if name == "a-directory":
            (tmp_path / name).mkdir()
        validate_config_main([str(tmp_path / name)], json_output=False, out=out)
        line = out.getvalue().splitlines()[0]
        missing += [f"{name}: {line}"] if not any(p.fullmatch(line) for p in patterns) else []
    assert seen >= 30, f"only {seen} problem lines: did the broken configs stop being broken?"
    assert not missing, "validate-config printed messages docs/troubleshooting.md does not have:\n" + "\n".join(missing)
