"""Which line of a multi-line `run:` script failed (``specifics.command``), by what ``bash -e`` semantics make certain.

GitHub runs a `run:` block as ``bash -e {0}`` (``shell: /usr/bin/bash -e {0}``,
https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsshell): the shell stops at
the first command that fails, so the failing line is the last one that ran. What the output proves:

- a literal top-level ``echo`` whose text printed was reached: every line above it ran to its end;
- a diagnostic signed with its program's name (``scp: Connection closed``, ``tar: Error is not recoverable``,
  ``cp: cannot stat …``, bash's own ``<script>: line N: jqq: command not found``) as the step's last words names
  the program that failed; of several lines running it, the first (the shell stops at the first failure);
- ``cmd || true`` (``|| :``, ``|| echo …``) never fails the script (``-e`` ignores a command followed by ``||``);
- a here-document's body (``ssh host <<'EOF'`` … ``EOF``) is input, not commands of the step's shell;
- a package install prints a summary whenever it succeeds (npm 11 here: "up to date in 352ms", "added 3 packages, and
  audited 4 packages in 1s"; pip: "Successfully installed …"): one that left none failed, and the lines below never ran.

Tool output quoted below is real: OpenSSH's scp against a closed port, GNU tar on a missing archive, GNU cp, bash 5
running a script with an unknown command, npm 11's `npm ci` without a lock file and `npm install`, pip 24 without the
package, run on this machine.
"""

from __future__ import annotations

from autoheal.analysis import analyze
from autoheal.analysis.scriptreach import (
    COMPLETED,
    can_fail,
    here_documents,
    programs,
    script_reached,
    script_started,
    signed_line,
    started_line,
)
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


# ---- a package install that left no summary did not succeed ---------------------------------------------------------

NPM_CI_NO_LOCK = ["npm error code EUSAGE", "npm error",
                  "npm error The `npm ci` command can only install with an existing package-lock.json or",
                  "npm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or",
                  "npm error later to generate a package-lock.json file, then try again."]


def test_an_install_without_its_summary_is_where_the_shell_stopped():
    script = ["npm ci", "npm run build --if-present", "npm test"]
    assert script_reached(script, numbered(*NPM_CI_NO_LOCK), (COMPLETED,)) == ["npm ci"]
    assert command_in_script(script, script[0], numbered(*NPM_CI_NO_LOCK)) == "npm ci"
    assert analyze(_step(script, NPM_CI_NO_LOCK)).specifics["command"] == "npm ci"
    # the summary printed: the install ran to its end, the test below it is what failed
    ran = numbered("up to date in 352ms", "", "> t@1.0.0 test", '> node -e "process.exit(1)"')
    assert script_reached(script, ran, (COMPLETED,)) == script
    assert command_in_script(script, script[0], ran) == "npm test"


def test_a_pip_install_without_its_summary_is_where_the_shell_stopped():
    script = ["python -m pip install --upgrade pip", "pip install -r requirements.txt", "pytest -q"]
    output = numbered("Requirement already satisfied: pip in ./.venv/lib/python3.12/site-packages (24.0)",
                      "ERROR: Could not find a version that satisfies the requirement nosuchpkg-xyz (from versions: none)",
                      "ERROR: No matching distribution found for nosuchpkg-xyz")
    assert command_in_script(script, script[0], output) == "pip install -r requirements.txt"


def test_a_quiet_or_redirected_install_tells_nothing():
    output = numbered("boom")
    for quiet in ("npm ci --silent", "pip install -q -r requirements.txt", "npm ci > npm.log", "yarn install | tee y.log"):
        assert script_reached([quiet, "make test"], output, (COMPLETED,)) == [quiet, "make test"]
    # an echo below the install printed: the shell got past it, whatever its summary looked like
    script = ["npm ci", 'echo "Building..."', "make"]
    assert script_reached(script, numbered("Building...", "make: *** [all] Error 1"), (COMPLETED,)) == script
    # the output kept lost its middle: the summary may be in the part not kept
    assert script_reached(["npm ci", "make"], [(1, "npm warn deprecated x"), (90, "boom")], (COMPLETED,)) == \
        ["npm ci", "make"]


