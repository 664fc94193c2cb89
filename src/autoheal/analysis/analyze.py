"""``analyze``: one failed job's log in, one :class:`Analysis` out. Pure: no I/O
beyond reading the text or stream it is handed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..lazyre import lazy_re
from .extract import Specifics, checkout_mounts, collect, command_in, exit_code_in, finish, locations_in
from .fingerprint import fingerprint
from .model import Analysis, KeyLine
from .novelty import Novelty, compare, window_lines
from .logformat import clean_line
from .reader import decode, split_lines
from .rules import UNKNOWN, KnowledgeBase, default_kb
from .scan import KIND_LOG, ScanResult, Section, scan
from .keylines import key_lines
from .scoring import Verdict, classify, display_text, pick_failing_section
from .steps import JENKINS_LAUNCH, XTRACE_BUILTIN, failing_scope
from .tools import command_in_script, read_step

MAX_NOVEL = 30
MAX_CONTEXT_BLOCKS = 5
MAX_STEPS_LISTED = 60

_MISSING = {
    "module": "the missing package",
    "test": "the failing tests",
    "file": "the reported location",
    "command": "the failing command",
    "timeout_minutes": "not shown in the log",
    "docker_stage": "the failing instruction",
    "exit_code": "unknown",
}


def analyze(
    log: Any,
    *,
    kb: KnowledgeBase | None = None,
    baseline: Any = None,
    workflow: str = "",
    job: str = "",
    failed_step: str | int | None = None,
    failed_step_position: int | None = None,
) -> Analysis:
    """Analyze one job log (str, bytes or binary stream) and explain its failure.

    ``baseline`` is the same job's log from the last green run (same forms);
    ``failed_step`` is the step the jobs API reported failed, when known: its name or
    its 1-based number among the job's steps (as in the API's ``steps[].number``).
    ``failed_step_position`` is that step's 1-based place among the steps that wrote to
    the log (skipped steps write nothing): it finds the step when its ``name:`` differs
    from the ``Run <command>`` header the log shows.
    """
    kb = kb or default_kb()
    # The prefilter only speeds the scan up: a line it passed that no rule matches is not kept (#17, #21).
    result = scan(log, kb.prefilter, windows=baseline is not None, counts=kb.matches_raw)
    failed_step = _step_name(result, failed_step)
    section_name = _section_name(result, failed_step, failed_step_position)
    failing = pick_failing_section(result.sections, section_name)
    scope = failing_scope(failing, result.log_format)
    if len(scope.script) > 1:
        scope.command = command_in_script(scope.script, scope.command, scope.lines)
    report = read_step(" ".join(scope.script) or scope.command or (failing.name if failing else ""), scope.lines)
    verdict = classify(result, kb, section_name, failing=failing, scope=scope, report=report)
    novelty = _novelty(result, verdict.failing, baseline) if baseline is not None else None
    return _build(result, verdict, kb, novelty, workflow, job, failed_step)


def _novelty(result: ScanResult, failing: Section | None, baseline: Any) -> Novelty:
    """The failing step's window (else the last step that has one) against the baseline, in one pass."""
    sec = failing if failing is not None and failing.window else next(
        (s for s in reversed(result.sections) if s.window), None)
    lines = []
    if sec is not None:
        lo = sec.header_end + 1 if sec.header_end else sec.start_line
        hi = sec.end_line or 10**12
        lines = window_lines(sec.window, sec.window_line, lo, hi)
    return compare(lines, baseline)


def _build(
    result: ScanResult,
    verdict: Verdict,
    kb: KnowledgeBase,
    novelty: Novelty | None,
    workflow: str,
    job: str,
    failed_step: str | None,
) -> Analysis:
    notes = list(verdict.notes)
    failing = verdict.failing
    novel = _novel_lines(novelty) if novelty else []

    category = verdict.category
    confidence = verdict.confidence
    if result.total_bytes == 0:
        notes.append("the log is empty")
    elif result.binary:
        notes.append("the input looks binary, not a text log")
        category, confidence = UNKNOWN, 0
    if category == UNKNOWN and result.total_bytes and not result.binary:
        if not verdict.has_failure_marker:
            notes.append("no failure found: the log looks like a successful run")
        elif novel:
            confidence = min(25, confidence + 10)
    if result.long_lines:
        notes.append(f"{result.long_lines} over-long line(s) were scanned in pieces")

    extra = []
    if category == UNKNOWN and novel:
        extra = [(n["line"], n["text"]) for n in novel[-10:]]
    scope = verdict.scope
    if scope is not None and scope.lines and not any(ev.in_scope and not ev.noise for ev in verdict.evidence):
        # Localise even when nothing matched: the failing command's last words before it exited.
        tail = [(n, t) for n, t in scope.lines if t.strip()][-3:]
        extra += [(n, t) for n, t in tail if (n, t) not in extra]
    ranked = key_lines(verdict, kb, extra) if not result.binary else []
    keys = [KeyLine(line, text, cat, score) for _, line, text, cat, score in ranked]

    specifics = _specifics(verdict, ranked, failing, category, _composite_action(result.sections, failing, verdict.scope))
    located = _located(verdict, keys) if not result.binary else False
    cat = kb.category(category)
    # An unknown failure's key lines include its novel lines, which exist only when a green baseline run was
    # found (on the same branch). The fingerprint must not depend on that: use the key lines without them.
    fp_keys = keys
    if category == UNKNOWN and extra and not result.binary:
        fp_keys = [KeyLine(line, text, cat, score) for _, line, text, cat, score in key_lines(verdict, kb, [])] or keys
    evidence_texts = _fingerprint_evidence(category, specifics, fp_keys, novel if fp_keys is keys else [])
    fp = fingerprint(workflow, job, category, evidence_texts)
    step_name = failed_step or (failing.name if failing and failing.kind != KIND_LOG and failing.name else None)

    return Analysis(
        category=category,
        confidence=int(confidence),
        fingerprint=fp,
        failed_job=job or None,
        failed_step=step_name,
        key_lines=keys,
        specifics=specifics.to_dict(),
        novel_lines=novel,
        suggested_fix=_suggest(cat.hint, specifics),
        workflow=workflow or None,
        fix_type=cat.fix_type,
        auto_pr=cat.auto_pr,
        hint=cat.hint,
        context=_context(ranked),
        scores=[{"category": c, "strength": round(s, 3), "evidence": n} for c, s, n in verdict.ranking[:5]],
        steps=_steps(result.sections, failing),
        log={
            "format": result.log_format,
            "lines": result.total_lines,
            "bytes": result.total_bytes,
            "binary": result.binary,
            "candidates": result.candidates,
            "failure_marker": verdict.has_failure_marker,
        },
        baseline=(
            {"lines": novelty.baseline_lines, "truncated": novelty.truncated, "novel_total": novelty.total}
            if novelty is not None
            else None
        ),
        notes=notes,
        located=located,
        tool=verdict.report.tool if verdict.report else None,
    )


