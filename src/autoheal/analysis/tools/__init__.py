"""Tool-aware reading of the failing step: which tool ran, what it said went wrong.

``read_step(command, lines)`` recognises the tools of the failing step from its command
line and from lines only those tools print (see :mod:`.catalog`), then reads the step's
lines with their rules. The result (:class:`ToolReport`) names the failing tests, the
first error with its file:line, the module, and gives per-line findings the scorer
uses as evidence. The shell/runner rules always apply; a step with no known tool gets
only those (the knowledge base's generic scoring stays the fallback).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import re2

from ...lazyre import LazyPattern, lazy_re
from ..wrappers import reports_failed_run, unwrap
from ..extract import checkout_relative
from ..scriptreach import (
    ANNOUNCED,
    COMPLETED,
    ECHOED,
    can_fail,
    here_documents,
    never_ran,
    script_reached,
    script_started,
    signed_line,
    started_line,
)
from .catalog import DIED, DIED_SIGKILL, LINT, PARSER_CODES, PARSER_MESSAGE, TEST, TOOLS, TYPECHECK, Rule, Tool

_ANNOTATIONS = ("##[error]", "##[warning]", "##[notice]")
# The build module a Maven goal or a Gradle task failed in, whichever rule claimed the line.
_PROJECT = lazy_re(r"Failed to execute goal(?: .*)? on project ([\w.-]+)|Execution failed for task '(:[\w:.-]+?):[\w-]+'")
MAX_FINDINGS = 200
# Past the cap, a runner's verdicts (the failing tests, its summary, the causes it reported) are kept before the
# detail lines (traceback entries, `E` lines): pytest's `short test summary info` comes after hundreds of them.
_VERDICT_KINDS = ("cause", "test", "summary")
_DIGITS = lazy_re(r"\d+")
_PARSER_MESSAGE = lazy_re(PARSER_MESSAGE)
# kotlinc < 1.8 placed a message as "e: /path/A.kt: (12, 5): Expecting ')'" (the message follows the place)
_KOTLINC_OLD_PLACE = lazy_re(r"^\S+\.kts?: \(\d+, \d+\): ")
# Maven/Gradle name the artifact a resolution failed on in the middle of their message.
_MAVEN_COORD = lazy_re(
    r"(?:Could not (?:find|transfer) artifact|Failure to (?:find|transfer)|Failed to collect dependencies at|"
    r"Failed to read artifact descriptor for|Plugin|Extension|Could not (?:find|resolve)) "
    r"(?P<module>[\w.-]+:[\w.-]+(?::[\w.-]+)+)"
)
# group:artifact:packaging:version (Maven's message form) -> group:artifact:version (the form of a pom or build.gradle)
_PACKAGING = lazy_re(r"^([\w.-]+:[\w.-]+):(?:jar|pom|war|ear|aar|rar|bundle|maven-plugin|test-jar|zip|nbm|ejb|hpi|klib)(?::[\w.-]+)?:([\w.-]+)$")
# A JVM stack frame: "at pkg.Class$Inner.method(File.java:12)" (Gradle prefixes the cause's frame with "->")
_JVM_FRAME = lazy_re(r"^\s*(?:\[junit\]\s+)?(?:-> )?at (?P<cls>[\w$.]+)\.(?P<method>[\w$<>]+)\((?P<file>[\w$]+\.(?:java|kt|groovy|scala)):(?P<line>\d+)\)")
# eslint's stylish format names the file on a line of its own above its problems
# (optionally prefixed by pnpm/yarn workspaces' "<package> <script>: ").
_ESLINT_FILE = lazy_re(r"^(?:\S+ [\w:.-]+: )?(?P<file>(?:[A-Za-z]:)?[\w./\\@+()\[\]~-]+\.(?:[cm]?[jt]sx?|vue|svelte|astro|md|json|ya?ml|html))$")
_TEST_CLASS = lazy_re(r"(?:Tests?|IT|TestCase|Spec)$|^Test")
_PY_FRAME = lazy_re(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)')
# faulthandler's dump on a fatal signal (https://docs.python.org/3/library/faulthandler.html): "Fatal Python error:
# Segmentation fault", then per thread "Current thread 0x... (most recent call first):" / "Thread 0x... (...):" and
# '  File "path", line N in func' frames, innermost first.
_FAULT_THREAD = lazy_re(r"^(?:Current thread|Thread) 0x[0-9a-fA-F]+\b.*\(most recent call first\):$")
# Node's report of an uncaught exception (real output of node 20; node's src/node_errors.cc): the throw site
# "path:line" (a URL for an ES module), its source line and a caret, the stack ("    at fn (path:l:c)"), then
# "Node.js v20.20.2" once the process dies of it.
_NODE_THROW = lazy_re(r"^(?:file://)?(?P<file>[^\s:]\S*?\.[cm]?[jt]sx?):(?P<line>\d+)$")
_NODE_FRAME = lazy_re(r"^\s+at (?:.*? \()?(?:file://)?(?P<file>[^\s()]+?\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+)\)?$")
_NODE_FOOTER = lazy_re(r"^Node\.js v\d+\.\d+\.\d+$")
# A JS test file: "x.test.ts", "x.spec.js", or a file under a tests folder (jest's __tests__, mocha's test/).
_JS_TEST_FILE = lazy_re(r"(?:^|/)(?:__tests__|tests?|spec|e2e)/|\.(?:test|spec)\.[cm]?[jt]sx?$")
JS_TEST_TOOLS = ("jest", "vitest", "mocha", "node-test", "playwright", "bun-test")
# RSpec's failure backtrace (its default formatter): "     # ./spec/x_spec.rb:52:in `block (2 levels) in ...'"
_RSPEC_FRAME = lazy_re(r"^\s+# (?P<file>\./\S+_spec\.rb):(?P<line>\d+)(?::in\b.*)?$")
# Go's panic report (runtime/traceback.go): "panic: msg", "goroutine 1 [running]:", then per frame "pkg.fn(...)"
# and "\t/abs/path/file.go:12 +0x1d", innermost first.
_GO_FRAME = lazy_re(r"^\t(?P<file>\S+\.go):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$")
# Maven's mojo banner "[INFO] --- surefire:3.2.2:test (default-test) @ my-module ---" (3.9; older versions name the
# plugin "maven-surefire-plugin:2.12.4:test"): the module being built.
_MAVEN_MOJO = lazy_re(r"^\[INFO\] --- \S+ \([^)]*\) @ (?P<module>[\w.-]+) ---$")
_SUREFIRE_RUNNING = lazy_re(r"^(?:\[INFO\] )?Running (?P<cls>[\w.$]+)$")
_SUREFIRE_RESULT = lazy_re(r"Tests run: \d+, Failures: \d+")
JVM_TEST_TOOLS = ("surefire", "gradle-test")


@dataclass
class Finding:
    """One line of the failing step that a tool rule recognised."""

    line: int
    text: str
    tool: str
    category: str  # "" when the line localises the failure but votes for no category
    weight: float
    kind: str  # error | cause | test | summary
    groups: dict[str, str] = field(default_factory=dict)
    cap: float = 0.0


@dataclass
class ToolReport:
    """What the tools of the failing step reported."""

    tools: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    first_error: Finding | None = None
    first_cause: Finding | None = None
    project: str | None = None  # the first build module the tool named (Maven module, Gradle project)
    test_start: int | None = None  # first line of a test runner's own output
    raised_in: dict | None = None  # the repository's own source place a test's first exception was raised in
    running: list[str] = field(default_factory=list)  # tests that started and never finished (the process died)
    traced_tests: list[str] = field(default_factory=list)  # test functions tracebacks ran through (no runner report)
    test_places: list[dict] = field(default_factory=list)  # the failing tests' own places: they lead the locations
    suite: str | None = None  # the example group the failing tests share (RSpec's flat full descriptions)

    @property
    def tool(self) -> str | None:
        return self.tools[0] if self.tools else None

    @property
    def runs_tests(self) -> bool:
        return TEST in self.families

    def categories(self) -> dict[str, float]:
        """Best weight per category among the findings."""
        best: dict[str, float] = {}
        for f in self.findings:
            if f.category:
                best[f.category] = max(best.get(f.category, 0.0), f.weight)
        return best


@functools.lru_cache(maxsize=1)
def _commands() -> tuple[Any, list[Tool], tuple[tuple[Tool, re.Pattern], ...]]:
    """One RE2 set of every tool's command regex (case-insensitive): one pass names the tools a command
    runs. Compiling the ~80 regexes one by one with Python's ``re`` cost ~12 ms of every small analysis
    (start-up, #21); the set compiles in a fraction of that and matches each command line once."""
    options = re2.Options()
    options.max_mem = 16 << 20
    options.log_errors = False  # a regex RE2 cannot parse (lookaround) is expected, not an error to print
    commands = re2.Set.SearchSet(options)
    owners: list[Tool] = []
    python_only: list[tuple[Tool, re.Pattern]] = []
    for tool in TOOLS:
        if not tool.command:
            continue
        try:
            commands.Add("(?i)" + tool.command)
            owners.append(tool)
        except re2.error:  # a lookaround: this one regex stays Python's
            python_only.append((tool, re.compile(tool.command, re.I)))
    commands.Compile()
    return commands, owners, tuple(python_only)


@functools.lru_cache(maxsize=None)
def _rules(tool: Tool) -> tuple[tuple[Rule, re.Pattern], ...]:
    """The tool's line rules, each compiled (Python ``re``) the first time the RE2 set says a line may
    match it: most rules of a detected tool never see a candidate line (start-up, #21)."""
    return tuple((rule, LazyPattern(rule.regex, 0, None)) for rule in tool.rules)


@functools.lru_cache(maxsize=1)
def _signatures() -> tuple[Any, list[Tool]]:
    """One RE2 set of every tool's output signature: one pass over the step finds them all."""
    options = re2.Options()
    options.max_mem = 32 << 20
    sigs = re2.Set.SearchSet(options)
    owners = []
    for tool in TOOLS:
        if tool.signature:
            sigs.Add("(?m)" + tool.signature)
            owners.append(tool)
    sigs.Compile()
    return sigs, owners


def detect(command: str, lines: list[tuple[int, str]]) -> list[Tool]:
    """Tools of the failing step, most telling first: output signatures, then the command."""
    return _detect(command, "\n".join(t for _, t in lines))


def run_by(command: str | None) -> list[Tool]:
    """The tools whose command regex matches `command`, in catalog order."""
    return list(_run_by(command or ""))


@functools.lru_cache(maxsize=1024)
def _run_by(text: str) -> tuple[Tool, ...]:
    """run_by, remembered: the failing line's choice asks it of each script line several times (a Tool's hash is
    not cheap, so the catalog order is kept by index)."""
    commands, owners, python_only = _commands()
    named = {id(owners[i]) for i in commands.Match(text.encode("utf-8", "surrogatepass")) or []}
    named.update(id(tool) for tool, pattern in python_only if pattern.search(text))
    return tuple(t for t in TOOLS if id(t) in named)


def _detect(command: str, text: str, by_command: list[Tool] | None = None) -> list[Tool]:
    sigs, owners = _signatures()
    hits = sigs.Match(text.encode("utf-8", "surrogatepass")) if text else []
    by_output = {owners[i].name for i in (hits or [])}
    if by_command is None:
        by_command = run_by(command)
    chosen: list[Tool] = []
    # A tool both named by the command and seen in the output ranks first, then tools whose output
    # gives them away (test runners, then compilers, ... in catalog order).
    for tool in TOOLS:
        if tool.name in by_output and tool in by_command:
            chosen.append(tool)
    for tool in TOOLS:
        if tool.name in by_output and _strong_signature(tool) and tool not in chosen:
            chosen.append(tool)
    for tool in by_command:
        if tool not in chosen:
            chosen.append(tool)
    for tool in TOOLS:
        if tool.name in by_output and tool not in chosen:
            chosen.append(tool)
    shell = next(t for t in TOOLS if t.name == "shell")
    if shell not in chosen:
        chosen.append(shell)
    return chosen


# Script lines that set the shell up or steer it rather than run a program (they rarely fail a step).
_SCAFFOLD = lazy_re(
    r"^(?:set\s+[-+]|shopt\b|if\b|then\b|else\b|elif\b|fi\b|for\b|while\b|until\b|do\b|done\b|case\b|esac\b|"
    r"[{}()]|cd\b|pushd\b|popd\b|export\b|local\b|echo\b|printf\b|exit\b|true\b|:\s|#|[A-Za-z_]\w*\+?=|"
    r"read\b|unset\b|declare\b|typeset\b|readonly\b|shift\b|"
    r"Set-StrictMode\b|\$ErrorActionPreference\b|\$\w+\s*=|Write-(?:Host|Output)\b|cat\s*<<)"
)


# A shell assignment that runs nothing (`OPTS+=("--driver" "podman")`, `IMAGE=docker.io/x`): no command substitution
# (`$(...)`, a backtick) in it, so the tools its words name did not run there
_LITERAL_ASSIGNMENT = lazy_re(r"^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=(?!.*(?:\$\(|`))")


# PowerShell 7's error view (ConciseView, the default) quotes the script line that failed:
# "Compress-Archive: D:\a\_temp\<guid>.ps1:3", "Line |", "   3 | Compress-Archive -Path dist\* ...", "     | ~~~~"
# (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables#errorview).
_PWSH_QUOTED = lazy_re(r"^\s*\d+ \|\s+(?P<text>\S.*)$")


def command_in_script(script: list[str], fallback: str, output: list[tuple[int, str]] | None = None) -> str:
    """The script line most likely to have failed (``bash -e`` stops at it, so it is the last line that ran): the line
    PowerShell's error view quotes; else, among the lines that may have failed (below the last echo that printed, up
    to the last line the shell reached, here-document bodies aside, lines that swallow their own failure aside when
    others remain), the first that runs the program that signed the step's last words (``scp: …``); else the last
    one that runs a known tool; else, below a printed echo, the first line that runs a program (the echo announced
    it), or the last such line. A fallback that is a later line of the script than its first was chosen from the
    step's own output (the line that wrote a malformed GITHUB_OUTPUT entry): it stands."""
    if fallback and fallback in script[1:]:
        return fallback
    script = here_documents(script)
    started = 0
    printed: set[str] = set()
    if output:
        quoted = _pwsh_quoted_line(script, output)
        if quoted:
            return quoted
        printed = _printed_tools(output)
        script = script_reached(script, output, (ANNOUNCED, ECHOED))
        done = script_reached(script, output, (COMPLETED,))
        own = set(run_by(done[-1])) if done else set()
        if not any(t.name in printed for line in script[len(done):] for t in run_by(line) if t not in own):
            script = done  # (unless a tool of a line below the install, not the install's own, printed its signature)
        started = script_started(script, output)
        script = script[started:]
        failable = [line for line in script if can_fail(line)]
        if any(not _SCAFFOLD.match(line.strip()) for line in failable):
            script = failable
        signed = signed_line(script, output)
        if signed:
            return signed
        begun = started_line(script, output)
        if begun is not None:
            own = set(run_by(begun))
            later = script[script.index(begun) + 1:]
            if not any(t.name in printed for line in later for t in run_by(line) if t not in own):
                return begun  # (unless a tool of a later line, not its own, printed its signature: that line ran)
    runs = [(line, run_by(line)) for line in script if not _LITERAL_ASSIGNMENT.match(line.strip())]
    runs = [(line, tools) for line, tools in runs if tools]
    silent = _silent_tools(runs, output, printed)
    for line, tools in reversed(runs):
        if not silent(tools):
            return line
    programs = [line for line in script if line.strip() and not _SCAFFOLD.match(line.strip())]
    if started and programs:
        return programs[0]
    return programs[-1] if programs else fallback


def _silent_tools(runs: list[tuple[str, list[Tool]]], output: list[tuple[int, str]] | None, printed: set[str]):
    """:func:`never_ran` with the tools' knowledge: checkers and test runners print their output signature whenever
    they run; which signatures the output holds (``printed``); whether a tool's own rules read an error in it."""
    if not output:
        return lambda tools: False
    return never_ran([tools for _, tools in runs],
                     telling=lambda t: t.family in (TEST, TYPECHECK, LINT) and bool(t.signature),
                     printed=lambda t: t.name in printed,
                     reported=lambda t: _reported_errors(t, output))


def _printed_tools(output: list[tuple[int, str]]) -> set[str]:
    """The tools whose output signature the output holds."""
    sigs, owners = _signatures()
    text = "\n".join(t for _, t in output)
    return {owners[i].name for i in (sigs.Match(text.encode("utf-8", "surrogatepass")) or [])}


def _reported_errors(tool: Tool, output: list[tuple[int, str]]) -> bool:
    """The tool's own rules read an error, a failing test or a failure summary in the output."""
    rules, owners = _rule_set((tool,))
    for _, text in output:
        for i in rules.Match(text.encode("utf-8", "surrogatepass")) or []:
            _, rule, rx = owners[i]
            if rule.kind in ("error", "test", "summary", "cause") and rule.category != "" and rx.search(text):
                return True
    return False


def _pwsh_quoted_line(script: list[str], output: list[tuple[int, str]]) -> str | None:
    """The script line PowerShell's error view quoted under "Line |" (the first error's)."""
    for i, (_, text) in enumerate(output[:-1]):
        if text.strip() == "Line |":
            m = _PWSH_QUOTED.match(output[i + 1][1])
            if m:
                quoted = m.group("text").strip()
                return next((line for line in script if line.strip() == quoted), None)
    return None


def _strong_signature(tool: Tool) -> bool:
    """Output signatures that identify the tool even when the command hides it (npm test, make)."""
    return tool.family in (TEST, "typecheck", "lint", "docker") or tool.name in ("npm", "pnpm", "yarn", "pip", "gradle", "go-mod")


_LOOKAHEAD = lazy_re(r"\(\?[!=](?:[^()\\]|\\.)*\)")


@functools.lru_cache(maxsize=256)
def _rule_set(tools: tuple[Tool, ...]) -> tuple[Any, list[tuple[Tool, Rule, re.Pattern]]]:
    """One RE2 set of every rule of these tools (lookaheads dropped: a superset), so each line
    costs one linear-time match; Python's re then confirms the candidates and takes the groups."""
    options = re2.Options()
    options.max_mem = 64 << 20
    rules = re2.Set.SearchSet(options)
    owners: list[tuple[Tool, Rule, re.Pattern]] = []
    for tool in tools:
        for rule, rx in _rules(tool):
            rules.Add(_LOOKAHEAD.sub("", rule.regex))
            owners.append((tool, rule, rx))
    rules.Compile()
    return rules, owners


# A Windows console decodes a tool's UTF-8 output with its OEM code page (437 in the US, 850 in Western Europe):
# eslint's "✖ 3 problems" reads "Γ£û" / "Ô£û", Playwright's "›" reads "ΓÇ║".
_CONSOLE_PAGES = ("cp437", "cp850")


def _unmojibake(text: str) -> str:
    """The UTF-8 text a console showed in its code page, when the line is exactly that (else unchanged)."""
    for page in _CONSOLE_PAGES:
        try:
            fixed = text.encode(page).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return text


_DIED = lazy_re(DIED + "|" + DIED_SIGKILL)


def _summary_of_died_tests(found: dict[int, Finding]) -> None:
    """A test process died (a crash: CTest's `(SEGFAULT)`, Surefire's fork that `terminated without properly saying
    goodbye`, pytest-xdist's crashed worker). The runner's report of that same test as failed (`FAILED x.py::t`) and
    its summary (`1 tests failed`, `There are test failures`) count the death: they localise it and name the test,
    but vote for failing tests only when some test failed otherwise."""
    died = {f.groups.get("test") for f in found.values() if f.kind == "test" and f.category == "crash"}
    if not died and not any(f.category in ("crash", "out_of_memory") and _DIED.search(f.text) for f in found.values()):
        return
    for f in found.values():
        if f.kind == "test" and f.category == "test_failure" and f.groups.get("test") in died:
            f.category, f.cap = "", 0.3
    if any(f.kind == "test" and f.category == "test_failure" for f in found.values()):
        return
    for f in found.values():
        if f.kind == "summary" and f.category == "test_failure":
            f.category, f.cap = "", 0.3  # nor do the knowledge base's patterns for test summaries


def read_step(command: str, lines: list[tuple[int, str]]) -> ToolReport:
    """Read the failing step's lines with the rules of the tools that ran in it."""
    # Tools' own words, without the runner's annotation prefix (`##[error]npm error code E404`).
    lines = [(n, t[t.index("]") + 1:] if t.startswith(_ANNOTATIONS) and not t.startswith("##[error]Process completed") else t)
             for n, t in lines]
    lines = [(n, t if t.isascii() else _unmojibake(t)) for n, t in lines]
    lines = [(n, unwrap(t)) for n, t in lines]  # a tool's output inside Compose's, BuildKit's or CodeQL's prefix
    text = "\n".join(t if len(t) <= 2000 else "" for _, t in lines)
    by_command = run_by(command)  # asked once per step: detection, the quiet rule and the test start use it
    tools = _detect(command, text, by_command)
    report = ToolReport(tools=[t.name for t in tools if t.name != "shell"],
                        families=[t.family for t in tools if t.name != "shell"])
    rule_set, owners = _rule_set(tuple(tools))
    found: dict[int, Finding] = {}
    ids: dict[int, dict[str, str]] = {}
    for n, line in lines:
        if not line or len(line) > 2000:
            continue
        hits = rule_set.Match(line.encode("utf-8", "surrogatepass"))
        if not hits:
            continue
        for i in sorted(hits):
            tool, rule, rx = owners[i]
            mm = rx.search(line)
            if not mm:
                continue
            groups = {k.rstrip("23"): v for k, v in mm.groupdict().items() if v}
            if "name" in groups and "file" in groups and "test" not in groups:
                groups["test"] = f"{groups['file']}:{groups['line']} {groups.pop('name')}"  # behave's scenario id
            if "cls" in groups and "test" in groups:
                cls = groups.pop("cls")
                # Python >= 3.11's unittest prints "test_x (mod.Class.test_x)": the id is already whole;
                # a module that failed to import is "ERROR: tests.test_x (unittest.loader._FailedTest)".
                if cls.startswith("unittest.loader."):
                    pass
                else:
                    groups["test"] = cls if cls.endswith("." + groups["test"]) else f"{cls}.{groups['test']}"
            if rule.kind == "id":
                ids[n] = groups  # names a failing test; not evidence
                break
            found[n] = Finding(n, line, tool.name, _category(rule, tool, groups), rule.weight, rule.kind, groups, rule.cap)
            break
    _quiet_inside_tests(report, found, tools, by_command)
    _go_passing_tests_output(found, lines)
    _warnings_only_without_errors(found)
    _summary_of_died_tests(found)
    _one_finding_per_test(found)
    starts = [0]
    for _, t in lines[:-1]:
        starts.append(starts[-1] + (len(t) if len(t) <= 2000 else 0) + 1)
    report.test_start = _test_start(tools, text, starts, lines, by_command)
    tests_seen = 0
    for n in _kept_findings(found):
        f = found[n]
        if f.kind == "test":
            # the earlier a failing test, the nearer the cause: of equal lines, the first ones lead
            f.weight = round(f.weight - min(0.02, 0.0005 * tests_seen), 4)
            tests_seen += 1
        _fold(report, f)
        report.findings.append(f)
    for n in sorted(ids):
        test = ids[n].get("test", "").strip()
        if test and test not in report.tests and len(report.tests) < 40:
            report.tests.append(test)
    _ant_junit_cases(report, lines)
    _running_when_stopped(report, lines)
    _swift_testing_unfinished(report, lines)
    _listed_when_stopped(report, lines)
    _python_tests_when_stopped(report, lines)
    _python_traced_tests(report, lines)
    _project_named(report, lines)
    _ctest_program(report, lines)
    _qualify_dotnet_tests(report, lines)
    _mocha_full_titles(report, lines)
    _catch2_cases(report, lines)
    _maven_module_when_stopped(report, lines)
    _cargo_test_crate(report, lines)
    _pip_hash_mismatch(report, lines)
    _pubgrub_reason(report)
    _listing_only(report)
    _attach_arrows(report, lines)
    _attach_eslint_files(report, lines)
    _failing_test_frames(report, lines)
    _failing_dotnet_test_frames(report, lines)
    _failing_js_test_frames(report, lines)
    _failing_rspec_frames(report, lines)
    _shared_group(report, lines)
    _python_traceback_place(report, lines, found)
    _faulthandler_place(report, lines)
    _node_uncaught_place(report, lines)
    _go_panic_place(report, lines)
    _files_that_differ(report, lines)
    _pytest_failure_sections(report, lines)
    _failing_pytest_places(report, lines)
    _pytest_raised_in(report, lines)
    # An image builder's report that a RUN step failed yields to what the program inside it reported (wrappers).
    own = [f for f in report.findings if not reports_failed_run(f.text)]
    pool = own if len(own) < len(report.findings) and any(
        f.kind in ("cause", "test") and f.category for f in own) else report.findings
    causes = [f for f in pool if f.kind == "cause" and f.category]
    report.first_error = causes[0] if causes else next((f for f in pool if f.kind == "error" and f.category), None)
    # The first line a tool reported as an error leads the key lines even when it names no category;
    # in a test run without such a line, the first failing test (or error line) leads, not the last ones.
    report.first_cause = next((f for f in pool if f.kind == "cause"), report.first_error) or next(
        (f for f in pool if f.kind == "test" and f.category), None)
    return report


# What a test runner's output may show without it being the job's failure: tools the tests
# drive (terraform, docker, npm...), shell messages printed by passing tests.
_QUIET_FAMILIES = ("iac", "docker", "package", "runner")


_ESLINT_WARNING = lazy_re(r"^(?:\S+ [\w:.-]+: |Warning: )?\s+\d+:\d+\s+warning\s")


def _one_finding_per_test(found: dict[int, Finding]) -> None:
    """A test a runner names twice (pytest's `-v` progress `x.py::t FAILED [ 85%]`, then its short test summary
    `FAILED x.py::t - AssertionError: …`; xdist's `[gw0] … FAILED x.py::t`) is one failure: the later line, the
    summary's, which says why, stands for it; the progress line only said that it failed."""
    last: dict[tuple[str, str], int] = {}
    for n in sorted(found):
        f = found[n]
        if f.kind == "test" and f.groups.get("test"):
            key = (f.groups["test"].strip(), f.category)  # a crashed worker's line is another fact than its summary
            if key in last and _form(found[last[key]]) != _form(f):
                del found[last[key]]  # (lines of one form naming one id are distinct tests: mocha's `1) Suite`)
            last[key] = n


def _form(f: Finding) -> str:
    """A test line's form: its text without the test's id, digits as `#`."""
    return _DIGITS.sub("#", f.text.replace(f.groups.get("test", ""), " ")).strip()


def _kept_findings(found: dict[int, Finding]) -> list[int]:
    """The findings read, in log order: all of them up to the parser's cap; past it, the runner's verdicts first
    (the failing tests and its summary, also after a long detail section), then the first detail lines."""
    lines = sorted(found)
    if len(lines) <= MAX_FINDINGS:
        return lines
    verdicts = [n for n in lines if found[n].kind in _VERDICT_KINDS][:MAX_FINDINGS]
    taken = set(verdicts)
    details = [n for n in lines if n not in taken][:MAX_FINDINGS - len(verdicts)]
    return sorted(verdicts + details)


def _warnings_only_without_errors(found: dict[int, Finding]) -> None:
    """ESLint's warnings fail a run only through `--max-warnings`: when it also reported errors, those are why it
    failed, and the warnings are not findings (https://eslint.org/docs/latest/use/command-line-interface)."""
    eslint = [n for n, f in found.items() if f.tool == "eslint" and f.kind == "cause"]
    warnings = [n for n in eslint if _ESLINT_WARNING.match(found[n].text)]
    if len(warnings) < len(eslint):
        for n in warnings:
            del found[n]


def _quiet_inside_tests(report: ToolReport, found: dict[int, Finding], tools: list[Tool], run: list[Tool]) -> None:
    """When tests failed, other tools seen only in the test output localise but do not vote."""
    if not any(f.kind in ("test", "summary") and f.tool in {t.name for t in tools if t.family == TEST}
               for f in found.values()):
        return
    by_command = {t.name for t in run}
    family = {t.name: t.family for t in tools}
    for f in found.values():
        if family.get(f.tool) in _QUIET_FAMILIES and f.tool not in by_command and f.category not in ("missing_dependency",):
            f.category = ""


# go test -v heads each test's output with "=== RUN   TestX" (again "=== CONT" / "=== NAME" when parallel tests
# interleave, go >= 1.20) and closes it with "--- PASS: TestX (0.00s)" / "--- FAIL:" / "--- SKIP:" (indented for
# subtests): https://pkg.go.dev/cmd/go#hdr-Testing_flags, cmd/go/internal/test and testing/testing.go.
_GO_TEST_HEAD = lazy_re(r"^=== (?:RUN|CONT|NAME)\s+(?P<test>\S+)")
_GO_TEST_RESULT = lazy_re(r"^\s*--- (?P<result>PASS|FAIL|SKIP): (?P<test>\S+)")


def _go_passing_tests_output(found: dict[int, Finding], lines: list[tuple[int, str]]) -> None:
    """What a Go test that passed logged (`t.Log("dial tcp ...: connection refused (simulated)")`, printed under
    `go test -v`) is its output, not the failure: its lines neither vote nor place the failure, and the knowledge
    base's reading of them (network, permission...) weighs little."""
    if not any(f.tool == "go-test" for f in found.values()):
        return
    current = None
    owner: dict[int, str] = {}
    results: dict[str, str] = {}
    for n, text in lines:
        if text.startswith("==="):
            m = _GO_TEST_HEAD.match(text)
            if m:
                current = m.group("test")
                continue
        if "--- " in text:
            m = _GO_TEST_RESULT.match(text)
            if m:
                results[m.group("test")] = m.group("result")
                continue
        if current and n in found:
            owner[n] = current
    for n, test in owner.items():
        if results.get(test) in ("PASS", "SKIP") and found[n].kind == "error":
            f = found[n]
            f.category, f.weight, f.cap = "", min(f.weight, 0.3), 0.2
            for key in ("file", "line", "col"):
                f.groups.pop(key, None)


def _test_start(tools: list[Tool], text: str, starts: list[int], lines: list[tuple[int, str]],
                run: list[Tool]) -> int | None:
    """Where the test runner's output begins: the command's first line when the command runs
    the tests, else the runner's first signature line."""
    first = None
    for tool in tools:
        if tool.family != TEST or not tool.signature:
            continue
        if tool in run and lines:
            return lines[0][0]
        m = re.compile(tool.signature, re.M).search(text)
        if m:
            n = lines[bisect.bisect_right(starts, m.start()) - 1][0]
            first = n if first is None else min(first, n)
    return first


def _category(rule: Rule, tool: Tool, groups: dict[str, str]) -> str:
    category = tool.category if rule.category is None else rule.category
    code = groups.get("code", "")
    if category == "compile_error" and (code in PARSER_CODES or _PARSER_MESSAGE.search(
            _KOTLINC_OLD_PLACE.sub("", groups.get("msg", "").strip(), count=1))):
        return "syntax_error"  # a parser-stage diagnostic: the source does not parse (catalog.PARSER_MESSAGE)
    if tool.name == "tsc" and code:
        msg = groups.get("msg", "")
        if code == "TS2307" or code == "TS2792":
            m = re.search(r"Cannot find module '([^']+)'", msg)
            if m and m.group(1).startswith((".", "/", "~", "@/")):
                return "compile_error"  # a relative import is the code's own mistake, not a missing package
            if m:
                groups["module"] = m.group(1)
                return "missing_dependency"
        if len(code) == 6 and code.startswith("TS1"):
            return "syntax_error"  # TS1000-TS1999 are the parser's; TS18047 ('x' is possibly 'null') is a type error
    if tool.name in ("rustc", "clippy") and rule.kind == "cause":
        msg = groups.get("msg", "")
        if msg.startswith(("could not compile", "aborting due to")):
            m = re.match(r"could not compile `([\w.-]+)`", msg)
            if m:
                groups["project"] = m.group(1)  # the crate that failed to build
            return ""
        m = re.search(r"unresolved import `([^`:]+)", msg)
        if m and m.group(1) not in ("crate", "self", "super"):
            return category  # a missing crate still fails compilation first
        if tool.name == "clippy" and code:
            # `error[E0560]: ...`: rustc's own error codes (https://doc.rust-lang.org/error_codes/error-index.html)
            # name compiler errors; clippy's lints carry no code (`error: ... #[deny(clippy::x)]`). cargo clippy
            # compiles the crate first, so a coded error is the code not compiling, not a lint.
            return "compile_error"
    return category


def _fold(report: ToolReport, f: Finding) -> None:
    g = f.groups
    if report.project is None:
        m = None if g.get("project") else _PROJECT.search(f.text)
        report.project = g.get("project") or (m and (m.group(1) or m.group(2))) or None
        if report.project and re.search(r"\.(?:cs|fs|vb|vcx)proj$", report.project):
            # an MSBuild project file: the project's name
            report.project = re.split(r"[\\/]", report.project)[-1].rsplit(".", 1)[0]
    if g.get("test"):
        test = g["test"].strip().replace("ΓÇ║", "›")  # "›" read as cp437 on Windows consoles
        if test not in report.tests and len(report.tests) < 40:
            report.tests.append(test)
    if not g.get("module") and f.category and f.tool in ("maven", "gradle", "surefire"):
        m = _MAVEN_COORD.search(f.text)
        if m:
            g["module"] = m.group("module")
    if g.get("module"):
        module = _PACKAGING.sub(r"\1:\2", g["module"].strip().strip("'\"`").replace("%2F", "/").replace("%2f", "/"))
        if module not in report.modules and len(report.modules) < 20:
            report.modules.append(module)
    if g.get("file") and len(report.locations) < 20:
        # a formatter's file list ("would reformat x.py", "Would reformat: x.py") names a file without a line
        loc = {"file": g["file"], "line": int(g["line"])} if g.get("line") else {"file": g["file"]}
        if g.get("col"):
            loc["col"] = int(g["col"])
        if loc not in report.locations:
            report.locations.append(loc)


def _attach_arrows(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """rustc/ruff print the message first and ``--> file:line:col`` below it: join them."""
    by_line = {f.line: f for f in report.findings}
    for f in report.findings:
        if f.kind != "cause" or "file" in f.groups:
            continue
        for k in range(1, 4):
            nxt = by_line.get(f.line + k)
            if nxt is not None and "file" in nxt.groups and nxt.kind != "cause":
                f.groups.update({key: nxt.groups[key] for key in ("file", "line", "col") if key in nxt.groups})
                break


def _attach_eslint_files(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """eslint's stylish problems (``  3:7  error  msg  rule``) belong to the file named above them."""
    problems = [f for f in report.findings if f.tool == "eslint" and "line" in f.groups and "file" not in f.groups]
    if not problems:
        return
    at = {n: i for i, (n, _) in enumerate(lines)}
    for f in problems:
        i = at.get(f.line)
        for j in range((i or 0) - 1, max(-1, (i or 0) - 400), -1):
            m = _ESLINT_FILE.match(lines[j][1].strip() if i is not None else "")
            if m:
                f.groups["file"] = m.group("file")
                loc = {"file": f.groups["file"], "line": int(f.groups["line"])}
                if f.groups.get("col"):
                    loc["col"] = int(f.groups["col"])
                if loc not in report.locations and len(report.locations) < 20:
                    report.locations.append(loc)
                break


# Ant's junit task, plain formatter (https://ant.apache.org/manual/Tasks/junit.html): "[junit] Testsuite: pkg.FooTest",
# then per test "[junit] Testcase: testBar took 0.1 sec" followed by "[junit] \tFAILED" or "[junit] \tCaused an ERROR".
_ANT_SUITE = lazy_re(r"^\s*\[junit\] Testsuite: (?P<suite>[\w.$]+)\s*$")
_ANT_CASE = lazy_re(r"^\s*\[junit\] Testcase: (?P<case>[\w$]+)(?:\([\w.$]+\))? took ")
_ANT_VERDICT = lazy_re(r"^\s*\[junit\]\s+(?:FAILED|Caused an ERROR)\s*$")


def _ant_junit_cases(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The failing test methods of Ant's plain report (its "Test pkg.FooTest FAILED" line names the class only)."""
    suite = ""
    cases: list[str] = []
    for i, (_, text) in enumerate(lines):
        if "[junit]" not in text:
            continue
        m = _ANT_SUITE.match(text)
        if m:
            suite = m.group("suite")
            continue
        m = _ANT_CASE.match(text)
        if m and suite and i + 1 < len(lines) and _ANT_VERDICT.match(lines[i + 1][1]):
            case = f"{suite}.{m.group('case')}"
            if case not in cases and len(cases) < 40:
                cases.append(case)
    if cases:
        # the methods lead; the class-only ids their suites already cover are dropped
        report.tests = cases + [t for t in report.tests if t not in cases and not any(c.startswith(t + ".") for c in cases)]


def _lead_locations(report: ToolReport, lead: list[dict], placed: list[dict] | None = None) -> None:
    """Put ``lead`` first in the report's locations; the others keep their order, without the ``placed`` ones
    (default: ``lead``). The place-finders below each found where a failure really is; this is how they say it."""
    placed = lead if placed is None else placed
    report.locations = lead + [loc for loc in report.locations if loc not in placed]


def _failing_test_frames(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A failing JVM test's place is the first stack frame in its own class (``at pkg.FooTest.bar(FooTest.java:33)``),
    not the assertion library's or the runtime's frame on top: those frames lead the locations."""
    if not report.tests or not any(t in JVM_TEST_TOOLS for t in report.tools):
        return
    classes, methods = set(), set()
    for test in report.tests:
        head = re.split(r" > |#|\(", test)[0]
        parts = head.split(".")
        if " > " in test:
            methods.add(test.split(" > ", 1)[1].split("(")[0].strip())
        elif len(parts) > 1 and parts[-1][:1].islower():
            methods.add(parts[-1])
        # "pkg.Class.method" or "pkg.Class" (Gradle names the class alone on "Class > method FAILED")
        for part in reversed(parts):
            if part[:1].isupper():
                classes.add(part.split("$")[0])
                break
    if not classes:
        return
    places: list[dict] = []
    seen: set[str] = set()
    for _, text in lines:
        if "at " not in text:
            continue
        m = _JVM_FRAME.match(text)
        if not m:
            continue
        cls = m.group("cls").rsplit(".", 1)[-1].split("$")[0]
        # an inherited test method runs in its base test class (FooTest extends AbstractFooTest)
        inherited = m.group("method") in methods and _TEST_CLASS.search(cls)
        if (cls in classes or inherited) and cls not in seen:
            seen.add(cls)
            places.append({"file": m.group("file"), "line": int(m.group("line"))})
    if places:
        _lead_locations(report, places)


def _failing_js_test_frames(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A failing JS test's place is the first stack frame in a test file of the repository (``at Context.<anonymous>
    (test/login.test.js:28:12)``, Playwright's ``at /abs/checkout/tests/a.spec.ts:529:14``), not the assertion
    library's frame nor the line its ``test(...)`` call starts on: per test file, in the order of the failures."""
    if not report.tests or not any(t in JS_TEST_TOOLS for t in report.tools):
        return

    places: list[dict] = []
    seen: set[str] = set()
    for _, text in lines:
        if " at " not in text or not text.startswith(" "):
            continue
        m = _NODE_FRAME.match(text)
        if not m or "node_modules/" in m.group("file"):
            continue
        rel, inside = checkout_relative(m.group("file"))
        if inside and rel not in seen and _JS_TEST_FILE.search(rel):
            seen.add(rel)
            places.append({"file": rel, "line": int(m.group("line")), "col": int(m.group("col"))})
            if len(places) >= 5:
                break
        elif inside and report.raised_in is None and not rel.startswith(("internal/", "node:")) and not _JS_TEST_FILE.search(rel):
            # the first failure's innermost frame in the project's own code (stacks are innermost first): where
            # the error was thrown, below the test that called it
            report.raised_in = {"file": rel, "line": int(m.group("line")), "col": int(m.group("col"))}
    if places:
        _lead_locations(report, places)


def _failing_rspec_frames(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A failing RSpec example's place is its backtrace's first frame in a spec file (the expectation that failed),
    not the example's first line that ``rspec ./spec/x_spec.rb:43`` reruns: per spec file, in failure order."""
    if not report.tests or "rspec" not in report.tools:
        return
    places: list[dict] = []
    seen: set[str] = set()
    failures = False  # inside "Failures:" (not "Pending:", whose "# ./spec/x_spec.rb:49" lines are skipped examples)
    for _, text in lines:
        head = text.strip()
        if head in ("Failures:", "Pending: (Failures listed here are expected and do not affect your suite's status)"):
            failures = head == "Failures:"
            continue
        if head.startswith(("Finished in ", "Failed examples:")):
            failures = False
        if not failures or "_spec.rb:" not in text:
            continue
        m = _RSPEC_FRAME.match(text)
        if m and m.group("file") not in seen:
            seen.add(m.group("file"))
            places.append({"file": m.group("file"), "line": int(m.group("line"))})
    if places:
        _lead_locations(report, places[:5], places)


# RSpec's rerun list, "rspec ./spec/app_spec.rb:11 # Sinatra app loads homepage": an example's full description is
# its groups' descriptions and its own joined by a space, or by nothing before a nested description that starts
# with "#", "." or "::" ("Docker::Image.create with a block ..."; rspec-core's metadata.rb, full_description).
_RSPEC_RERUN = lazy_re(r"^rspec (?P<file>\./\S+?):\d+ # (?P<title>\S.*?)\s*$")


# dart test names a test "path/x_test.dart: <group> ... <test>" (the expanded and GitHub reporters), its groups'
# descriptions and its own joined by spaces (package:test's `group()` / `test()`).
# Its progress lines name passing tests too ("00:01 +3: test/x_test.dart: Group parses", "✅ test/x_test.dart: Group
# parses"): the group is what all the file's tests share, not only the failing ones' common words.
_DART_TEST_ID = lazy_re(r"^(?P<file>\S+\.dart): (?P<title>\S.*)$")
_DART_PROGRESS = lazy_re(r"^(?:##\[group\])?(?:\d+:\d\d \+\d+(?: ~\d+)?(?: -\d+)?:|✅|❌) (?P<file>\S+\.dart): "
                         r"(?P<title>\S.*?)(?: \[E\]| \((?:failed|skipped)\))?$")


# RSpec's documentation formatter (--format documentation) prints each group on a line of its own, nested groups and
# examples indented two spaces per level, a failing example marked "(FAILED - 1)".
_RSPEC_DOC_FAILED = lazy_re(r"^ +\S.* \(FAILED - \d+\)$")


def _rspec_documented_group(lines: list[tuple[int, str]]) -> str | None:
    """The top-level group of the first failing example in RSpec's documentation format: the nearest line above it
    that is not indented."""
    for i, (_, text) in enumerate(lines):
        if text.endswith(")") and "(FAILED - " in text and _RSPEC_DOC_FAILED.match(text):
            for _, above in reversed(lines[max(0, i - 400):i]):
                if above.strip() and not above[0].isspace():
                    return above.strip() if len(above.strip()) <= 200 else None
            return None
    return None


def _shared_group(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The example group the failing tests of the first failing file share, for runners that print a flat title
    (RSpec, dart test): the longest leading run of whole descriptions common to two or more of its titles
    ("Sinatra app" of "Sinatra app loads homepage" and "Sinatra app requires login"; "Docker::Image" of
    "Docker::Image.create ..." and "Docker::Image#save ..."). One failure alone shows no group boundary."""
    by_file: dict[str, list[str]] = {}
    if "rspec" in report.tools:
        top = _rspec_documented_group(lines)
        if top:
            report.suite = top
            return
        seps = " .#"
        for _, text in lines:
            if text.startswith("rspec ./"):
                m = _RSPEC_RERUN.match(text)
                if m:
                    by_file.setdefault(m.group("file"), []).append(m.group("title"))
    elif "dart-test" in report.tools:
        seps = " "
        failed = [m.group("file") for t in report.tests if (m := _DART_TEST_ID.match(t))]
        for _, text in lines:
            if ".dart: " in text and failed:
                m = _DART_PROGRESS.match(text)
                if m and m.group("file") == failed[0] and m.group("title") not in by_file.get(failed[0], []):
                    by_file.setdefault(failed[0], []).append(m.group("title"))
    titles = next(iter(by_file.values()), [])
    if len(titles) < 2:
        return
    common = 0
    while all(len(t) > common for t in titles) and len({t[common] for t in titles}) == 1:
        common += 1
    cut = next((p for p in range(common, 0, -1) if titles[0][p - 1] != " "
                and all(p == len(t) or t[p] in seps or (seps != " " and t.startswith("::", p)) for t in titles)), 0)
    group = titles[0][:cut].strip()
    if group and all(len(t) > len(group) for t in titles):
        report.suite = group


def _python_traceback_place(report: ToolReport, lines: list[tuple[int, str]], found: dict[int, Finding]) -> None:
    """A Python traceback's place is its innermost frame in the repository's code (not the interpreter's or an
    installed package's): the first traceback whose exception line a tool recognised as an error."""

    inner = None
    in_tb = False
    for n, text in lines:
        if text.startswith("Traceback (most recent call last):"):
            in_tb, inner = True, None
            continue
        if not in_tb:
            continue
        m = _PY_FRAME.match(text)
        if m:
            rel, inside = checkout_relative(m.group("file"))
            if inside:
                inner = {"file": rel, "line": int(m.group("line"))}
            continue
        if text[:1] in (" ", "\t") or not text:
            continue
        in_tb = False  # the exception line ends the traceback
        if inner is not None and n in found and found[n].category:
            if inner not in report.locations:
                report.locations.append(inner)
            return


def _faulthandler_place(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A Python interpreter killed by a signal: the crash's place is the innermost frame in the repository's code
    of the thread that crashed (faulthandler's "Current thread" stack, most recent call first); when that thread
    ran only the runtime's or a library's code (a worker thread), the first such frame of the other threads
    (the main thread, whose test or script started the work). It leads the locations."""

    fatal, current = False, False
    first_current = first_other = None
    for _, text in lines:
        if not fatal:
            fatal = "Fatal Python error: " in text
            continue
        head = text.strip()
        if _FAULT_THREAD.match(head):
            current = head.startswith("Current")
            continue
        m = _PY_FRAME.match(text)
        if m:
            rel, inside = checkout_relative(m.group("file"))
            if inside and current and first_current is None:
                first_current = {"file": rel, "line": int(m.group("line"))}
            elif inside and not current and first_other is None:
                first_other = {"file": rel, "line": int(m.group("line"))}
            continue
        if head and not head.startswith(("<", "Extension modules:")):
            break  # the dump ended
    place = first_current or first_other
    if place is not None:
        _lead_locations(report, [place])


def _node_uncaught_place(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A Node process killed by an uncaught exception: its place is the throw site when that is the repository's
    code, else the stack's first frame in it (not node_modules', not node's own ``node:internal`` frames). It leads."""

    def inside(path: str) -> str | None:
        rel, ok = checkout_relative(path)
        return rel if ok and not path.startswith("node:") else None

    throw: tuple[int, dict | None] | None = None  # (index, place in the repository or None)
    frame: dict | None = None
    for i, (_, text) in enumerate(lines):
        m = _NODE_THROW.match(text)
        if m:
            rel = inside(m.group("file"))
            throw, frame = (i, {"file": rel, "line": int(m.group("line"))} if rel else None), None
            continue
        if throw is None or i - throw[0] > 200:
            continue
        if text.startswith(" ") and " at " in text:
            m = _NODE_FRAME.match(text)
            rel = inside(m.group("file")) if m else None
            if rel and frame is None:
                frame = {"file": rel, "line": int(m.group("line")), "col": int(m.group("col"))}
        elif _NODE_FOOTER.match(text.strip()):
            place = throw[1] or frame
            if place is not None:
                _lead_locations(report, [place])
            return


def _go_panic_place(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A Go program's panic: its place is the panicking goroutine's innermost frame in the repository's code
    (not the runtime's under GOROOT, not a module's under GOMODCACHE). It leads."""

    panicked = running = False
    for _, text in lines:
        if not panicked:
            panicked = text.startswith("panic: ")
            continue
        if not running:
            running = text.startswith("goroutine ") and text.rstrip().endswith(("[running]:", "[running]"))
            continue
        if not text.strip():
            return  # the goroutine's stack ended
        if text.startswith("\t"):
            m = _GO_FRAME.match(text.rstrip())
            if m:
                rel, inside = checkout_relative(m.group("file"))
                if inside:
                    place = {"file": rel, "line": int(m.group("line"))}
                    _lead_locations(report, [place])
                    return


# A unified diff's headers name the file that differs: `git diff --exit-code` after a generator or formatter ran,
# `gofmt -d`, `black --diff` ("--- path\t<date>"), clang-format's dry run
# (https://git-scm.com/docs/diff-format, https://www.gnu.org/software/diffutils/manual/html_node/Detailed-Unified.html).
_DIFF_GIT = lazy_re(r"^diff --git a/(?P<file>\S+) b/(?P=file)$")
_DIFF_NEW = lazy_re(r"^\+\+\+ (?:b/)?(?P<file>[^\s\t]+)(?:\t.*)?$")
# Spotless' check (Gradle and Maven plugins): "The following files had format violations:", then each file indented
# with its diff's "@@ -l,n +l,n @@" hunks below it (https://github.com/diffplug/spotless, plugin-gradle README).
_SPOTLESS_HEAD = "The following files had format violations:"
_SPOTLESS_FILE = lazy_re(r"^\s{2,}(?P<file>[^\s@+-][^\s]*\.\w+)$")
# Other files a tool names without a line: pytest's section header for a module it could not import
# ("____ ERROR collecting tests/test_x.py ____", https://docs.pytest.org/en/stable/how-to/output.html), npm's
# "npm error path /checkout/package.json" above an ENOENT/EACCES (npm's lib/utils/error-message.js), Maven's
# "The project g:a:v (/checkout/sub/pom.xml) has 1 error" (maven-core's ProjectBuildingException), whose problem
# lines below end with "@ line 3, column 13" (ModelProblem's location).
_NAMED_FILES = (
    re.compile(r"^_+ ERROR collecting (?P<file>\S+\.py) _+$"),
    re.compile(r"^npm (?:ERR!|error) path (?P<file>\S+)$"),
    re.compile(r"^\[ERROR\]\s+The project \S+ \((?P<file>[^()]+\.xml)\) has \d+ errors?$"),
)
# Places whose tool names them in a form no rule reads: PMD's text report ("path:line:\tRule:\tmessage", PMD's
# TextRenderer, printed by Gradle's and Maven's pmd tasks), and Next.js' build error, which names the module that
# failed on its own line under "Failed to compile." (webpack) or "Error: Turbopack build failed with N errors:".
_PMD_VIOLATION = lazy_re(r"^(?P<file>\S+\.\w+):(?P<line>\d+):\t\w+:\t")
_NEXT_FAILED = lazy_re(r"^(?:Failed to compile\.|Error: Turbopack build failed with \d+ errors?:)$")
_NEXT_MODULE = lazy_re(r"^(?P<file>\./[^\s:]+\.\w+)(?::(?P<line>\d+):\d+)?$")
_MAVEN_PROBLEM_LINE = lazy_re(r"^\[ERROR\]\s{3,}.* @ line (?P<line>\d+), column \d+")


def _files_that_differ(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """Files a diff or a formatter's report says differ from what the check wanted: they name no line, so they
    follow the places that do (a file already placed with a line is not repeated)."""
    files: list = []
    spotless = False
    next_failed = -9
    for i, (_, text) in enumerate(lines):
        if "\t" in text:
            m = _PMD_VIOLATION.match(text)
            if m:
                files.append((m.group("file"), int(m.group("line"))))
                continue
        if "ailed" in text and _NEXT_FAILED.match(text):
            next_failed = i
            continue
        if i - next_failed <= 2:
            m = _NEXT_MODULE.match(text.strip())
            if m:
                files.append((m.group("file"), int(m.group("line"))) if m.group("line") else m.group("file"))
                continue
        if _SPOTLESS_HEAD in text:
            spotless = True
            continue
        if spotless:
            m = _SPOTLESS_FILE.match(text)
            if m and i + 1 < len(lines) and lines[i + 1][1].lstrip().startswith("@@ "):
                files.append(m.group("file"))
                continue
        if text.startswith("diff --git ") or text.startswith("+++ "):
            # `+++ new` comes right under `--- old` in a unified diff; elsewhere `+++ cmd` is a `set -x` trace three
            # levels deep (`+++ extract_trap_cmd`), not a file
            m = _DIFF_GIT.match(text) or (_DIFF_NEW.match(text) if i and lines[i - 1][1].startswith("--- ") else None)
            if m and m.group("file") != "/dev/null":
                files.append(m.group("file"))
            continue
        if not ("ERROR collecting" in text or text.startswith("npm ") or "The project " in text):
            continue
        for rx in _NAMED_FILES:
            m = rx.match(text)
            if m:
                nxt = _MAVEN_PROBLEM_LINE.match(lines[i + 1][1]) if i + 1 < len(lines) else None
                files.append((m.group("file"), int(nxt.group("line"))) if nxt and rx is _NAMED_FILES[2] else m.group("file"))
                break
    known = {(loc["file"], loc.get("line")) for loc in report.locations}
    placed = {loc["file"] for loc in report.locations}
    for file in files:
        file, line = file if isinstance(file, tuple) else (file, None)
        if (file, line) not in known and (line or file not in placed) and len(report.locations) < 20:
            known.add((file, line))
            placed.add(file)
            report.locations.append({"file": file, "line": line} if line else {"file": file})


# The package or build module a tool names as the one that failed, on lines no rule of the detected tools claimed:
# cargo's "error: failed to run custom build command for `glib-sys v0.18.1`" (a build script; cargo's
# core/compiler/custom_build.rs), npm <= 6's "npm ERR! Failed at the phantomjs@1.9.20 install script." (a
# lifecycle script), Maven's "on project X" / Gradle's "task ':app:x'" behind a prefix no rule expects
# (BuildKit's "#19 22.32 [ERROR] Failed to execute goal ... on project cat-core").
_NAMED_PROJECT = lazy_re(
    r"^error: failed to run custom build command for `(?P<crate>[\w-]+) v[^`]*`|"
    r"^npm ERR! Failed at the (?P<package>\S+) [\w:-]+ script\b|"
    # Dart's native assets (package:hooks_runner): "Building assets for package:ndarray failed."
    r"^\s*Building (?:assets|native assets|code assets) for package:(?P<dart>[\w]+) failed\.|"
    # a CMake target's object that failed to build, as make or ninja name it: "make[3]: *** [CMakeFiles/App.dir/build.make:
    # 247: CMakeFiles/App.dir/src/a.cpp.o] Error 1", "FAILED: CMakeFiles/App.dir/src/a.cpp.o" (CMake's Makefile/Ninja generators)
    r"^(?:g?make(?:\[\d+\])?: \*\*\* \[|FAILED: )(?:[^\s\]]*/)?CMakeFiles/(?P<target>[\w.+-]+)\.dir/|"
    # dotnet test's summary per test assembly: "Failed!  - Failed:     1, Passed:    10, ... - App.Tests.dll (net8.0)"
    # (https://learn.microsoft.com/dotnet/core/tools/dotnet-test)
    r"^\s*Failed!\s+- Failed:.*? - (?P<assembly>[\w.-]+)\.dll\b|"
    # MSBuild appends the project to a task's diagnostic (https://learn.microsoft.com/visualstudio/msbuild/msbuild-
    # diagnostic-format-for-tasks): "src\\a.cpp(3,5): error C2065: 'x': undeclared identifier [D:\\a\\r\\build\\App.vcxproj]"
    # (MSVC under CMake's Visual Studio generator, LINK's "fatal error LNK1181: ... [x.vcxproj]")
    r".*\berror [A-Z]+\d+: .* \[(?:[^\]]*[\\/])?(?P<vcxproj>[\w.+-]+)\.vcxproj\]$|"
    # Haskell's build tools name the package whose build failed, with its version: cabal-install "cabal: Failed to
    # build mypkg-0.1.0 (which is required by ...)", Stack "--  While building package mypkg-0.1.0 (scroll up ...)"
    r"^(?:cabal(?:\.exe)?: Failed to build |--\s+While building package )(?P<haskell>[A-Za-z][\w-]*?)-\d+(?:\.\d+)*\b"
)
# go build / go vet / go test name the package whose files fail to compile on a line of its own above the errors:
# "# github.com/org/repo/internal/x" (a test build adds " [github.com/org/repo/internal/x.test]").
_GO_PACKAGE = lazy_re(r"^# (?P<pkg>[\w.~-]+(?:/[\w.~-]+)*)(?: \[[^\]]+\])?$")
_GO_DIAGNOSTIC = lazy_re(r"\.go:\d+(?::\d+)?: ")
# SwiftPM lays a target's sources out as Sources/<Target>/ (tests: Tests/<Target>/): the target of the first error.
_SWIFT_TARGET = lazy_re(r"(?:^|/)(?:Sources|Tests)/(?P<target>[\w.+-]+)/(?:[^/]+/)*[^/]+\.swift$")
# A missing Gradle plugin: "Plugin [id: 'com.google.devtools.ksp', version: '1.9.20-1.0.14'] was not found in any of the
# following sources:" (Gradle's UnknownPluginException); pkg-config-rs when the program is absent: "The pkg-config
# command could not be found." (used by most Rust -sys crates' build scripts).
_NAMED_MISSING = lazy_re(
    r"Plugin \[id: '(?P<plugin>[\w.-]+)'(?:, version: '[^']*')?(?:, apply: \w+)?\] was not found|"
    r"^\s*The (?P<program>pkg-config) command could not be found\.|"
    # pkg-config's own words for a library it has no .pc file of (pkg-config-rs, meson and configure scripts relay
    # them): "Package openssl was not found in the pkg-config search path.", "No package 'openssl' found"
    # (pkgconf: "Package 'openssl', required by 'virtual:world', not found")
    r"^\s*(?:Package (?P<pc>[\w.+-]+) was not found in the pkg-config search path|No package '(?P<pc2>[\w.+-]+)' found|"
    r"Package '(?P<pc3>[\w.+-]+)', required by '[^']*', not found)|"
    # SwiftPM: "error: product 'Nope' required by package 'app' target 'App' not found."
    r"^error: product '(?P<product>[^']+)' required by package '[^']*' target '[^']*' not found"
)
# A Go package the type checker could not load, as go vet, gopls and golangci-lint's typecheck relay go/types:
# "cmd/x/main.go:19:2: could not import github.com/org/repo/pkg/config (-: # github.com/org/repo/pkg/config ...)"
# (the package does not compile, or is not in the module graph). R8's missing classes (Android Gradle plugin,
# https://developer.android.com/build/shrink-code#missing-classes): "Missing class com.x.Y (referenced from: ...)".
_COULD_NOT_LOAD = lazy_re(
    r"\.go:\d+(?::\d+)?: could not import (?P<gopkg>[\w.~-]+(?:/[\w.~-]+)+) \(|"
    # cmd/go's module errors, "go: <module>@<version>[ (replaced by <dir>)]: <why>" (also inside a BuildKit step)
    r"(?:^|\s)go: (?P<gomod>[\w.-]+\.[\w.-]+/[\w.~/-]+)@v[\w.+-]+(?: \(replaced by [^)]+\))?: |"
    r"^(?:ERROR: )?Missing class (?P<jvmclass>[\w$]+(?:\.[\w$]+)+) \(referenced from: "
)
# go vet heads a test variant's diagnostics with the package again in brackets: "# pkg" then "# [pkg]"
# (cmd/go/internal/work, the vet action's header), then "vet: ./x_test.go:12:3: ...".
_GO_VET_VARIANT = lazy_re(r"^# \[[^\]]+\]$")
# Bazel names the target whose action failed (https://bazel.build/run/build): "ERROR: /path/BUILD:17:11: Compiling
# x.cc failed: (Exit 1): gcc failed: error executing CppCompile command (from target //pkg:lib) ..." (Bazel >= 5), or
# "C++ compilation of rule '//pkg:lib' failed (Exit 1)" (older); a failing test target: "FAIL: //pkg:test (see ...)".
_BAZEL_TARGET = lazy_re(r"\(from target (?P<target>//[\w/.+@-]*:[\w/.+@-]+)\)|"
                        r"of rule '(?P<rule>//[\w/.+@-]*:[\w/.+@-]+)' failed|"
                        r"^FAIL: (?P<test>//[\w/.+@-]*:[\w/.+@-]+) \(see ")
# setuptools' build_ext announces each extension it builds: "building 'mypkg._native' extension"
_BUILDING_EXTENSION = lazy_re(r"^\s*building '(?P<ext>[\w.]+)' extension$")
# Gradle's console names each task as it runs and marks the one that failed: "> Task :feature:login:compileKotlin
# FAILED"
# (a task of the root project, ":test", names no module).
_GRADLE_TASK_FAILED = lazy_re(r"^> Task (?P<module>(?::[\w.-]+)+):[\w-]+ FAILED$")


def _project_named(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The failing build module or package when no rule named it: the first such statement of the step; and the
    plugin or program a build said it could not find (a missing module, like the rules' ``module`` groups)."""
    for _, text in lines:
        if ("was not found" in text or "could not be found" in text or "No package '" in text
                or "required by " in text) and len(report.modules) < 20:
            m = _NAMED_MISSING.search(text)
            named = m and next(v for v in m.groups() if v)
            if named and named not in report.modules:
                report.modules.append(named)
        elif ("could not import " in text or "Missing class " in text or "go: " in text) and len(report.modules) < 20:
            m = _COULD_NOT_LOAD.search(text)
            named = m and (m.group("gopkg") or m.group("gomod") or m.group("jvmclass"))
            if named and named not in report.modules:
                report.modules.append(named)
    go_header = next(((n, m.group("pkg")) for i, (n, text) in enumerate(lines[:-1]) if text.startswith("# ")
                      and not _GO_VET_VARIANT.match(text.rstrip()) and _go_diagnostic_below(lines, i)
                      and (m := _GO_PACKAGE.match(text.rstrip()))), None)
    if report.project and go_header is not None:
        # a package that did not compile, named before the test package a rule named (`go test ./...` builds every
        # package first): the first failure in the log is the cause
        named_at = next((f.line for f in report.findings if report.project in f.text), None)
        if named_at is not None and go_header[0] < named_at:
            report.project = go_header[1]
        return
    if report.project:
        return
    for i, (_, text) in enumerate(lines):
        if ("failed to run custom build command" in text or "Failed at the" in text or " for package:" in text
                or "CMakeFiles/" in text or "Failed!" in text or text.endswith(".vcxproj]") or "Failed to build " in text
                or "While building package " in text):
            m = _NAMED_PROJECT.match(text)
            if m:
                report.project = (m.group("crate") or m.group("package") or m.group("dart") or m.group("target")
                                  or m.group("assembly") or m.group("vcxproj") or m.group("haskell"))
                return
        if go_header is not None and lines[i][0] == go_header[0]:
            report.project = go_header[1]
            return
        if "on project " in text or "Execution failed for task" in text:
            m = _PROJECT.search(text)
            if m:
                report.project = m.group(1) or m.group(2)
                return
        if "//" in text and ("target //" in text or "rule '//" in text or text.startswith("FAIL: //")):
            m = _BAZEL_TARGET.search(text)
            if m:
                report.project = m.group("target") or m.group("rule") or m.group("test")
                return
    for _, text in lines:
        if text.startswith("> Task :") and text.endswith(" FAILED"):
            m = _GRADLE_TASK_FAILED.match(text)
            if m:
                report.project = m.group("module")  # the build stopped before Gradle's own failure report
                return
    # the native extension setuptools was building when the compiler failed: its last "building 'pkg._native'
    # extension" (build_ext's announcement of each extension) above the first error
    first = min((f.line for f in report.findings if f.category and f.kind in ("error", "cause")), default=None)
    building = None
    for n, text in lines:
        if first is None or n > first:
            break
        if "' extension" in text:
            m = _BUILDING_EXTENSION.match(text)
            if m:
                building = m.group("ext")
    if building:
        report.project = building


def _go_diagnostic_below(lines: list[tuple[int, str]], i: int) -> bool:
    """A Go diagnostic right under the `# pkg` header at `i` (past go vet's `# [pkg]` variant header)."""
    j = i + 1
    if j < len(lines) - 1 and _GO_VET_VARIANT.match(lines[j][1].rstrip()):
        j += 1
    return bool(_GO_DIAGNOSTIC.search(lines[j][1]))


# pytest's long traceback of a failing test: entries "path:line: in func" (outermost first, the checkout's files
# relative, the interpreter's and installed packages' absolute), each with its source line(s), then "E   Exc: msg"
# (https://docs.pytest.org/en/stable/how-to/output.html, --tb=long/auto).
_PYTEST_ENTRY = lazy_re(r"^(?P<file>[^\s:]+\.py):(?P<line>\d+): in \S+$")
_PYTEST_EXC = lazy_re(r"^E {2,}\S")
_PYTEST_SECTION = lazy_re(r"^_{3,} .+ _{3,}$")
_PY_TEST_FILE = lazy_re(r"(?:^|/)(?:tests?/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)")


# Any entry's location line: short style "path:line: in func", long style "path:line: " (an outer entry: nothing
# after it) or "path:line: ExcName" (the innermost) (_pytest/_code/code.py, ReprFileLocation).
_PYTEST_PLACE = lazy_re(r"^(?P<file>[^\s:]+\.py):(?P<line>\d+): ?(?:in \S+|\w+)?\s*$")


# The FAILURES/ERRORS sections' headers name each failing test by its name under its module ("____ TestParse.
# test_number ____", "____ test_expr[x] ____", "____ ERROR at setup of test_db ____"); before pytest 6 (and with -rN)
# no "short test summary info" follows with the ids (https://docs.pytest.org/en/stable/how-to/output.html).
_PYTEST_HEADER = lazy_re(r"^_{3,} (?:ERROR at (?:setup|teardown) of )?(?P<name>[A-Za-z_][\w.]*(?:\[.*\])?) _{3,}$")
_PYTEST_BANNER = lazy_re(r"^=+ (?P<what>FAILURES|ERRORS|.*) =+$")


def _pytest_failure_sections(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The failing tests of a pytest run that printed no ids (no short summary, no -v): each FAILURES/ERRORS section's
    test name, under the test file its traceback's first entry is in ("tests/test_a.py::TestParse::test_number")."""
    if "pytest" not in report.tools or report.tests:
        return
    inside, name, found = False, None, []
    for _, text in lines:
        if text.startswith("==="):
            m = _PYTEST_BANNER.match(text)
            inside = bool(m) and m.group("what") in ("FAILURES", "ERRORS")
            name = None
            continue
        if not inside:
            continue
        if text.startswith("___"):
            m = _PYTEST_HEADER.match(text)
            name = m.group("name") if m else name
            continue
        if name and ".py:" in text:
            m = _PYTEST_PLACE.match(text)
            if m and _PY_TEST_FILE.search(m.group("file")):  # the test's own entry, not a fixture's or the code's
                base, _, params = name.partition("[")
                test = f"{m.group('file')}::{base.replace('.', '::')}" + (f"[{params}" if params else "")
                if test not in found:
                    found.append(test)
                name = None
    report.tests.extend(found[:40])


def _failing_pytest_places(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A failing pytest test's place is its traceback's first entry in the test's own file (the test's line that
    failed or called the code that did; `FAILED tests/x.py::test_y` names the file), not the innermost entry of the
    code under it (a decorator's retry loop that recursed 900 times): per test file, in the order of the failures."""
    if "pytest" not in report.tools or not report.tests:
        return
    files = []
    for test in report.tests:
        head = test.split("::", 1)[0]
        if "::" in test and head.endswith(".py") and head not in files:
            files.append(head)
    if not files:
        return
    places: list[dict] = []
    for _, text in lines:
        if ".py:" not in text:
            continue
        m = _PYTEST_PLACE.match(text)
        if not m:
            continue
        rel, inside = checkout_relative(m.group("file"))
        if inside and rel in files and not any(p["file"] == rel for p in places):
            places.append({"file": rel, "line": int(m.group("line"))})
            if len(places) == len(files) or len(places) >= 5:
                break
    if places:
        places.sort(key=lambda p: files.index(p["file"]))
        report.test_places = places
        report.locations = places + [loc for loc in report.locations
                                     if not any(loc.get("file") == p["file"] and loc.get("line") == p["line"] for p in places)]


def _pytest_raised_in(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """Where the project's own code raised the first failing test's exception: that traceback's innermost entry in
    the checkout outside the tests (``kiteml/preprocessing/pipeline.py:186: in fit_transform`` under the test's and
    above pandas' frames). None when the exception came from the test itself or only from installed packages."""
    if "pytest" not in report.tools:
        return

    inner: dict | None = None
    for _, text in lines:
        if ": in " in text:
            m = _PYTEST_ENTRY.match(text)
            if m:
                rel, inside = checkout_relative(m.group("file"))
                if inside and not _PY_TEST_FILE.search(rel):
                    inner = {"file": rel, "line": int(m.group("line"))}
                continue
        if text.startswith("E ") and _PYTEST_EXC.match(text):
            if inner is not None:
                report.raised_in = inner
                return
        elif text.startswith("___") and _PYTEST_SECTION.match(text):
            inner = None  # the next test's section ("_ _ _ _" between a traceback's entries is not one)


# swift-testing's console output (swift test / xcodebuild test, Swift 6): `◇ Test "name" started.` then
# `✔ Test "name" passed after 0.1 seconds.` / `✘ Test "name" failed after ...` / `➜ Test "name" skipped.`; a test
# without a display name reads `Test f()`; on macOS the symbols are SF Symbols glyphs.
_SWIFT_TEST = lazy_re(r'^\S{1,2} Test (?:"(?P<quoted>[^"]+)"|(?P<func>[\w.]+\([^)]*\)))(?: \([^)]*\))? '
                         r'(?P<state>started\.|passed|failed|skipped|recorded)')


def _swift_testing_unfinished(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The swift-testing tests that started and never finished: running when the test process died (a crash, a
    trap, a kill). Only when the run names no failing test."""
    if report.tests:
        return
    started: dict[str, None] = {}
    for _, text in lines:
        if " Test " not in text[:8]:
            continue
        m = _SWIFT_TEST.match(text)
        if not m:
            continue
        name = m.group("quoted") or m.group("func")
        if m.group("state") == "started.":
            started[name] = None
        else:
            started.pop(name, None)
    report.running = list(started)[:10]


# Runners that list the tests running when the process died or was stopped, each under its own heading:
#   go test (Go >= 1.20, https://go.dev/doc/go1.20#go-command): "panic: test timed out after 10m0s" then
#       "\trunning tests:" and "\t\tTestSlow (10m0s)" per test;
#   vstest / dotnet test with --blame (https://learn.microsoft.com/dotnet/core/tools/dotnet-test): "The active Test Run
#       was aborted because the host process exited unexpectedly while executing following test(s):" then one
#       fully qualified name per line;
#   Surefire (maven-surefire-common's SurefireHelper): "[ERROR] Crashed tests:" then "[ERROR] pkg.FooTest".
_STOPPED_HEADING = lazy_re(r"^\s*running tests:$|executing (?:the )?following test\(?s\)?:$|^(?:\[ERROR\] )?Crashed tests:$")
_STOPPED_TEST = lazy_re(r"^(?:\[ERROR\])?\s*(?P<test>[A-Za-z_][\w.$`+/<>-]*?)(?: \([\dhmsµ.]+\))?\s*$")


def _listed_when_stopped(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The tests a runner listed as running when it died or timed out (go test's timeout panic, vstest's aborted
    run, Surefire's crashed fork): the analysis names them first for a crash or a timeout."""
    if report.running or not report.runs_tests:
        return
    for i, (_, text) in enumerate(lines):
        if not (text.endswith(":") and _STOPPED_HEADING.search(text)):
            continue
        for _, nxt in lines[i + 1:i + 12]:
            m = _STOPPED_TEST.match(nxt)
            if not m or not nxt.strip() or nxt.strip() == "[ERROR]":
                break
            if m.group("test") not in report.running:
                report.running.append(m.group("test"))
        if report.running:
            return


# pytest -v writes a test's node id when the test starts and its verdict when it ends ("tests/x.py::test_a PASSED
# [ 50%]"; _pytest/terminal.py, pytest_runtest_logstart / logreport): a node id left alone was running when the
# process died. A verdict at a progress mark after it means the test printed (-s) and went on.
_PYTEST_STARTED = lazy_re(r"^(?P<test>[^\s:]+\.py::\S+?)\s*$")
_PYTEST_VERDICT = lazy_re(r"\b(?:PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\s*\[\s*\d+%\]\s*$")
# A frame of a test function (pytest's and unittest's naming, test_*) in a traceback ('  File "x.py", line 12, in
# test_a') or in faulthandler's dump ('  File "x.py", line 12 in test_a').
_PY_TEST_FRAME = lazy_re(r'^\s*File "(?P<file>[^"]+\.py)", line \d+,? in (?P<func>test_\w+)\s*$')


def _python_tests_when_stopped(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The Python test running when the interpreter died (a segfault, a kill) or timed out: pytest -v's node id with
    no verdict after it, else the test function in faulthandler's dump of the threads ("Fatal Python error: ...") or
    in pytest-timeout's ("+++ Timeout +++"), in the checkout. The analysis names it first for a crash or a timeout,
    before earlier failures of the same run."""
    if report.running:
        return
    started = None
    if "pytest" in report.tools:
        for _, text in lines:
            if "::" in text:
                m = _PYTEST_STARTED.match(text)
                if m:
                    started = m.group("test")
                    continue
            if started and _PYTEST_VERDICT.search(text):
                started = None
    if started:
        report.running = [started]
        return
    fatal = False
    for _, text in lines:
        if not fatal:
            # faulthandler's dump, or pytest-timeout's ("+++++ Timeout +++++" then "~~~ Stack of MainThread ~~~")
            fatal = "Fatal Python error: " in text or "+ Timeout +" in text
            continue
        if " in test_" in text:
            m = _PY_TEST_FRAME.match(text)
            if m:
                rel, inside = checkout_relative(m.group("file"))
                if inside:
                    report.running = [f"{rel}::{m.group('func')}"]
                    return


def _python_traced_tests(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """Test functions (``test_*`` in the checkout) that Python tracebacks ran through, when no test runner's report
    named the failing tests: a test script run directly (``python scripts/smoke_test.py``) prints only its
    tracebacks."""
    if report.tests or report.runs_tests:
        return
    in_tb = False
    for _, text in lines:
        if text.startswith("Traceback (most recent call last):"):
            in_tb = True
            continue
        if not in_tb:
            continue
        if text[:1] not in (" ", "\t") and text:
            in_tb = False
            continue
        if " in test_" in text:
            m = _PY_TEST_FRAME.match(text)
            if m:
                rel, inside = checkout_relative(m.group("file"))
                test = f"{rel}::{m.group('func')}"
                if inside and test not in report.traced_tests and len(report.traced_tests) < 40:
                    report.traced_tests.append(test)


# CTest (https://cmake.org/cmake/help/latest/manual/ctest.1.html): a failing test "N/M Test #N: name ....***Failed"
# (or "N - name (Failed)" under "The following tests FAILED:"); with --output-on-failure or -V it echoes the program
# that ran it, "N: Test command: /build/parser_test \"--gtest_filter=Suite.Case\"" (gtest_discover_tests names each
# test Suite.Case and runs the test executable once per case).
_CTEST_FAILED = lazy_re(r"^\s*\d+/\d+ Test +#(?P<n>\d+): (?P<name>\S+) \.*\s*\*{3}|^\s*(?P<n2>\d+) - (?P<name2>\S+) \(\w")
_CTEST_COMMAND = lazy_re(r"^\s*(?P<n>\d+): Test command: (?:\"(?P<quoted>[^\"]+)\"|(?P<prog>\S+))")
_NOT_A_TARGET = frozenset(("python", "python3", "sh", "bash", "node", "cmake", "ctest", "env", "pwsh", "powershell",
                           "cmd", "valgrind", "mpiexec", "mpirun", "java", "perl", "ruby"))


def _ctest_program(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The build module of a failing CTest test: the test executable it ran (a CMake target), named by its
    ``Test command:`` echo; without one, the test's own name when it is a plain program name (not ``Suite.Case``)."""
    if report.project is not None or "ctest" not in report.tools:
        return
    failed, programs = None, {}
    for _, text in lines:
        if "Test command: " in text:
            m = _CTEST_COMMAND.match(text)
            if m:
                programs.setdefault(m.group("n"), m.group("quoted") or m.group("prog"))
        elif failed is None and ("***" in text or " - " in text):
            m = _CTEST_FAILED.match(text)
            if m:
                failed = (m.group("n") or m.group("n2"), m.group("name") or m.group("name2"))
    if failed is None:
        return
    program = programs.get(failed[0])
    if program:
        name = re.split(r"[\\/]", program)[-1]
        name = name[:-4] if name.lower().endswith(".exe") else name
        if name and name.lower() not in _NOT_A_TARGET:
            report.project = name
            return
    if re.fullmatch(r"[A-Za-z_][\w-]*", failed[1]):
        report.project = failed[1]


# dotnet test names a failing test as its framework's display name: xUnit the whole "Ns.Class.Method", NUnit and MSTest
# the method alone ("  Failed ParsesEmpty [12 ms]"); the test's own stack frame under it names its class:
# "   at Acme.Tests.ParserTests.ParsesEmpty() in /path/ParserTests.cs:line 12" (an async test:
# "at Acme.Tests.ParserTests.<ParsesEmpty>d__3.MoveNext()").
_DOTNET_FRAME = lazy_re(r"^\s*at (?P<cls>[\w.`+]+)\.(?:<(?P<async>\w+)>d__\d+\.MoveNext|(?P<method>\w+))\(")


def _qualify_dotnet_tests(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A bare NUnit/MSTest method name, qualified by its class from its stack frame (``Class.Method`` is the id;
    a method name alone names no test uniquely)."""
    if "dotnet-test" not in report.tools or all("." in t for t in report.tests):
        return
    classes: dict[str, str] = {}
    for _, text in lines:
        if " at " in text:
            m = _DOTNET_FRAME.match(text)
            if m:
                classes.setdefault(m.group("async") or m.group("method"), m.group("cls"))
    for i, test in enumerate(report.tests):
        bare = test.split("(", 1)[0]
        if "." not in bare and bare in classes:
            report.tests[i] = f"{classes[bare]}.{test}"


# A .NET stack frame with its source place (System.Diagnostics.StackTrace's text, Windows or Linux paths):
# "   at Ns.Class.Method() in D:\a\repo\repo\Tests\ClassTests.cs:line 46".
_DOTNET_PLACED_FRAME = lazy_re(r"^\s*at \S.*?\) in (?P<file>(?:[A-Za-z]:)?[^:]+\.(?:cs|fs|vb)):line (?P<line>\d+)\s*$")


def _failing_dotnet_test_frames(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A failing .NET test's place is the first frame of its stack trace whose source is in the checkout (the
    test's own line for an assertion, the code under test's for an exception thrown there), not the assertion
    library's or the runtime's frames above it (which have no source place, or one outside the checkout): the
    innermost checkout frame of each trace leads the locations, repository-relative (labeling guide, `file`)."""
    if "dotnet-test" not in report.tools or not report.tests:
        return
    places: list[dict] = []
    in_trace = False
    for _, text in lines:
        if text.strip() == "Stack Trace:":
            in_trace = True
            continue
        if not in_trace or " in " not in text:
            continue
        m = _DOTNET_PLACED_FRAME.match(text)
        if not m:
            continue
        rel, inside = checkout_relative(m.group("file"))
        if inside:
            place = {"file": rel, "line": int(m.group("line"))}
            if place not in places:
                places.append(place)
            in_trace = False  # the next trace's first checkout frame is the next test's place
    if places:
        _lead_locations(report, places)


# mocha's spec reporter (Cypress' too) lists each failure under "N failing" by its titles, one per line, the suite
# first and the test's own title last, ending in ":" (https://mochajs.org/#spec; reporters/base.js list()):
#   "  1) BuildSystem", "       on Windows", "         should rebuild the prototype:", "     Error: ..."
# The test's id is mocha's fullTitle(), the titles joined by spaces.
_MOCHA_FAILURE = lazy_re(r"^(?P<indent> +)\d+\) (?P<title>\S.*?)\s*$")
_MOCHA_TITLE = lazy_re(r"^(?P<indent> +)(?P<title>\S.*?)\s*$")


def _mocha_full_titles(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """Each listed failure's full title (suite titles + test title), in place of its bare first line."""
    if "mocha" not in report.tools:
        return
    for i, (_, text) in enumerate(lines):
        if ") " not in text or text.rstrip().endswith(":"):
            continue
        m = _MOCHA_FAILURE.match(text)
        if not m:
            continue
        titles, indent = [m.group("title")], len(m.group("indent"))
        for _, nxt in lines[i + 1:i + 8]:
            t = _MOCHA_TITLE.match(nxt)
            if not t or len(t.group("indent")) <= indent:
                break
            indent = len(t.group("indent"))
            if t.group("title").endswith(":"):
                titles.append(t.group("title")[:-1])
                full = " ".join(titles)
                if report.suite is None:
                    report.suite = titles[0]  # the first failure's top-level suite, as mocha lists it
                if titles[0] in report.tests:
                    report.tests[report.tests.index(titles[0])] = full
                elif full not in report.tests and len(report.tests) < 40:
                    report.tests.append(full)
                break
            titles.append(t.group("title"))


_CATCH2_RULE = lazy_re(r"^-{60,}$")


def _catch2_cases(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The failing Catch2 test cases: the first line under each rule of dashes that a second rule closes (the
    console reporter prints that header only for a test case with a failed assertion or an error)."""
    if "catch2" not in report.tools:
        return
    closing = -1
    for i in range(len(lines) - 2):
        if i == closing or not (lines[i][1].startswith("---") and _CATCH2_RULE.match(lines[i][1])):
            continue
        closed = next((j for j in range(i + 2, min(i + 8, len(lines))) if _CATCH2_RULE.match(lines[j][1])), None)
        if closed is None or _CATCH2_RULE.match(lines[i + 1][1]):
            continue
        closing = closed  # the rule that closes this header opens none
        name = lines[i + 1][1].strip()
        if name and name not in report.tests and len(report.tests) < 40:
            report.tests.append(name)


def _maven_module_when_stopped(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A Maven build stopped without its "Failed to execute goal ... on project X" (killed, timed out): the module
    is the one whose goal ran last."""
    if report.project or report.modules or not any(t in ("maven", "surefire") for t in report.tools):
        return
    for _, text in reversed(lines):
        if text.startswith("[INFO] --- "):
            m = _MAVEN_MOJO.match(text.strip())
            if m:
                report.project = m.group("module")
                return


# cargo test announces each test binary: "     Running unittests src/lib.rs (target/debug/deps/my_crate-1a2b3c4d)"
# (a library's or binary's unit tests: the binary is named after its crate, `-` read `_`), "     Running tests/api.rs
# (target/debug/deps/api-...)" (an integration test target); it compiles the packages of the checkout as
# "   Compiling my-crate v0.1.0 (/home/runner/work/r/r)" (a path, not a registry).
_CARGO_RUNNING = lazy_re(
    r"^\s+Running (?:unittests )?(?P<src>\S+) \((?:\S*[\\/])?deps[\\/](?P<bin>\w+)-[0-9a-f]{8,}(?:\.exe)?\)$")
_CARGO_LOCAL = lazy_re(r"^\s+Compiling (?P<crate>[\w-]+) v\S+ \((?!registry\+|git\+)(?P<path>[^)]+)\)$")
_CARGO_FAILED = lazy_re(r"^test \S+ \.\.\. FAILED$|^---- \S+ stdout ----$")


def _cargo_test_crate(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The crate whose tests failed, when cargo did not name it (a single package's "to rerun pass `--lib`"): the
    crate of the unit-test binary that ran the first failing test, spelled as the package compiled from the
    checkout; for an integration test target, the one package compiled from the checkout, if only one was."""
    if report.project is not None or "cargo-test" not in report.tools:
        return
    local: list[str] = []
    running = None
    for _, text in lines:
        if text.startswith("   Compiling ") and "(" in text:
            m = _CARGO_LOCAL.match(text)
            if m and m.group("crate") not in local:
                local.append(m.group("crate"))
        elif text.startswith("     Running "):
            running = _CARGO_RUNNING.match(text)
        elif running is not None and _CARGO_FAILED.match(text):
            break
    else:
        return
    if running.group("src").startswith("src/"):
        bin_name = running.group("bin")
        report.project = next((c for c in local if c.replace("-", "_") == bin_name), bin_name)
    elif len(local) == 1:
        report.project = local[0]


# pip's --require-hashes failure (pip's HashMismatch): under "THESE PACKAGES DO NOT MATCH THE HASHES ...", per
# package "    tinyjson==1.0 from file:///.../tinyjson-1.0-py3-none-any.whl (from -r requirements.txt (line 1)):"
# then "        Expected sha256 <hex>" / "             Got        <hex>".
_PIP_HASHED = lazy_re(r"^\s+(?P<pkg>[A-Za-z0-9][\w.\[\]-]*)==\S+ from \S+")


def _pip_hash_mismatch(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """The packages whose downloaded files did not match the hashes the requirements pin."""
    if "pip" not in report.tools:
        return
    for i in range(1, len(lines)):
        if lines[i][1].lstrip().startswith("Expected sha"):
            m = _PIP_HASHED.match(lines[i - 1][1])
            if m and m.group("pkg") not in report.modules and len(report.modules) < 20:
                report.modules.append(m.group("pkg"))


_RESOLVER_HEADING = lazy_re(r"No solution found when resolving|SolverProblemError")


def _pubgrub_reason(report: ToolReport) -> None:
    """uv heads its explanation with "No solution found when resolving dependencies" whatever the reason: when the
    derivation below says a required version does not exist (a missing package), the heading only localises, and
    the knowledge base's reading of it as a version conflict weighs little."""
    if not any(f.tool == "uv-poetry" and f.category == "missing_dependency" and f.kind == "cause" for f in report.findings):
        return
    for f in report.findings:
        if f.tool == "uv-poetry" and f.category == "dependency_conflict" and _RESOLVER_HEADING.search(f.text):
            f.category, f.kind, f.cap = "", "error", 0.3


def _listing_only(report: ToolReport) -> None:
    """A check-mode formatter that fails by listing the files it would change (`terraform fmt -check` prints their bare
    names and exits 3; nothing else) says, by that list, that the code is not formatted: when no line of the step
    votes for any cause, its listed files are lint findings. Beside a statement that votes (setup-terraform's
    "Error: Terraform exited with code 3.") they stay places."""
    if any(f.category for f in report.findings):
        return
    for f in report.findings:
        if f.tool == "formatter" and f.groups.get("file"):
            f.category, f.weight = "lint", 0.8


def _running_when_stopped(report: ToolReport, lines: list[tuple[int, str]]) -> None:
    """A Surefire test class that started (``Running pkg.FooTest``) and never reported ``Tests run:`` was running
    when the build stopped (a timeout, a kill): when no test is known to have failed, it is the test to name."""
    if report.tests or "surefire" not in report.tools:
        return
    running = None
    for _, text in lines:
        m = _SUREFIRE_RUNNING.match(text)
        if m:
            running = m.group("cls")
        elif running and _SUREFIRE_RESULT.search(text):
            running = None
    if running:
        report.tests.append(running)