def test_a_tool_below_the_install_that_printed_its_signature_ran():
    # an excerpt that kept the test run's output, not the install's: jest's report proves the line below ran
    script = ["npm ci", "npx jest --ci"]
    jest = numbered("FAIL src/app.test.js", "  ● adds numbers", "Tests:       1 failed, 3 passed, 4 total")
    assert command_in_script(script, script[0], jest) == "npx jest --ci"
    # npm's own error block under `npm ci` is no such proof: the install failed there
    assert command_in_script(["npm ci", "npm test"], "npm ci", numbered(*NPM_CI_NO_LOCK)) == "npm ci"


# ---- the package script (or file) the output shows started last --------------------------------------------------

def test_npms_banner_names_the_package_script_that_was_running():
    # npm 11 (real): a failing script prints its banner and nothing of npm's own
    script = ["npm ci", "npm run build", "npm test"]
    output = numbered("added 812 packages, and audited 813 packages in 9s", "", "> app@1.0.0 build", "> tsc", "",
                      "src/a.ts(3,5): error TS2304: Cannot find name 'x'.")
    assert started_line(script, output) == "npm run build"
    assert command_in_script(script, script[0], output) == "npm run build"
    # pnpm's banner has the package's directory after the script
    pnpm = ["pnpm install --frozen-lockfile", "pnpm typecheck", "pnpm test"]
    assert command_in_script(pnpm, pnpm[0], numbered("> app@1.0.0 typecheck /home/runner/work/r/r", "> tsc --noEmit",
                                                     "src/a.ts(3,5): error TS2304: Cannot find name 'x'.")) == "pnpm typecheck"


def test_npms_statement_of_the_failed_script_outranks_the_banners():
    # npm 6 logs keep the banners of the first scripts and miss later ones; its failure statement names the script
    script = ["npm ci", "npm run compile", "npm run lint", "npm run test-coverage"]
    output = numbered("> app@1.0.0 compile /home/runner/work/r/r", "> babel src/ -d dist/", "Successfully compiled 3 files.",
                      "  3 passing", "  1 failing", "npm ERR! code ELIFECYCLE", "npm ERR! errno 1",
                      "npm ERR! app@1.0.0 test-coverage: `nyc mocha`", "npm ERR! Exit status 1", "npm ERR!",
                      "npm ERR! Failed at the app@1.0.0 test-coverage script.")
    assert started_line(script, output) == "npm run test-coverage"
    # npm 11 in workspaces (real): "npm error Lifecycle script `build` failed with error:"
    ws = ["npm ci", "npm run build --workspaces", "npm test --workspaces"]
    assert started_line(ws, numbered("> @acme/a@1.0.0 build", '> node -e "process.exit(2)"',
                                     "npm error Lifecycle script `build` failed with error:", "npm error code 2")) == ws[1]


def test_yarn_1_names_each_script_run_it_starts():
    script = ["yarn install --frozen-lockfile", "yarn lint", "yarn test"]
    output = numbered("yarn install v1.22.22", "Done in 12.3s.", "yarn run v1.22.22", "$ eslint .",
                      "  3:5  error  'x' is not defined  no-undef", "error Command failed with exit code 1.")
    assert command_in_script(script, script[0], output) == "yarn lint"


def test_a_traceback_quoting_the_file_a_line_executes_names_that_line():
    script = ["pip install -r requirements.txt", "python scripts/check.py", "python -m build"]
    output = numbered("Successfully installed a-1.0", "Traceback (most recent call last):",
                      '  File "/home/runner/work/r/r/scripts/check.py", line 3, in <module>',
                      "    raise SystemExit('bad')", "SystemExit: bad")
    assert command_in_script(script, script[0], output) == "python scripts/check.py"


def test_makes_diagnostic_names_its_target_among_several_make_lines():
    script = ["make build", "make test"]
    test_failed = numbered("./run-tests", "FAIL: test_x", "make: *** [Makefile:6: test] Error 1")
    assert command_in_script(script, script[0], test_failed) == "make test"
    build_failed = numbered("a.c:3:5: error: 'x' undeclared", "make: *** [Makefile:3: build] Error 1")
    assert command_in_script(script, script[0], build_failed) == "make build"


def test_a_program_a_message_names_inside_the_script_leaves_the_script_line():
    # bash 5 (real): the script the line runs could not find jq; the failing command is the line, not jq
    script = ["chmod +x ./scripts/test.sh", "./scripts/test.sh"]
    a = analyze(_step(script, ["Running tests", "./scripts/test.sh: line 5: jq: command not found"], code=127))
    assert a.specifics["command"] == "./scripts/test.sh"
    # Travis: the `$ cmd` echo of the failing command stands the same way
    travis = ("$ ./ci/check.sh\n" "./ci/check.sh: line 3: jq: command not found\n"
              'The command "./ci/check.sh" exited with 127.\n')
    assert analyze(travis.encode()).specifics["command"] == "./ci/check.sh"