def _step_name(result: ScanResult, failed_step: Any) -> str | None:
    """The API's failed step as a name: a step number counts the job's steps in log order."""
    if failed_step is None or failed_step == "":
        return None
    if isinstance(failed_step, int) or (isinstance(failed_step, str) and failed_step.strip().isdigit()):
        number = int(failed_step)
        named = [s for s in result.sections if s.name and s.kind != KIND_LOG]
        if 1 <= number <= len(named):
            return named[number - 1].name
        return None
    return str(failed_step)


def _section_name(result: ScanResult, name: str | None, position: int | None) -> str | None:
    """The log section of the API's failed step: by name when the log shows it, else by position."""
    if name and any(s.name == name.strip() or s.name == f"Run {name.strip()}" or s.command == name.strip()
                    for s in result.sections):
        return name
    if position is not None:
        # Trusted only where the log agrees: the step there shows a failure (an exit code or an error
        # line). A job whose reported steps do not match its log falls back to the log's own markers.
        named = [s for s in result.sections if s.name and s.kind != KIND_LOG]
        if 1 <= position <= len(named) and (named[position - 1].failed_marker or named[position - 1].errors):
            return named[position - 1].name
    return name


# A line the knowledge base reads as a cause with at least this weight (after a warning's discount) says by itself that
# the run failed there: a CI system's or a tool's verdict (`Build timed out (after 240 minutes)`, `ERROR: Job failed
# (system failure): ...`, `toomanyrequests: You have reached your pull rate limit`), not a word such as `error`.
UNSTRUCTURED_CAUSE_WEIGHT = 0.85


def _located(verdict: Verdict, keys: list[KeyLine]) -> bool:
    """The failing command and its own error lines were found (whatever the category).

    A log without step sections (a console tail or an excerpt pasted from Jenkins, GitLab, CircleCI) is one stream:
    all of it, or the command the scoping found in it, stands for the failing command's output. Without a failure
    marker of its own (an exit code, a failed build step) to say it failed, a key line among the first five must
    read as a cause by itself (UNSTRUCTURED_CAUSE_WEIGHT): a generic error word, a warning or noise does not
    locate it.
    """
    scope = verdict.scope
    failing = verdict.failing
    if failing is None or scope is None or not scope.lines:
        return False
    failed = bool(failing.failed_marker or failing.errors or scope.exit_code or verdict.report and verdict.report.first_error)
    errors = [ev for ev in verdict.evidence if ev.in_scope and not ev.noise and (ev.categories() or ev.generic() >= 0.3)]
    key_set = {k.line for k in keys[:5]}
    if not failed and failing.kind == KIND_LOG:
        return any(ev.line in key_set and _states_cause(ev) for ev in errors)
    return failed and any(ev.line in key_set for ev in errors)


def _states_cause(ev) -> bool:
    return max((p.weight for p in ev.patterns if p.category), default=0.0) >= UNSTRUCTURED_CAUSE_WEIGHT


def _novel_lines(novelty: Novelty) -> list[dict[str, Any]]:
    chosen = novelty.lines[-MAX_NOVEL:]
    return [{"line": n, "text": display_text(t.encode("utf-8", "surrogatepass"))[:500]} for n, t in chosen]


_RESOLUTION = ("missing_dependency", "dependency_conflict")
# A fetch that failed names what it fetched by the registry's or the host's URL layout (npm's registry
# "registry.npmjs.org/<name>[/-/<name>-<v>.tgz]", scoped "@scope%2fname"; PyPI's simple index "/simple/<name>/";
# crates.io's "crates/<name>/<v>/download"; a git host's "github.com/<owner>/<repo>[.git]", "git@github.com:o/r.git";
# else the artifact file a URL ends with, "…/biz.aQute.bnd/biz.aQute.bnd-latest.jar"):
# the package or repository a network, rate-limit or permission failure was about (the labeling guide's module).
_FETCHING = ("network", "rate_limited", "permission_denied")
_FETCHED = lazy_re(
    r"\bregistry\.(?:npmjs\.org|yarnpkg\.com)/(?P<npm>(?:@[\w.-]+(?:/|%2[fF]))?[\w.-]+?)(?=/|:|\s|$|['\"])|"
    r"/simple/(?P<pypi>[\w.-]+)/|"
    r"\bcrates\.io/(?:api/v1/)?crates/(?P<crate>[\w-]+)/|"
    r"\b(?:github\.com|gitlab\.com|bitbucket\.org)[/:](?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?(?=/|['\"\s]|$)"
)
_FETCHED_FILE = lazy_re(
    r"\bhttps?://\S+/(?P<artifact>[\w.+-]+\.(?:jar|war|aar|pom|tgz|tar\.gz|tar\.xz|zip|whl|gem|nupkg|deb|rpm))(?=['\"\s.,;)]|$)"
)


