"""Which line of a multi-line `run:` script failed (``specifics.command``), by what ``bash -e`` semantics make certain.

GitHub runs a `run:` block as ``bash -e {0}`` (``shell: /usr/bin/bash -e {0}``,
https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsshell): the shell stops at
the first command that fails, so the failing line is the last one that ran. What the output proves:

- a literal top-level ``echo`` whose text printed was reached: every line above it ran to its end;
- a diagnostic signed with its program's name (``scp: Connection closed``, ``tar: Error is not recoverable``,
  ``cp: cannot stat …``, bash's own ``<script>: line N: jqq: command not found``) as the step's last words names
  the program that failed; of several lines running it, the first (the shell stops at the first failure);
- ``cmd || true`` (``|| :``, ``|| echo …``) never fails the script (``-e`` ignores a command followed by ``||``);
- a here-document's body (``ssh host <<'EOF'`` … ``EOF``) is input, not commands of the step's shell.

Tool output quoted below is real: OpenSSH's scp against a closed port, GNU tar on a missing archive, GNU cp, bash 5
running a script with an unknown command, run on this machine.
"""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.scriptreach import can_fail, here_documents, programs, script_started, signed_line
from autoheal.analysis.tools import command_in_script

TS = "2026-03-25T03:38:37.0000000Z "


def numbered(*lines: str) -> list[tuple[int, str]]:
    return list(enumerate(lines, 1))


def _step(script: list[str], output: list[str], code: int = 1) -> bytes:
    lines = [TS + "##[group]Run " + script[0], *(TS + "\x1b[36;1m" + s + "\x1b[0m" for s in script),
             TS + "shell: /usr/bin/bash -e {0}", TS + "##[endgroup]",
             *(TS + o for o in output), TS + f"##[error]Process completed with exit code {code}."]
    return ("\n".join(lines) + "\n").encode()


# ---- a printed echo: the lines above it ran to their end ------------------------------------------------------------

def test_a_printed_top_level_echo_proves_the_lines_above_it_ran():
    script = ['echo "Installing tools..."', "go install golang.org/x/vuln/cmd/govulncheck@latest",
              'echo "Running vulnerability scan..."', "govulncheck ./..."]
    output = numbered("Installing tools...", "go: downloading golang.org/x/vuln v1.1.4",
                      "Running vulnerability scan...", "Error: vulnerabilities found")
    assert script_started(script, output) == 3
    # the echo that printed last bounds the failing line from below: the go install above it succeeded
    assert command_in_script(script, script[0], output) == "govulncheck ./..."


def test_an_echo_proves_nothing_where_the_shell_goes_on_after_a_failure():
    printed = numbered("Running tests...", "boom")
    assert script_started(["set +e", "make", 'echo "Running tests..."', "./run.sh"], printed) == 0
    assert script_started(['$ErrorActionPreference = "Continue"', "make", 'echo "Running tests..."', "./run.sh"],
                          printed) == 0
    # an echo inside a block may have printed on an earlier pass of a loop, or on one branch: not counted
    assert script_started(["for d in a b; do", 'echo "Running tests..."', "make -C $d", "done", "./run.sh"],
                          printed) == 0
    # nothing printed: no bound
    assert script_started(["make", 'echo "Running tests..."', "./run.sh"], numbered("boom")) == 0


# ---- the program that signed the last words ------------------------------------------------------------------------

def test_the_program_that_signed_the_last_line_names_the_first_line_that_runs_it():
    script = ['SCP_OPTIONS="-P $SSH_PORT -o ConnectTimeout=15"',
              'scp $SCP_OPTIONS build.tar.gz "$SSH_USER@$SSH_HOST:$DEPLOY_PATH/"',
              'scp $SCP_OPTIONS deploy.sh "$SSH_USER@$SSH_HOST:$DEPLOY_PATH/"',
              'ssh $SSH_OPTIONS "$SSH_USER@$SSH_HOST" "bash $DEPLOY_PATH/deploy.sh"']
    output = numbered("ssh: connect to host 127.0.0.1 port 9: Connection refused", "scp: Connection closed")
    assert signed_line(script, output) == script[1]
    assert command_in_script(script, script[0], output) == script[1]