def test_terraform_and_cargo_checks_that_left_no_summary_are_where_the_shell_stopped():
    # Terraform 1.11 (real): init's "Terraform has been successfully initialized!", validate's "Success! The
    # configuration is valid." — a validate that left none failed, the plan below it never ran
    script = ["terraform init -input=false", "terraform validate -no-color", "terraform plan -no-color"]
    output = numbered("Initializing the backend...", "Terraform has been successfully initialized!",
                      "Error: Unsupported argument", "", '  on main.tf line 1, in output "y":',
                      '   1: output "y" { valu = 1 }', "",
                      'An argument named "valu" is not expected here. Did you mean "value"?')
    assert command_in_script(script, script[0], output) == "terraform validate -no-color"
    # cargo 1.95 (real): every build that compiled ends "Finished `dev` profile [...] target(s) in 0.16s"
    cargo = ["cargo fmt --check", "cargo clippy --all-targets -- -D warnings", "cargo test"]
    failed = numbered("    Checking app v0.1.0 (/home/runner/work/r/r)", "error: unused variable: `x`",
                      " --> src/main.rs:2:9",
                      'error: could not compile `app` (bin "app") due to 1 previous error')
    assert command_in_script(cargo, cargo[0], failed) == "cargo clippy --all-targets -- -D warnings"
    passed = numbered("    Checking app v0.1.0 (/home/runner/work/r/r)",
                      "    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.16s",
                      "   Compiling app v0.1.0 (/home/runner/work/r/r)",
                      "    Finished `test` profile [unoptimized + debuginfo] target(s) in 0.61s",
                      "     Running unittests src/main.rs (target/debug/deps/app-1a2b)", "test t ... FAILED",
                      "test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out")
    assert command_in_script(cargo, cargo[0], passed) == "cargo test"


def test_a_program_tagging_its_log_lines_signs_them():
    # gosec tags every log line "[gosec]" (real output, corpus log j-gosec-sarif-..., paths shortened)
    script = ["go install github.com/securego/gosec/v2/cmd/gosec@latest",
              "gosec -severity medium -confidence medium -fmt sarif -out gosec-report.sarif ./..."]
    output = numbered("go: downloading github.com/securego/gosec/v2 v2.22.8",
                      "[gosec] 2025/08/19 12:33:59 Panic when running SSA analyser on package: optimized",
                      "[gosec] 2025/08/19 12:33:59 Checking file: /home/runner/work/r/r/cmd/sim/main.go")
    assert command_in_script(script, script[0], output) == script[1]
    # vite's "[vite]: …" under npx
    vite = ["npm ci", "npx vite build", "npx playwright test"]
    assert command_in_script(vite, vite[0], numbered(
        "added 120 packages, and audited 121 packages in 4s", "vite v5.4.0 building for production...",
        '[vite]: Rollup failed to resolve import "@vueuse/core" from "/home/runner/work/r/r/src/App.vue".')) == vite[1]
    # a level tag is no program: "[INFO] ..." signs nothing
    assert signed_line(["make build", "make test"], numbered("[INFO] done", "[ERROR] boom")) is None


def test_a_test_runner_that_left_no_trace_below_a_checker_that_failed_never_ran():
    # go vet's type errors (read as the compiler's: "# pkg" then "file.go:l:c: msg"); go test prints "ok"/"FAIL"/
    # "--- FAIL" for every package whenever it runs, and left none; go-mod, which `go test` also names, prints only
    # when it downloads or fails
    script = ["go vet ./...", "go test -race ./..."]
    output = numbered("# github.com/o/r/pkg/x", "pkg/x/a.go:3:5: undefined: y")
    assert command_in_script(script, script[0], output) == "go vet ./..."
    # go test that ran prints its verdicts: it is the failing line
    ran = numbered("--- FAIL: TestX (0.00s)", "    x_test.go:5: boom", "FAIL", "FAIL\tgithub.com/o/r/pkg/x\t0.01s")
    assert command_in_script(script, script[0], ran) == "go test -race ./..."