def _fetched(texts: list[str]) -> list[str]:
    """The packages or repositories the failing lines' URLs fetched, in order (at most five)."""
    found: list[str] = []
    for rx in (_FETCHED, _FETCHED_FILE):  # a registry's or host's layout first, a bare file name only without one
        for text in texts:
            for m in rx.finditer(text):
                name = next(v for v in m.groups() if v).replace("%2f", "/").replace("%2F", "/")
                if name not in found and len(found) < 5:
                    found.append(name)
        if found:
            return found
    return found


def _maven_coordinate(module: str) -> str:
    """Maven's message form group:artifact:packaging:version[:scope] as a pom writes it (group:artifact:version),
    as the tool parsers report it."""
    from .tools import _PACKAGING

    return _PACKAGING.sub(r"\1:\2", module.strip().rstrip(":"))


def _specifics(verdict: Verdict, ranked: list, failing: Section | None, category: str,
               composite: str | None = None) -> Specifics:
    spec = Specifics()
    # Named groups: the winning category's evidence first, in line order.
    own_command = verdict.scope is not None and bool(verdict.scope.command)
    unresolved: list[str] = []  # packages the failing command could not resolve, under another category's verdict
    for ev in sorted(verdict.evidence, key=lambda e: e.line):
        for p in ev.patterns:
            if p.category == category and p.has_groups:
                groups = p.groups(ev.text)
                if own_command:
                    # the failing step's own command (its script line, its `$ cmd` echo) stands over a program a
                    # message names: one another step could not find ("conda.exe is not recognized"), one a script
                    # the line runs could not find ("./scripts/test.sh: line 5: jq: command not found"), the
                    # program bash says died in the line ("line 1: 4711 Segmentation fault  ./crash")
                    groups = {k: v for k, v in groups.items() if k != "command"}
                collect(spec, groups)
            elif (p.category in _RESOLUTION and category != "test_failure" and p.has_groups and ev.in_scope
                  and len(unresolved) < 20 and (named := p.groups(ev.text).get("module"))):
                # a package the failing command could not find or resolve is a fact of the run whatever the cause
                # was judged to be (an import in a Docker build, a crash); not in a test run's output, where tests
                # print such messages on purpose (the runners' own rules name a test module that failed to import)
                named = _maven_coordinate(named)
                if named not in unresolved:
                    unresolved.append(named)
    report = verdict.report
    if report is not None:
        # The failing tests are facts of the run whatever the cause (a crash, a timeout, a missing module
        # during collection): the issue names them.
        if category == "test_failure" or not spec.tests:
            for t in report.tests if report.runs_tests else []:
                if t not in spec.tests:
                    spec.tests.append(t)
        if report.running and (category in ("crash", "timeout", "out_of_memory", "cancelled", "runner_lost")
                               or category == "test_failure" and not spec.tests):
            # (a test past its own limit stopped the run, pytest-timeout's thread method: it is the failing test)
            # the tests the dying process was running: the crash's own, before earlier failures of the same run
            spec.tests = list(report.running) + [t for t in spec.tests if t not in report.running]
        if not spec.tests and category in ("test_failure", "crash"):
            spec.tests = list(report.traced_tests)  # a test script's functions its tracebacks ran through
        spec.project = report.project
        # BuildKit's excerpt of the failed step (` > [builder 4/4] RUN …:`, `ERROR [builder 4/4] …`) names the stage
        # that failed; its progress lines before (`#6 [builder 1/4] FROM …`) name every stage that ran
        failed_stage = next((f.groups["stage"] for f in report.findings
                             if f.tool == "docker" and f.groups.get("stage")), None)
        if failed_stage:
            spec.docker_stage = failed_stage.strip()[:300]
        # The modules a tool said it could not find or resolve are facts of the run whatever the cause was
        # judged to be (a test module that failed to import: test_failure; a compile error): the issue names them.
        for m in report.modules:
            if m not in spec.modules:
                spec.modules.append(m)
    for m in unresolved:  # after the tools' own: a tool's reading of its failure names the cause first
        if m not in spec.modules and len(spec.modules) < 20:
            spec.modules.append(m)
    key_texts = [text for _, _, text, _, _ in ranked]
    if not spec.modules and category in _FETCHING:
        spec.modules = _fetched(key_texts)
    ordered = key_texts
    if report is not None and report.first_error is not None:
        ordered = [report.first_error.text] + key_texts
    elif category in _FIRST_ERROR_WINS and verdict.scope is not None:
        # no tool parser read the compiler (MSVC under a build hook, an unknown one): its first diagnostic in the
        # failing command's output is the cause, the later ones (a hundred, past the key lines) often its consequences
        first = next((t for _, t in verdict.scope.lines if _DIAGNOSTIC.search(t) and locations_in([t])), None)
        if first is not None:
            ordered = [first] + key_texts
    context_texts = [display_text(b) for ev, *_ in ranked[:5] if ev is not None and ev.record.before is not None for b in _around(ev.record)]
    tool_places = _tool_locations(report)
    placed = [loc for loc in tool_places if loc.get("line")]
    # Files a tool named without a line lead only when it placed nothing at a line (a formatter's list); else
    # they follow every place with a line, the key lines' included.
    lineless = [loc for loc in tool_places if not loc.get("line")]
    mounts = checkout_mounts(verdict.scope.script) if verdict.scope is not None else ()
    generic = locations_in(ordered + context_texts, mounts)
    spec.locations = (placed + generic + lineless) if placed else (lineless + generic)
    if report is not None and report.raised_in and spec.locations:
        # where the project's own code threw, right below the failing test's own place
        raised = dict(report.raised_in, in_repo=True)
        if not any(loc.get("file") == raised["file"] and loc.get("line") == raised["line"] for loc in spec.locations[:5]):
            spec.locations.insert(1, raised)
    spec.locations = _dedupe_locations(spec.locations)
    if spec.project is None and category in _FIRST_ERROR_WINS:
        spec.project = _swift_target(spec.locations[:1])
    if spec.project is None and category in ("test_failure", "crash"):
        raised_in = [dict(report.raised_in, in_repo=True)] if report is not None and report.raised_in else []
        placed = _source_module(raised_in + spec.locations[:5])
        logged = _logged_module(verdict.scope)
        if logged and (placed is None or logged.endswith("." + placed) or logged == placed):
            placed = logged  # the logger names the whole dotted module a bare file place only hints at
        spec.project = placed or _installed_own_module(verdict.scope) or _suite_of(spec.tests, report)
    if spec.project is None and report is not None and "go-test" in report.tools:
        spec.project = _go_test_dir(spec.locations)
    if spec.project is None:
        spec.project = _failed_workspace(verdict.scope)
    if failing is not None and failing.exit_code is not None:
        spec.exit_code = failing.exit_code
    elif verdict.scope is not None and verdict.scope.exit_code is not None:
        spec.exit_code = verdict.scope.exit_code
    else:
        spec.exit_code = exit_code_in(sorted(key_texts, key=len)) if key_texts else None
    if spec.command is None:
        ran = _action_command(verdict.scope, _command_inputs(failing))
        if composite:
            spec.command = composite  # a step of a composite action: the workflow's `uses:` of that action
        elif ran:
            spec.command = ran[:300]
        elif verdict.scope is not None and verdict.scope.command:
            spec.command = (_traced_command(verdict, category) or verdict.scope.command)[:300]
        elif failing is not None and failing.command:
            spec.command = failing.command[:300]
        else:
            spec.command = command_in(key_texts) or _launched(verdict.scope) or _npm_script(verdict.scope)
    if not spec.tests and spec.command:
        spec.tests = _tests_selected(spec.command)  # the tests the run was narrowed to, when none was reported
    return finish(spec)