def test_a_signed_diagnostic_wins_over_a_later_known_tool_that_never_ran():
    # GNU tar on a missing archive (real output); the npm ci below it never ran
    script = ["curl -sSLo deps.tgz https://example.org/deps.tgz", "tar xzf deps.tgz", "npm ci", "npm test"]
    output = numbered("tar (child): deps.tgz: Cannot open: No such file or directory",
                      "tar (child): Error is not recoverable: exiting now", "tar: Child returned status 2",
                      "tar: Error is not recoverable: exiting now")
    assert command_in_script(script, script[0], output) == "tar xzf deps.tgz"


def test_bash_signs_a_script_it_runs_with_the_script_path():
    # bash 5: "<script>: line N: jqq: command not found" — the script named is the line that failed
    script = ["npm ci", "./scripts/release.sh", "npm publish"]
    output = numbered("added 12 packages in 1s", "./scripts/release.sh: line 3: jqq: command not found")
    assert signed_line(script, output) == "./scripts/release.sh"


def test_progress_lines_above_a_checks_own_message_sign_nothing():
    script = ["go mod tidy", 'if [[ -n "$(git status --porcelain)" ]]; then', 'echo >&2 "go.mod is not tidy"',
              "exit 1", "fi"]
    output = numbered("go: downloading golang.org/x/mod v0.22.0", "go.mod is not tidy")
    assert signed_line(script, output) is None


def test_the_programs_of_a_line_skip_assignments_prefixes_and_keywords():
    assert programs("FOO=1 sudo -E ./deploy.sh arg && git push || true") == {"deploy.sh", "git", "true"}
    assert programs("timeout 120 bash -c 'until curl -f http://x; do sleep 2; done'") == {"bash", "sleep"}
    assert programs('if [ -f x ]; then') == set()


# ---- lines that cannot fail, here-documents ---------------------------------------------------------------------------

def test_a_line_that_swallows_its_failure_cannot_have_failed_the_script():
    assert not can_fail("govulncheck ./... > report.txt 2>&1 || true")
    assert not can_fail("docker logs app || :")
    assert not can_fail('kubectl logs "$p" --tail=100 || echo "no logs"')
    assert can_fail("make test || make test-verbose")
    script = ["make build", 'kubectl logs "$p" --tail=100 || true']
    assert command_in_script(script, script[0], numbered("make: *** [build] Error 2", "Error from server: EOF")) \
        == "make build"


def test_a_here_document_body_is_input_not_commands():
    script = ["chmod 600 key", "ssh -i key deploy@host <<'REMOTE'", "cd /srv/app", "git pull", "REMOTE"]
    assert here_documents(script) == ["chmod 600 key", "ssh -i key deploy@host <<'REMOTE'"]
    # a here-string (<<<) opens no document
    assert here_documents(['read -r -a OPTS <<< "${OPTS}"', "make"]) == ['read -r -a OPTS <<< "${OPTS}"', "make"]
    assert command_in_script(script, script[0], numbered("Permission denied (publickey).")) == script[1]


# ---- no known tool: the last line that runs a program ---------------------------------------------------------------

def test_without_any_sign_the_last_program_line_is_the_failing_one():
    # bash -e stops at the failing line: lines after it never ran, and a commit-and-push script fails at its push
    script = ['git config --local user.email "bot@example.org"', 'git config --local user.name "bot"',
              "git add data/ || true", "if git diff --staged --quiet; then", 'echo "No changes"', "else",
              'git commit -m "update data"', "git push", "fi"]
    output = numbered("[main a547227] update data", " 1 file changed, 1 insertion(+)",
                      "To https://github.com/o/r", " ! [rejected]        main -> main (non-fast-forward)",
                      "error: failed to push some refs to 'https://github.com/o/r'")
    assert command_in_script(script, script[0], output) == "git push"
    assert analyze(_step(script, [o for _, o in output])).specifics["command"] == "git push"


def test_a_failing_copy_step_names_the_copy_end_to_end():
    # GNU cp's real diagnostic after an echo that printed (bash -e stopped at the cp)
    script = ['echo "Fetching assets..."', "cp build/app.js dist/", "rsync -a dist/ site/"]
    a = analyze(_step(script, ["Fetching assets...", "cp: cannot stat 'build/app.js': No such file or directory"]))
    assert a.specifics["command"] == "cp build/app.js dist/"