# Tests a command line selects by name, as each runner documents it: sbt `testOnly a.B c.D` / `test-only`
# (https://www.scala-sbt.org/1.x/docs/Testing.html), Surefire `-Dtest=Class#method,Other`
# (https://maven.apache.org/surefire/maven-surefire-plugin/examples/single-test.html), Gradle `--tests pkg.Class`
# (https://docs.gradle.org/current/userguide/java_testing.html#test_filtering), go test `-run '^TestX$'`, pytest
# node ids `tests/x.py::test_y`. Patterns (`*`, `|`, `!`) select no one test.
_SELECTED = lazy_re(
    r"\b(?:testOnly|test-only)\s+(?P<sbt>[\w.$]+(?:\s+[\w.$]+)*)|"
    r"\s-D(?:it\.)?test=(?P<mvn>[\w.$#,+]+)(?=[\s\"']|$)|"
    r"\s--tests[= ][\"']?(?P<gradle>[\w.$]+)[\"']?(?=\s|$)|"
    r"\bgo test\b.*?\s-run[= ][\"']?\^?(?P<go>(?:Test|Benchmark|Fuzz|Example)\w*(?:/\w+)*)\$?[\"']?(?=\s|$)|"
    r"\bpytest\b.*?\s(?P<pytest>[\w./-]+\.py::[\w:\[\]./-]+)(?=\s|$)"
)


def _tests_selected(command: str) -> list[str]:
    """The tests the failing command selects by name (at most ten), in the order it names them."""
    out: list[str] = []
    for m in _SELECTED.finditer(command):
        if m.group("sbt"):
            names = m.group("sbt").split()
        elif m.group("mvn"):
            names = [n for n in m.group("mvn").split(",") if n]
        else:
            names = [m.group("gradle") or m.group("go") or m.group("pytest")]
        for name in names:
            if name not in out and len(out) < 10:
                out.append(name)
    return out


# A script line that only hands a command to another shell or a container (`docker exec -t "$c" bash -c '…'`,
# `bash -c "…"`, `kubectl exec pod -- …`): what failed is the command the shell inside ran.
_WRAPPER_LINE = lazy_re(
    r"^(?:sudo\s+)?(?:(?:docker|podman)(?:\s+compose|-compose)?\s+(?:exec|run)\b|kubectl\s+exec\b|"
    r"(?:ba|z|da)?sh\s+(?:-\w+\s+)*-\w*c\b)"
)
# A `set -x` trace of a command (bash's PS4 `+ `; `++ ` is a command substitution's, whose output was captured):
# shell builtins and tests print nothing of their own and are passed over.
_TRACE = lazy_re(r"^\+ (?P<cmd>\S(?:.*\S)?)$")


def _traced_command(verdict: Verdict, category: str) -> str | None:
    """The command a `set -x` trace shows running when the error came, where the failing script line is only a
    wrapper (`docker exec …`, `bash -c …`): the last traced command before the step's first line of evidence for
    the verdict's category, when that is a command (after a builtin or a test, the command that ran was not traced).
    A trace after that line (a trap's clean-up) is not it."""
    scope = verdict.scope
    if scope is None or not _WRAPPER_LINE.match(scope.command.strip()):
        return None
    first = min((ev.line for ev in verdict.evidence if ev.in_scope and not ev.noise and category in ev.categories()),
                default=None)
    if first is None:
        return None
    traced = None
    for n, text in scope.lines:
        if n >= first:
            break
        m = _TRACE.match(text)
        if m:
            traced = m.group("cmd")
    # the last thing traced must be a command: after a builtin or a test, what ran was not traced
    return traced if traced and not XTRACE_BUILTIN.match(traced) else None


# Jenkins prints each process a build step starts as "[<workspace>] $ <command line>" (hudson.Launcher's
# printCommandLine): a freestyle Maven or shell step that echoes nothing else names its command there
# (steps.JENKINS_LAUNCH, the pattern step scoping reads too).


_FIRST_ERROR_WINS = ("compile_error", "type_error", "syntax_error")
# a compiler's diagnostic: "error" or "error C2143:" / "error TS2304:" after the place (gcc, clang, MSVC, javac, ...)
_DIAGNOSTIC = lazy_re(r"[:)]\s*(?:fatal )?error(?: [A-Z]+\d+)?\s*:", re.I)


# A `uses:` step is named by its action (`Run owner/repo@ref`); what it ran is echoed by @actions/exec as
# "[command]<program> <args>" (https://github.com/actions/toolkit/tree/main/packages/exec), and the runner names
# the program that failed: "##[error]The process '<program>' failed with exit code N".
_ACTION_REF = lazy_re(r"^[\w.-]+/[\w./-]+@[\w./-]+$")
_EXEC_ECHO = lazy_re(r"^\[command\](?P<command>\S.*)$")
_PROCESS_FAILED = lazy_re(r"The process '(?P<program>[^']+)' failed with exit code")


# A composite action's own steps show in the job log as steps of their own after the action's `Run owner/repo@ref`
# header (which prints its `with:` inputs and no output). Only such a step can use the action's own folder
# (GITHUB_ACTION_PATH, `${{ github.action_path }}`: "only supported in composite actions",
# https://docs.github.com/actions/reference/variables-reference), which the runner checks out under
# `_actions/<owner>/<repo>/<ref>/`.
_ACTION_HEADER = lazy_re(r"^Run (?P<ref>[\w.-]+/[\w./-]+@[\w./-]+|\./[\w./-]+)$")
_ACTION_FOLDER = lazy_re(r"/_actions/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/(?P<ref>[\w.-]+)(?:/|\b)")


def _composite_action(sections: list[Section], failing: Section | None, scope) -> str | None:
    """The composite action a failing step belongs to, as the workflow's `uses:` names it, when the step uses the
    action's own folder: the action header the folder's path names, else the nearest header above the step that
    printed nothing of its own (the composite's, its steps following it)."""
    if failing is None or scope is None or not scope.script:
        return None
    script = "\n".join(scope.script)
    folder = _ACTION_FOLDER.search(script)
    if folder is None and "GITHUB_ACTION_PATH" not in script and "github.action_path" not in script:
        return None
    at = next((i for i, sec in enumerate(sections) if sec is failing), None)
    if at is None:
        return None
    for sec in reversed(sections[:at]):
        m = _ACTION_HEADER.match(sec.name or "")
        if m is None:
            continue
        ref = m.group("ref")
        if folder is not None:
            owner, repo, version = folder.group("owner", "repo", "ref")
            if ref.startswith(f"{owner}/{repo}") and ref.endswith(f"@{version}"):
                return ref
        elif sec.header_end and sec.header_end >= sec.end_line:
            return ref
    return f"{folder.group('owner')}/{folder.group('repo')}@{folder.group('ref')}" if folder is not None else None


# An action whose input is the command line it runs (GabrielBB/xvfb-action's `run:`, a retry action's `command:`):
# the header prints it under `with:` ("  run: yarn nps check.ci").
_COMMAND_INPUT = lazy_re(r"^\s+(?:run|command|commands|script|cmd):\s+(?P<value>\S.*\S)\s*$")


def _command_inputs(failing: Section | None) -> list[str]:
    """The command-line inputs (`run:`, `command:`, `script:`, `cmd:`) the failing action step's header shows."""
    if failing is None or not failing.header_end:
        return []
    found, inside = [], False
    for n, raw in failing.text_lines():
        if n > failing.header_end:
            break
        text = clean_line(decode(raw)).text
        if text.strip() == "with:":
            inside = True
        elif inside and not text.startswith(" "):
            break
        elif inside and (m := _COMMAND_INPUT.match(text)) and len(m.group("value").split()) > 1:
            found.append(m.group("value"))
    return found


def _action_command(scope, inputs: list[str] = ()) -> str | None:
    """The command an action step ran and failed on, when the action's input is that command line (the labeling
    guide: a wrapper action is named by the command it was given; any other action by its ref): the input the
    `[command]` echo of the program the runner says failed runs (the last such echo before that verdict; an
    action's clean-up commands after it are not the cause)."""
    if scope is None or not _ACTION_REF.match(scope.command.strip()):
        return None
    echoes, failed = [], None
    for _, text in scope.lines:
        m = _EXEC_ECHO.match(text)
        if m:
            echoes.append(m.group("command").strip())
            continue
        f = _PROCESS_FAILED.search(text)
        if f and failed is None:
            failed = f.group("program")
            break
    if not failed:
        return None  # the action failed on its own terms (a linter's findings, a setup that was cancelled): it stands
    named = [c for c in echoes if c == failed or c.startswith(failed + " ") or c.startswith(f'"{failed}" ')]
    if not named:
        return None
    given = [value for value in inputs if " ".join(value.split()) in " ".join(named[-1].split())]
    return given[0] if given else None  # a tool action that failed running its tool is named by its ref


# npm announces each package script it runs (npm-run-script, https://docs.npmjs.com/cli/commands/npm-run-script):
# "> <name>@<version> <script>" (npm 6 and pnpm add the package's directory), then "> <the script's command line>".
# `npm test`, `npm start`, `npm stop` and `npm restart` run their scripts without `run`.
_NPM_BANNER = lazy_re(r"^> (?:@[\w.-]+/)?[\w.-]+@\d[\w.+-]* (?P<script>[\w:.-]+)(?: \S.*)?$")
_NPM_SHORT = ("test", "start", "stop", "restart")
# lifecycle scripts npm runs itself while installing (https://docs.npmjs.com/cli/using-npm/scripts#life-cycle-scripts)
_NPM_INSTALL_HOOKS = ("preinstall", "install", "postinstall", "prepare", "prepublish", "preprepare", "postprepare")


def _npm_script(scope) -> str | None:
    """The package script npm was running when the text ends, when nothing else names the failing command: the
    last "> name@version script" banner followed by its "> command" line."""
    lines = scope.lines if scope is not None else []
    for i in range(len(lines) - 2, -1, -1):
        m = _NPM_BANNER.match(lines[i][1].strip())
        if m and lines[i + 1][1].strip().startswith("> "):
            script = m.group("script")
            if script in _NPM_INSTALL_HOOKS:
                return None  # a package's install hook runs under `npm install` / `npm ci`, which the text does not say
            return f"npm {script}" if script in _NPM_SHORT else f"npm run {script}"
    return None


def _launched(scope) -> str | None:
    """The last command Jenkins says it started in the failing scope, if any."""
    for _, text in reversed(scope.lines if scope is not None else []):
        m = JENKINS_LAUNCH.match(text)
        if m:
            return m.group("cmd").strip()[:300]
    return None


def _tool_locations(report) -> list[dict]:
    """The tool's own file:line places, the first error's first (cause before symptom)."""
    if report is None:
        return []
    from .extract import checkout_relative

    out = []
    first = report.first_error
    # the failing tests' own places lead the first error's (a pytest test's entry above the code that raised)
    places = list(report.test_places) + ([first.groups] if first is not None and "file" in first.groups else []) + [
        {"file": loc["file"], **{k: str(loc[k]) for k in ("line", "col") if k in loc}}
        for loc in report.locations
    ]
    for g in places:
        rel, inside = checkout_relative(g["file"])
        if not rel:
            continue
        # a place without a line (a formatter's file list, a file a diff names) is still where to look
        loc = {"file": rel[:300], "line": int(g["line"]), "in_repo": inside} if g.get("line") else {"file": rel[:300], "in_repo": inside}
        if g.get("line") and g.get("col"):
            loc["col"] = int(g["col"])
        out.append(loc)
    return out


# A test file, not the code under test: pytest's and unittest's names, JS runners' `*.test.ts`/`*.spec.js`, tests folders.
_TEST_PATH = lazy_re(r"(?:^|/)(?:tests?|__tests__|spec|e2e)/|(?:^|/)test_[^/]*\.py$|_test\.py$|(?:^|/)conftest\.py$|"
                        r"\.(?:test|spec|stories)\.[cm]?[jt]sx?$|^(?:node:)?internal/")
_SOURCE = lazy_re(r"^(?P<path>[\w./@-]+?)\.(?P<ext>py|[cm]?[jt]sx?)$")


def _source_module(locations: list[dict]) -> str | None:
    """The repository's own module a test failure or crash was raised in: the first placed location in the
    checkout that is Python or JavaScript/TypeScript source and not a test file, named as its language imports it
    (``pkg.sub.mod`` for ``src/pkg/sub/mod.py``; ``lib/ops/entity`` for ``lib/ops/entity.ts``)."""
    for loc in locations:
        m = _SOURCE.match(loc["file"])
        if not loc.get("in_repo") or not loc.get("line") or not m or _TEST_PATH.search(loc["file"]):
            continue
        path = m.group("path").lstrip("./") if m.group("path").startswith("./") else m.group("path")
        if m.group("ext") != "py":
            return path
        parts = [p for p in path.split("/") if p]
        if parts and parts[0] == "src":
            parts = parts[1:]  # the src layout: the package starts below src/
        if parts and parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(p.isidentifier() for p in parts):
            return ".".join(parts)
    return None


# pytest's captured log lines, in its default log_format "%(levelname)-8s %(name)s:%(filename)s:%(lineno)d %(message)s"
# (https://docs.pytest.org/en/stable/how-to/logging.html): a logger named by the convention
# ``logging.getLogger(__name__)`` is the dotted module that logged, its last part the file's stem.
_PYTEST_LOG = lazy_re(r"^(?P<level>WARNING|ERROR|CRITICAL) +(?P<logger>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+):(?P<stem>\w+)\.py:\d+ ")


def _logged_module(scope) -> str | None:
    """The module under test that logged a warning or error while the failing tests ran (pytest's captured log):
    the first ERROR/CRITICAL logger, else the first WARNING one, named ``__name__``-style (its last part the file's
    stem), that the step also names outside its log lines (the test's import or ``patch('pkg.mod.X')`` that pytest
    quotes) and that is not an installed package (``site-packages/<top>/``)."""
    if scope is None:
        return None
    logged: list[tuple[int, str]] = []
    for _, text in scope.lines:
        if " " in text[:9] and ".py:" in text:
            m = _PYTEST_LOG.match(text)
            if m and m.group("logger").rsplit(".", 1)[-1] == m.group("stem"):
                logged.append((0 if m.group("level") != "WARNING" else 1, m.group("logger")))
    for _, name in sorted(logged, key=lambda x: x[0]):
        top = name.split(".", 1)[0]
        named = any(name in text and not _PYTEST_LOG.match(text) for _, text in scope.lines)
        installed = any(f"-packages/{top}/" in text for _, text in scope.lines)
        if named and not installed:
            return name
    return None


# The package of a JavaScript monorepo whose script failed, as the workspace runners name it:
#   npm 7-9  "npm ERR!   in workspace: @scope/pkg@1.0.0"; npm 10 "npm error workspace @scope/pkg@1.0.0"
#            (npm/cli lib/utils/exit-handler.js, the workspace a lifecycle script failed in)
#   pnpm     " ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  @scope/pkg@1.0.0 test: `jest`" (also _EXEC_ and _RUN_, `pnpm -r`)
#   yarn 2+  "➤ YN0000: The command failed in workspace @scope/pkg@workspace:packages/pkg with exit code 1"
#   lerna    "lerna ERR! npm run test exited 1 in '@scope/pkg'"
#   turbo    "@scope/pkg:build: ERROR: command finished with error: ..." (1.x), "@scope/pkg#build: command (dir) ... exited (1)" (2.x)
#   nx       "Failed tasks:" then "- pkg:test"
_WORKSPACE_FAILED = lazy_re(
    r"^npm (?:ERR!|error) +(?:in )?workspace:? (?P<npm>@?[\w.-]+(?:/[\w.-]+)?)(?:@\S*)?\s*$|"
    r"^\s*ERR_PNPM_RECURSIVE_(?:RUN|EXEC)_FIRST_FAIL\s+(?P<pnpm>@?[\w.-]+(?:/[\w.-]+)?)@\S* [\w:.-]+: |"
    r"The command failed in workspace (?P<yarn>@?[\w.-]+(?:/[\w.-]+)?)@workspace:|"
    r"^lerna ERR! .+ exited -?\d+ in '(?P<lerna>@?[\w.-]+(?:/[\w.-]+)?)'|"
    r"^(?P<turbo>@?[\w.-]+(?:/[\w.-]+)?)(?::[\w:-]+: ERROR: command finished with error|#[\w:-]+: command \(.*\) .* exited \(\d+\))"
)
_NX_FAILED_TASK = lazy_re(r"^\s*- (?P<nx>@?[\w.-]+(?:/[\w.-]+)?):[\w:-]+\s*$")


def _failed_workspace(scope) -> str | None:
    """The workspace package the failing script ran in (a monorepo's npm/pnpm/yarn/lerna/turbo/nx run), when nothing
    closer (a build module a tool named, the source module a test failed in) named the module."""
    if scope is None:
        return None
    nx_list = False
    for _, text in scope.lines:
        if nx_list:
            m = _NX_FAILED_TASK.match(text)
            if m:
                return m.group("nx")
            nx_list = not text.strip()  # the list follows a blank line; anything else ends it
        if text.strip() == "Failed tasks:":
            nx_list = True
            continue
        if "workspace" in text or "FIRST_FAIL" in text or " exited " in text or "ERROR: command finished" in text:
            m = _WORKSPACE_FAILED.search(text)
            if m:
                return next(v for v in m.groupdict().values() if v)
    return None


def _go_test_dir(locations: list[dict]) -> str | None:
    """A Go package is a directory: the checkout folder of the first placed ``_test.go`` file is the failing test's
    package when go test never printed its ``FAIL<TAB>pkg`` line (a log cut short, a run killed by its timeout)."""
    for loc in locations:
        if loc.get("in_repo") and loc.get("line") and loc["file"].endswith("_test.go") and "/" in loc["file"]:
            return loc["file"].rsplit("/", 1)[0]
    return None


def _swift_target(locations: list[dict]) -> str | None:
    """The SwiftPM target of the first error (its sources live in Sources/<Target>/)."""
    from .tools import _SWIFT_TARGET

    for loc in locations:
        m = _SWIFT_TARGET.search(loc["file"])
        if m and loc.get("in_repo"):
            return m.group("target")
    return None


# A traceback frame in an installed package ('  File ".../site-packages/pkg/sub/mod.py", line 12, in f').
# pytest prints such an entry with its absolute path: "/opt/.../site-packages/pkg/mod.py:12: in f" (a tox or
# `pip install .` run tests the installed copy).
_INSTALLED_FRAME = lazy_re(r'^\s*File "[^"]*[\\/](?:site|dist)-packages[\\/](?P<path>[\w\\/]+)\.py", line \d+|'
                           r'^(?:\S*[\\/])?(?:site|dist)-packages[\\/](?P<entry>[\w\\/]+)\.py:\d+: ')
# The checkout folder names the repository: /home/runner/work/<repo>/<repo>/, D:\a\<repo>\<repo>\, /__w/<repo>/<repo>/,
# /Users/runner/work/<repo>/<repo>/, /home/travis/build/<owner>/<repo>/.
_REPO_FOLDER = lazy_re(
    r"(?:/home/runner/work/|/Users/runner/work/|/__w/|[A-Za-z]:[\\/]a[\\/])(?P<repo>[\w.-]+)[\\/](?P=repo)(?:[\\/]|\s|$)|"
    r"/home/travis/build/[\w.-]+/(?P<travis>[\w.-]+)(?:/|\s|$)"
)


def _package_key(name: str) -> str:
    """A distribution or repository name as Python's import name is usually spelled (PEP 503 normalisation, `_`)."""
    key = re.sub(r"[-_.]+", "_", name.lower())
    for prefix in ("python_", "py_"):
        key = key[len(prefix):] if key.startswith(prefix) and len(key) > len(prefix) else key
    for suffix in ("_python", "_py"):
        key = key[:-len(suffix)] if key.endswith(suffix) and len(key) > len(suffix) else key
    return key


def _installed_own_module(scope) -> str | None:
    """The repository's own package, installed into site-packages (``pip install .`` before a smoke test): the
    innermost frame of the step's first traceback in a package named as the repository is (``kiteML`` ->
    ``kiteml``), named as Python imports it (``kiteml.preprocessing.pipeline``). Installed packages that are not
    the repository's own are someone else's code, never the module under test."""
    if scope is None:
        return None
    repo = None
    inner = None
    for _, text in scope.lines:
        if repo is None and any(k in text for k in ("/work/", "/__w/", "/build/", ":\\a\\", ":/a/")):
            m = _REPO_FOLDER.search(text)
            if m:
                repo = _package_key(m.group("repo") or m.group("travis"))
        if "-packages" in text and ("File " in text or ".py:" in text):
            m = _INSTALLED_FRAME.match(text)
            if m:
                parts = re.split(r"[\\/]", m.group("path") or m.group("entry"))
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                if repo and parts and _package_key(parts[0]) == repo and all(p.isidentifier() for p in parts):
                    inner = ".".join(parts)
        elif inner is not None and text[:1] not in (" ", "\t", ">", "_") and text.strip():
            return inner  # the exception line (pytest's "E   Exc: ...") ends the first traceback through the package
    return inner


def _suite_of(tests: list[str], report) -> str | None:
    """The example group the failing RSpec examples share; else the top-level ``describe`` block of the first
    failing JS test that names one (jest/vitest/Playwright ids read ``file > Suite > ... > test`` or ``Suite › test``;
    mocha's failure list names it first): the unit the suite tests, when no source module was placed."""
    from .tools import JS_TEST_TOOLS

    if report is not None and report.suite:
        return report.suite
    if report is None or not tests or not any(t in JS_TEST_TOOLS for t in report.tools):
        return None
    for test in tests:
        # vitest joins the titles with " > ", jest's "●" heading and Playwright with " › "
        parts = [p.strip() for p in _TITLE_SEP.split(test)]
        if parts and re.search(r"\.[cm]?[jt]sx?$|:\d+:\d+$", parts[0]):
            parts = parts[1:]  # the test file (Playwright adds ":line:col")
        if len(parts) >= 2:
            return parts[0]
    return None


_TITLE_SEP = lazy_re(r"\s+[>›]\s+")


def _dedupe_locations(locations: list[dict]) -> list[dict]:
    """Each place once; a file without a line is dropped when the list also places it at a line."""
    placed = {loc["file"] for loc in locations if loc.get("line")}
    seen, out = set(), []
    for loc in locations:
        key = (loc["file"], loc.get("line"))
        if key not in seen and (loc.get("line") or loc["file"] not in placed):
            seen.add(key)
            out.append(loc)
    return out[:20]


def _around(record) -> list[bytes]:
    """The raw context lines kept around a candidate line (before, then after)."""
    after = record.after.lstrip(b"\r\n")
    return split_lines(record.before) + split_lines(after)


def _fingerprint_evidence(category: str, spec: Specifics, keys: list[KeyLine], novel: list[dict]) -> list[str]:
    primary = spec.modules if category == "missing_dependency" else spec.tests if category == "test_failure" else []
    if primary:
        return primary[:10]
    lines = [k.text for k in keys if k.category == category][:3]
    if not lines:
        lines = [k.text for k in keys][:3] or [n["text"] for n in novel[-3:]]
    return lines


def _suggest(hint: str, spec: Specifics) -> str:
    values = {
        "module": ", ".join(spec.modules[:5]),
        "test": ", ".join(spec.tests[:3]),
        "file": next((f"{loc['file']}:{loc['line']}" if loc.get("line") else loc["file"]
                      for loc in spec.locations if loc.get("in_repo")), ""),
        "command": spec.command or "",
        "timeout_minutes": f"{spec.timeout_minutes:g} minutes" if spec.timeout_minutes is not None else "",
        "docker_stage": spec.docker_stage or "",
        "exit_code": "" if spec.exit_code is None else str(spec.exit_code),
    }
    filled = {k: (v or _MISSING[k]) for k, v in values.items()}
    try:
        return hint.format_map(_Default(filled))[:1000]
    except (ValueError, IndexError):
        return hint[:1000]


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _context(ranked: list) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for ev, line, _, _, _ in ranked[:MAX_CONTEXT_BLOCKS]:
        if ev is None:
            continue
        rec = ev.record
        before = split_lines(rec.before)
        after_raw = rec.after
        if after_raw.startswith(b"\r\n"):
            after_raw = after_raw[2:]
        elif after_raw[:1] in (b"\n", b"\r"):
            after_raw = after_raw[1:]
        after = split_lines(after_raw)
        lines = [(line - len(before) + i, b) for i, b in enumerate(before)]
        lines.append((line, rec.raw))
        lines += [(line + 1 + i, b) for i, b in enumerate(after)]
        entries = [{"line": n, "text": display_text(b)[:500]} for n, b in lines if n >= 1]
        if not entries:
            continue
        start, end = entries[0]["line"], entries[-1]["line"]
        merged = False
        for blk in blocks:
            if start <= blk["end"] + 1 and end >= blk["start"] - 1:
                known = {e["line"]: e for e in blk["lines"]}
                for e in entries:
                    known.setdefault(e["line"], e)
                blk["lines"] = [known[k] for k in sorted(known)]
                blk["start"], blk["end"] = blk["lines"][0]["line"], blk["lines"][-1]["line"]
                merged = True
                break
        if not merged:
            blocks.append({"start": start, "end": end, "lines": entries})
    return sorted(blocks, key=lambda b: b["start"])


def _steps(sections: list[Section], failing: Section | None) -> list[dict[str, Any]]:
    out = []
    for sec in sections[-MAX_STEPS_LISTED:]:
        out.append(
            {
                "name": sec.name,
                "kind": sec.kind,
                "start_line": sec.start_line,
                "end_line": sec.end_line,
                "exit_code": sec.exit_code,
                "errors": sec.errors,
                "failing": sec is failing,
            }
        )
    return out


def analyze_jobs(
    jobs: Iterable[Mapping[str, Any]],
    *,
    kb: KnowledgeBase | None = None,
    workflow: str = "",
) -> Analysis:
    """Analyze several failed jobs of one run; return the primary cause.

    Each job is a mapping with ``name`` and ``log`` and optionally ``failed_step``,
    ``failed_step_position`` and ``baseline``. ``log`` and ``baseline`` may be zero-argument callables returning the
    source (e.g. opening a file or a download): each is called just before its job is analysed
    and what it returns is closed right after, so only one job's logs are open at a time. The primary job is the one whose failure is most likely the
    root cause: a cancelled job (fail-fast) or an unclassified one yields to a
    classified one, then the highest confidence wins, then the earliest job.
    The others are listed in ``related_jobs``.
    """
    kb = kb or default_kb()
    results: list[Analysis] = []
    for job in jobs:
        with _opened(job.get("log", "")) as log, _opened(job.get("baseline")) as baseline:
            results.append(
                analyze(
                    log,
                    kb=kb,
                    baseline=baseline,
                    workflow=workflow,
                    job=job.get("name", ""),
                    failed_step=job.get("failed_step"),
                    failed_step_position=job.get("failed_step_position"),
                )
            )
    if not results:
        return analyze("", kb=kb, workflow=workflow)
    order = sorted(
        range(len(results)),
        key=lambda i: (
            results[i].category not in ("cancelled", UNKNOWN),
            results[i].category != UNKNOWN,
            results[i].confidence,
            -i,
        ),
        reverse=True,
    )
    primary = results[order[0]]
    primary.related_jobs = [
        {
            "job": results[i].failed_job,
            "category": results[i].category,
            "confidence": results[i].confidence,
            "fingerprint": results[i].fingerprint,
            "failed_step": results[i].failed_step,
        }
        for i in order[1:]
    ]
    return primary


@contextmanager
def _opened(source: Any) -> Iterator[Any]:
    """``source`` itself, or what a callable ``source`` returns, closed after use."""
    if not callable(source):
        yield source
        return
    opened = source()
    try:
        yield opened
    finally:
        close = getattr(opened, "close", None)
        if close is not None:
            close()
